"""Forms for logging activities and moving projects through the Double Diamond."""

from django import forms
from django.utils import timezone

from coproduce.dates import day_or_month_text
from coproduce.forms import DayOrMonthField, EditVersionMixin, hidden_number
from projects.communication.selectors import person_label
from projects.forms import DATE_WIDGET
from projects.models import (
    Activity,
    ActivityKind,
    DiamondStage,
    ProjectStatus,
    RoleCategory,
    StagePlan,
    Stakeholder,
    SupportKind,
)


class AttendeeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class ActivityForm(EditVersionMixin, forms.ModelForm):
    """The full activity form. Totals are not fields: they are worked out from the
    named attendees and the headcounts. The date may be a day or, when the source
    gives only that, a month ("March 2017")."""

    held_on = DayOrMonthField(
        label="Date",
        help_text="A day (12/03/2017 or 2017-03-12) or, when only the month is "
        "known, the month (March 2017).",
    )
    attendees = AttendeeField(
        queryset=Stakeholder.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"data-choice-filter": "people"}),
        label="People recorded on this project",
    )
    support = forms.MultipleChoiceField(
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Support offered so people could take part",
    )

    class Meta:
        model = Activity
        fields = [
            "held_on",
            "ends_on",
            "kind",
            "title",
            "stage",
            "purpose",
            "attendees",
            "co_constructed",
            "co_constructed_by",
            "chaired_by",
            "decided_by",
            "support",
            "support_note",
            "outputs",
            "reflection",
        ]
        widgets = {
            "ends_on": DATE_WIDGET,
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "outputs": forms.Textarea(attrs={"rows": 3}),
            "reflection": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, attendee_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["held_on"] = day_or_month_text(
                self.instance.held_on, self.instance.held_on_precision
            )
        if attendee_choices is not None:
            self.fields["attendees"].queryset = attendee_choices
        for name in ("chaired_by", "decided_by"):
            if name in self.fields:
                field = self.fields[name]
                field.choices = [("", "Not recorded")] + list(field.choices)[1:]

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean(self):
        data = super().clean()
        if data.get("held_on"):
            data["held_on"], data["held_on_precision"] = data["held_on"]
        start, end = data.get("held_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The end date is before the start date.")
        return data


class QuickActivityForm(ActivityForm):
    """The few fields shown on the project page for logging in a couple of clicks."""

    class Meta(ActivityForm.Meta):
        fields = ["held_on", "kind", "title", "stage", "attendees", "co_constructed"]


# More people than one activity could have: a number above it is a typing slip.
MAX_HEADCOUNT = 100_000
HEADCOUNT_ERRORS = {
    "min_value": "Headcounts cannot be negative.",
    "max_value": "Enter a number of people up to 100,000 (check for an extra digit).",
}


class HeadcountForm(forms.Form):
    role_category = forms.ChoiceField(
        choices=[("", "Choose a role")] + list(RoleCategory.choices),
        required=False,
        label="Role",
    )
    count = forms.IntegerField(
        min_value=0,
        max_value=MAX_HEADCOUNT,
        required=False,
        label="Number of people",
        error_messages=HEADCOUNT_ERRORS,
    )
    seldom_heard_count = forms.IntegerField(
        min_value=0,
        max_value=MAX_HEADCOUNT,
        required=False,
        label="Of whom from seldom-heard groups",
        error_messages=HEADCOUNT_ERRORS,
    )

    def clean(self):
        data = super().clean()
        role, count = data.get("role_category"), data.get("count") or 0
        seldom = data.get("seldom_heard_count") or 0
        if (count or seldom) and not role:
            self.add_error("role_category", "Choose the role of these people.")
        if seldom > count:
            self.add_error(
                "seldom_heard_count",
                "This is more than the number of people in that role.",
            )
        return data


class BaseHeadcountFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        roles = [
            form.cleaned_data.get("role_category")
            for form in self.forms
            if form.cleaned_data.get("role_category") and form.cleaned_data.get("count")
        ]
        if len(roles) != len(set(roles)):
            raise forms.ValidationError("List each role once in the headcounts.")

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


HeadcountFormSet = forms.formset_factory(
    HeadcountForm, formset=BaseHeadcountFormSet, extra=3, max_num=len(RoleCategory)
)


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(
        choices=DiamondStage.choices,
        label="Move to stage",
        widget=forms.RadioSelect,
    )
    happened_on = forms.DateField(label="Date of the change", widget=DATE_WIDGET)
    rationale = forms.CharField(
        label="Why it moved",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: testing the first idea showed we had the problem wrong.",
    )
    seen_transition = hidden_number()

    def __init__(self, *args, current_stage="", **kwargs):
        kwargs.setdefault("initial", {}).setdefault("happened_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (value, label + (" (where it is now)" if value == current_stage else ""))
            for value, label in DiamondStage.choices
        ]


class ProjectStopForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (ProjectStatus.PAUSED, "Paused: work may start again"),
            (ProjectStatus.DISCONTINUED, "Discontinued: work has ended"),
        ],
        widget=forms.RadioSelect,
        label="Stop the project",
    )
    happened_on = forms.DateField(label="Date it stopped", widget=DATE_WIDGET)
    reason = forms.CharField(
        label="Why it stopped",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seen_transition = hidden_number()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("happened_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class StagePlanForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = StagePlan
        fields = ["plan", "contribution", "achieved"]
        widgets = {
            "plan": forms.Textarea(attrs={"rows": 3}),
            "contribution": forms.Textarea(attrs={"rows": 3}),
            "achieved": forms.Textarea(attrs={"rows": 3}),
        }


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "All kinds")] + list(ActivityKind.choices),
        required=False,
        label="Kind",
    )
    stage = forms.ChoiceField(
        choices=[("", "All stages")] + list(DiamondStage.choices),
        required=False,
        label="Stage",
    )


class TimelineFilterForm(forms.Form):
    what = forms.ChoiceField(
        choices=[
            ("", "Everything"),
            ("stage", "Stage changes and stops"),
            ("brief", "Brief revisions"),
            ("activities", "All activities"),
            ("Activities of one kind", list(ActivityKind.choices)),
        ],
        required=False,
        label="Show",
    )
    stage = forms.ChoiceField(
        choices=[("", "All stages")] + list(DiamondStage.choices),
        required=False,
        label="Stage",
    )


class StalledForm(forms.Form):
    weeks = forms.IntegerField(
        min_value=1,
        max_value=104,
        required=False,
        label="No activity for at least (weeks)",
    )
