"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError


class EditVersionMixin(forms.Form):
    """The hidden version an edit form was opened at (see ``coproduce.concurrency``)."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors next to their
    field, the rest at the top, so the form re-displays with what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
