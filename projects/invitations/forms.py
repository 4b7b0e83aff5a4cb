from django import forms
from django.contrib.auth.forms import UserCreationForm

from projects.models import AccessRole, Project


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="We email them a link that works once and for 14 days.",
    )
    role = forms.ChoiceField(
        choices=AccessRole.choices, label="Their role", initial=AccessRole.VIEWER
    )
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        label="Invite them to",
        empty_label="The whole programme",
    )

    def __init__(self, *args, projects=None, days: int = 14, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "email"
        ].help_text = f"We email them a link that works once and for {days} days."
        if projects is None:
            del self.fields["project"]
        else:
            self.fields["project"].queryset = projects

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class AccountForm(UserCreationForm):
    """The account an invited person makes: their name, a username and a password."""

    full_name = forms.CharField(label="Your name", max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "username"
        ].help_text = "The name you sign in with. Letters, numbers and @ . + - _ only."
        self.fields["password2"].label = "Password again"
        self.fields["password2"].help_text = "Type the same password again."

    class Meta(UserCreationForm.Meta):
        fields = ["full_name", "username"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=AccessRole.choices, label="Role")
