from django import forms

from coproduce.forms import EditVersionMixin
from coproduce.text import TEXT_LIMIT
from projects.models import (
    AccessRole,
    Organisation,
    Programme,
    Project,
    ProjectStatus,
    Stakeholder,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "slug",
            "brief",
            "partners",
            "status",
            "status_reason",
            "start_date",
            "target_end_date",
            "cycle_part",
            "involvement_aim",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "target_end_date": DATE_WIDGET,
            "brief": forms.Textarea(attrs={"rows": 4}),
            "status_reason": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.CheckboxSelectMultiple(
                attrs={"data-choice-filter": "organisations"}
            ),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields["slug"]
        slug.label = "Web address (slug)"
        if editing:
            slug.help_text = (
                "Changing this changes the project's web address and the name report "
                "commands use. Links to the old address will keep working."
            )
            slug.widget.attrs["aria-describedby"] = "id_slug_helptext"
        else:
            slug.required = False
            slug.help_text = (
                "Made from the title as you type it (you can change it). Used in web "
                "addresses and report commands."
            )
            slug.widget.attrs["data-slug-from"] = "id_title"
        self.fields[
            "partners"
        ].help_text = "Tick each partner organisation (as many as you need)."
        if editing:
            # The brief changes through "Revise brief" so every version is kept.
            del self.fields["brief"]

    def clean_slug(self):
        # Left empty on a new project: the service makes it from the title.
        return (self.cleaned_data["slug"] or "").strip().lower()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("target_end_date")
        if start and end and end < start:
            self.add_error(
                "target_end_date", "The target end date is before the start."
            )
        if (
            data.get("status") == ProjectStatus.DISCONTINUED
            and not (data.get("status_reason") or "").strip()
        ):
            self.add_error("status_reason", "Say why the project was discontinued.")
        return data


class BriefRevisionForm(EditVersionMixin, forms.Form):
    text = forms.CharField(
        label="New design brief",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
    )
    reason = forms.CharField(
        label="Why it changed",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="For example: the workshop showed the real issue was waiting times.",
    )


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "description", "lead_organisation", "require_mfa"]


class ProgrammeSettingsForm(EditVersionMixin, forms.ModelForm):
    """A programme's name, description, lead and sign-in rule, changed in the app
    by its facilitators (the address stays as it was made)."""

    class Meta:
        model = Programme
        fields = ["name", "description", "lead_organisation", "require_mfa"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind"]


class StakeholderForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = [
            "display_name",
            "is_pseudonym",
            "role_category",
            "role_note",
            "organisation",
            "email",
            "seldom_heard_groups",
        ]
        widgets = {"seldom_heard_groups": forms.CheckboxSelectMultiple}
        labels = {"seldom_heard_groups": "Seldom-heard groups (optional)"}


class AttachStakeholderForm(forms.Form):
    stakeholder = forms.ModelChoiceField(
        queryset=Stakeholder.objects.none(), label="Person already in the programme"
    )
    joined_on = forms.DateField(required=False, widget=DATE_WIDGET)

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if queryset is not None:
            self.fields["stakeholder"].queryset = queryset


class InvolvementForm(forms.Form):
    joined_on = forms.DateField(required=False, widget=DATE_WIDGET)
    left_on = forms.DateField(required=False, widget=DATE_WIDGET)


class MembershipForm(forms.Form):
    login = forms.CharField(label="Username or email address", max_length=254)
    role = forms.ChoiceField(choices=AccessRole.choices, label="Access role")


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="Search titles", required=False, max_length=100)
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), required=False, empty_label="All programmes"
    )
    status = forms.ChoiceField(
        choices=[("", "All statuses"), *ProjectStatus.choices], required=False
    )

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes
