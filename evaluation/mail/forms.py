"""The account page's email choices."""

from django import forms

from evaluation.mail.services import ACCOUNT_KINDS
from evaluation.models import MailKind


class MailPreferencesForm(forms.Form):
    """One box per kind of email sent to people with accounts; ticked means wanted."""

    def __init__(self, *args, opted_out: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in ACCOUNT_KINDS:
            self.fields[kind] = forms.BooleanField(
                label=MailKind(kind).label,
                required=False,
                initial=kind not in opted_out,
            )
