"""The upload form of every import (the file's checks are in ``reading.py``)."""

from django import forms
from django.template.defaultfilters import filesizeformat

from evaluation.evidence.uploads import max_upload_bytes


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet to import",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "An Excel spreadsheet (.xlsx) or a CSV file, at most "
            f"{filesizeformat(max_upload_bytes())}, laid out like the template."
        )
