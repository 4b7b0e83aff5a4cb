from django import forms

from coproduce.forms import EditVersionMixin
from projects.models import CommunicationNeeds, InformationFormat


class CommunicationNeedsForm(EditVersionMixin, forms.ModelForm):
    formats = forms.MultipleChoiceField(
        choices=InformationFormat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Information formats they need",
    )

    class Meta:
        model = CommunicationNeeds
        fields = list(CommunicationNeeds.RECORDED_FIELDS)
        widgets = {
            "meeting_access": forms.Textarea(attrs={"rows": 2}),
            "supporter": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "format_other": "Only if you ticked 'Something else'.",
            "language_other": "Only if you chose 'Another language'.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="needs", **kwargs)
        for name in ("language", "contact_method"):
            field = self.fields[name]
            field.choices = [("", "Not recorded")] + list(field.choices)[1:]

    def clean_format_other(self):
        return self.cleaned_data["format_other"].strip()

    def clean_language_other(self):
        return self.cleaned_data["language_other"].strip()


class ArrangeForm(forms.Form):
    need = forms.CharField(max_length=24)
    note = forms.CharField(
        label="What was arranged", max_length=300, required=False, strip=True
    )
