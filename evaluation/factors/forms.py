"""Forms for factors: the catalogue, factor observations (the full evaluation form
and the short + / − entry of the stage table) and the cross-case filters."""

from django import forms

from coproduce.forms import EditVersionMixin, PositionField
from evaluation.evidence.forms import QuoteChoiceField
from evaluation.models import (
    Document,
    Effect,
    Factor,
    FactorGroup,
    FactorObservation,
    Quote,
)
from projects.models import (
    DiamondStage,
    OrganisationKind,
    Programme,
    Project,
    ProjectStatus,
)


class FactorGroupForm(forms.ModelForm):
    class Meta:
        model = FactorGroup
        fields = ["name", "description", "position"]
        field_classes = {"position": PositionField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class FactorForm(forms.ModelForm):
    class Meta:
        model = Factor
        fields = ["group", "name", "description", "position"]
        field_classes = {"position": PositionField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = FactorGroup.objects.filter(programme=programme)


class GroupedFactorField(forms.ChoiceField):
    """A factor of the programme, offered under its group's heading (an optgroup
    per factor group), with "Not sure yet" first; cleans to the Factor or None."""

    def __init__(self, *, programme_id: int, empty_label="Not sure yet", **kwargs):
        factors = list(
            Factor.objects.filter(group__programme_id=programme_id).select_related(
                "group"
            )
        )
        self.factors = {str(f.pk): f for f in factors}
        groups: dict[str, list] = {}
        for factor in factors:
            groups.setdefault(factor.group.name, []).append(
                (str(factor.pk), factor.name)
            )
        super().__init__(choices=[("", empty_label)] + list(groups.items()), **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.factors.get(value) if value else None


class ObservationForm(EditVersionMixin, forms.ModelForm):
    quotes = QuoteChoiceField(
        queryset=Quote.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Quotes that show it",
    )
    documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Documents that show it",
    )

    class Meta:
        model = FactorObservation
        fields = ["text", "factor", "stage", "effect", "strength", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project: Project, quotes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor"] = GroupedFactorField(
            programme_id=project.programme_id,
            empty_label="Not linked yet",
            required=False,
            label="Factor",
            help_text="The catalogue factor this observation is an example of, "
            "listed under its group.",
        )
        self.fields["quotes"].queryset = quotes
        self.fields["documents"].queryset = Document.objects.filter(project=project)
        if self.instance.pk and not self.is_bound:
            self.initial["quotes"] = list(
                self.instance.quotes.values_list("pk", flat=True)
            )
            self.initial["documents"] = list(
                self.instance.documents.values_list("pk", flat=True)
            )


class CrossCaseFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label="Double Diamond stage",
        choices=[("", "All stages")] + list(DiamondStage.choices),
        required=False,
    )
    status = forms.ChoiceField(
        label="Project status",
        choices=[("", "All statuses")] + list(ProjectStatus.choices),
        required=False,
    )
    partner_kind = forms.ChoiceField(
        label="Partner organisation",
        choices=[("", "All kinds")] + list(OrganisationKind.choices),
        required=False,
    )


class StageEntryForm(forms.Form):
    """The short + / − entry of the stage table. The factor may be chosen here or
    left as "Not sure yet" for an evaluator to link later, when they grade it."""

    effect = forms.ChoiceField(
        choices=[
            (Effect.ENABLER, "+ It helped (enabler)"),
            (Effect.BARRIER, "− It got in the way (barrier)"),
        ],
        widget=forms.RadioSelect,
        label="Did it help or hinder?",
    )
    text = forms.CharField(
        label="What was noticed",
        max_length=300,
        help_text="One short sentence, for example: the commissioner chaired "
        "every meeting herself.",
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor"] = GroupedFactorField(
            programme_id=project.programme_id,
            required=False,
            label="Which factor is it an example of?",
            help_text="Factors are listed under their groups. Choose “Not sure yet” "
            "and an evaluator can link it later.",
        )
