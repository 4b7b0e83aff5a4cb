"""allauth's MFA forms with labels in plain English."""

from allauth.mfa.webauthn.forms import AddWebAuthnForm as BaseAddWebAuthnForm
from django import forms


class AddWebAuthnForm(BaseAddWebAuthnForm):
    # allauth's own field has no limit; a key's name is short.
    name = forms.CharField(required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "A name to know it by"
        self.fields["name"].help_text = "For example “work laptop” or “blue key”."
        if "passwordless" in self.fields:
            self.fields["passwordless"].label = "Sign in with this alone (a passkey)"
            self.fields["passwordless"].help_text = (
                "Lets you sign in without your password, using your fingerprint, "
                "face or PIN on this device or key."
            )
