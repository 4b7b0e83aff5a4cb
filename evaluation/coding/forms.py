"""Forms for coding rounds: opening a round, coding its quotes, settling a
disagreement. Choices are limited to the programme and round; the services check
the same again."""

from django import forms

from coproduce.forms import DB_INTEGER_MAX, EditVersionMixin, hidden_number
from evaluation.coding.selectors import coder_label, eligible_coders
from evaluation.coding.services import MAX_QUOTES
from evaluation.evidence.forms import ThemeChoiceField, _themes
from evaluation.models import CodingRound, EvaluationStage
from projects.models import Programme, Project

NONE = "none"


class CoderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return coder_label(obj)


class RoundForm(forms.ModelForm):
    sample_size = forms.IntegerField(
        label="Random sample of this many quotes (optional)",
        required=False,
        min_value=1,
        max_value=MAX_QUOTES,
        help_text="Leave empty to code every quote that matches.",
    )
    seed = forms.IntegerField(
        label="Seed",
        required=False,
        min_value=0,
        max_value=DB_INTEGER_MAX,
        help_text="Optional. The same number draws the same sample again; one is "
        "chosen for you when you leave it empty.",
    )
    themes = ThemeChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Themes to apply",
        help_text="Coders choose among these for each quote (or say none fits).",
    )
    coders = CoderChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Coders",
        help_text="Two or more evaluators or facilitators of the programme. Each codes "
        "every quote without seeing the others' codes until they submit.",
    )

    class Meta:
        model = CodingRound
        fields = [
            "title",
            "instructions",
            "scope",
            "project",
            "stage",
            "sample_size",
            "seed",
        ]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "scope": "For a theme set, the quotes already coded to any of the themes "
            "chosen below; for a stage, the quotes said between its dates.",
            "project": "Only when the round covers one project.",
            "stage": "Only when the round covers one evaluation stage.",
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes(programme)
        self.fields["coders"].queryset = eligible_coders(programme)
        self.fields["project"].queryset = Project.objects.filter(
            programme=programme
        ).order_by("title")
        self.fields["stage"].queryset = EvaluationStage.objects.filter(
            programme=programme
        )


class CodingForm(EditVersionMixin, forms.Form):
    """One group of tick boxes per quote: the round's themes and "none of these".

    Nothing ticked leaves the quote uncoded (a missing code)."""

    def __init__(self, *args, quotes, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {str(t.pk): t for t in themes}
        choices = [(str(t.pk), t.name) for t in themes] + [
            (NONE, "None of these themes")
        ]
        self.quotes = quotes
        for quote in quotes:
            self.fields[self.name_for(quote)] = forms.MultipleChoiceField(
                label=f"Themes for quote {quote.pk}",
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple(
                    attrs={"class": "form-check-input"}
                ),
            )

    @staticmethod
    def name_for(quote) -> str:
        return f"quote_{quote.pk}"

    @staticmethod
    def initial_for(quotes, codes: dict) -> dict:
        """The form's starting ticks from a coder's saved codes."""
        initial = {}
        for quote in quotes:
            given = codes.get(quote.pk)
            if given is not None:
                initial[CodingForm.name_for(quote)] = [str(pk) for pk in given] or [
                    NONE
                ]
        return initial

    def clean(self):
        cleaned = super().clean()
        for quote in self.quotes:
            name = self.name_for(quote)
            ticked = cleaned.get(name) or []
            if NONE in ticked and len(ticked) > 1:
                self.add_error(name, "Tick themes or “None of these themes”, not both.")
        return cleaned

    def codes(self) -> dict:
        """Quote id to the themes applied ([] for none, None for not coded)."""
        result = {}
        for quote in self.quotes:
            ticked = self.cleaned_data.get(self.name_for(quote)) or []
            if not ticked:
                result[quote.pk] = None
            elif NONE in ticked:
                result[quote.pk] = []
            else:
                result[quote.pk] = [self.themes[pk] for pk in ticked]
        return result

    def rows(self):
        """(quote, bound field) pairs for the template."""
        return [(q, self[self.name_for(q)]) for q in self.quotes]


class SettlementForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label="Agreed themes",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave every box empty when none of the round's themes fits.",
    )
    reason = forms.CharField(
        label="Why these codes",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the coders agreed on, and why.",
    )
    seen_settlement = hidden_number()

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme_map = {str(t.pk): t for t in themes}
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]

    def chosen_themes(self):
        return [self.theme_map[pk] for pk in self.cleaned_data["themes"]]
