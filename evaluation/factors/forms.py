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


class FactorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.group.name}: {obj.name}"


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


class ObservationForm(EditVersionMixin, forms.ModelForm):
    factor = FactorChoiceField(
        queryset=Factor.objects.none(),
        required=False,
        empty_label="Not linked yet",
        help_text="The catalogue factor this observation is an example of.",
    )
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
        self.fields["factor"].queryset = Factor.objects.filter(
            group__programme_id=project.programme_id
        ).select_related("group")
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
    """The short + / − entry of the stage table (graded later by evaluators)."""

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
