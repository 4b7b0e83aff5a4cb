"""Forms for the decision log. Choices are limited to the project in hand; the
services check the same again and every rule across fields."""

from django import forms

from coproduce.forms import EditVersionMixin
from coproduce.text import TEXT_LIMIT
from evaluation.decisions import selectors
from evaluation.evidence.forms import DATE_WIDGET, QuoteChoiceField
from evaluation.models import Decision, DecisionInput
from projects.access import Access
from projects.models import Project, RoleCategory


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.get_role_category_display()})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.get_role_category_display()})"


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return (
            f"Round {obj.number}: {obj.version.framework.name} ({obj.held_on:%d %b %Y})"
        )


class DecisionForm(EditVersionMixin, forms.ModelForm):
    options = forms.CharField(
        label="Options considered",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One option a line, including the one chosen. Leave it empty if "
        "no other option was considered.",
    )
    decided_by_roles = forms.MultipleChoiceField(
        label="Roles of the people who decided",
        choices=RoleCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decided_by = PeopleChoiceField(
        label="People who decided (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Decision
        fields = [
            "title",
            "decided_on",
            "stage",
            "activity",
            "options",
            "method",
            "method_note",
            "decided_by_roles",
            "decided_by",
            "detail",
        ]
        widgets = {
            "decided_on": DATE_WIDGET,
            "method": forms.RadioSelect,
            "detail": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "method_note": "Needed when it was decided another way; otherwise "
            "optional, for example 'seven votes to two'.",
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = selectors.decision_activities(project)
        self.fields["activity"].required = False
        self.fields["activity"].empty_label = "None: it did not come out of one"
        self.fields["decided_by"].queryset = selectors.decision_people(project)
        self.fields["method"].choices = [
            c for c in self.fields["method"].choices if c[0]
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["options"] = "\n".join(self.instance.options or [])
            self.initial["decided_by"] = [p.pk for p in self.instance.decided_by.all()]

    def clean_options(self) -> list[str]:
        return [line for line in self.cleaned_data["options"].splitlines()]


class DecisionInputForm(EditVersionMixin, forms.ModelForm):
    stakeholder = PersonChoiceField(
        label="A named person (optional)", queryset=None, required=False
    )
    quotes = QuoteChoiceField(
        label="Quotes as evidence",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities = forms.ModelMultipleChoiceField(
        label="Notes of these activities as evidence",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scoring_round = RoundChoiceField(
        label="Scores from this scoring round (optional)",
        queryset=None,
        required=False,
        help_text="The decision log shows how the scores moved since the round "
        "before it.",
    )

    class Meta:
        model = DecisionInput
        fields = [
            "role_category",
            "stakeholder",
            "effect",
            "account",
            "quotes",
            "activities",
            "scoring_round",
        ]
        widgets = {
            "effect": forms.RadioSelect,
            "account": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, project: Project, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = selectors.decision_people(project)
        self.fields["quotes"].queryset = selectors.decision_quotes(project, access)
        self.fields["activities"].queryset = selectors.decision_activities(project)
        self.fields["scoring_round"].queryset = selectors.decision_rounds(project)
        self.fields["effect"].choices = [
            c for c in self.fields["effect"].choices if c[0]
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["quotes"] = [q.pk for q in self.instance.quotes.all()]
            self.initial["activities"] = [a.pk for a in self.instance.activities.all()]
