"""Forms for outcomes: theory of change versions and statements, outcome indicators
and contribution claims."""

from django import forms
from django.db.models import Q

from coproduce.forms import EditVersionMixin, PositionField
from evaluation.evidence.forms import DATE_WIDGET, QuoteChoiceField
from evaluation.models import (
    ContributionClaim,
    Document,
    OutcomeIndicator,
    Quote,
    TheoryStatement,
    TheoryVersion,
)
from projects.models import (
    Programme,
    Project,
)


class ClaimForm(EditVersionMixin, forms.ModelForm):
    quotes = QuoteChoiceField(
        queryset=Quote.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Quotes as evidence",
    )
    documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Documents as evidence",
    )

    class Meta:
        model = ContributionClaim
        fields = ["indicator", "status", "contribution", "narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, project: Project, quotes, **kwargs):
        super().__init__(*args, **kwargs)
        # Retired indicators are not offered, except the one this claim is made
        # against.
        in_use = Q(retired_at__isnull=True)
        if self.instance.pk:
            in_use |= Q(pk=self.instance.indicator_id)
        self.fields["indicator"].queryset = OutcomeIndicator.objects.filter(
            in_use, programme_id=project.programme_id
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


class TheoryVersionForm(forms.ModelForm):
    class Meta:
        model = TheoryVersion
        fields = ["title", "dated", "note"]
        widgets = {"dated": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}


class StatementForm(forms.ModelForm):
    class Meta:
        model = TheoryStatement
        fields = ["position", "if_text", "then_text", "when_text", "because_text"]
        field_classes = {"position": PositionField}
        widgets = {
            "if_text": forms.Textarea(attrs={"rows": 2}),
            "then_text": forms.Textarea(attrs={"rows": 2}),
            "when_text": forms.Textarea(attrs={"rows": 4}),
            "because_text": forms.Textarea(attrs={"rows": 4}),
        }


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = OutcomeIndicator
        fields = ["name", "description", "statement", "position"]
        field_classes = {"position": PositionField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].queryset = TheoryStatement.objects.filter(
            version__programme=programme
        ).select_related("version")
        self.fields["statement"].required = False
        self.fields["position"].required = False
        self.fields["position"].help_text = (
            "Its place in the list. Leave empty to put a new indicator at the end; "
            "the list page moves indicators up and down too."
        )
