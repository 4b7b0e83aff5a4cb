from django import forms

from .models import (
    CLOSING_CHECKS,
    ITEM_MAX_LENGTH,
    Anticipation,
    Effect,
    LogicModelVersion,
    ModelKind,
    Section,
)
from .services import QUESTION_MAX_LENGTH, REFLECTION_FIELDS

ITEM_ERRORS = {
    "required": "Write something in this item, or tick Remove to delete it.",
    "max_length": (
        "Keep items short: %(limit_value)d characters at most (this one has "
        "%(show_value)d). Split it in two, or put the detail in the reflection."
    ),
}


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which logic model?",
        choices=[
            (ModelKind.A_PRIORI, "A priori: what the team hopes will happen"),
            (ModelKind.POST_FACTO, "Post facto: what actually happened"),
        ],
        widget=forms.RadioSelect,
    )
    copy_a_priori = forms.BooleanField(
        label="Start the post facto model as a copy of the latest a priori model",
        required=False,
        initial=True,
        help_text="Then change what turned out differently. Ignored for a priori.",
    )


class VersionForm(forms.ModelForm):
    """Reflections and closing checks of a draft, plus the lost-update guard."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LogicModelVersion
        fields = [
            *REFLECTION_FIELDS,
            *(
                f"{key}_{part}"
                for key, _ in CLOSING_CHECKS
                for part in ("answer", "note")
            ),
        ]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 3}) for name in REFLECTION_FIELDS},
            **{
                f"{key}_note": forms.Textarea(attrs={"rows": 2})
                for key, _ in CLOSING_CHECKS
            },
            **{f"{key}_answer": forms.RadioSelect for key, _ in CLOSING_CHECKS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in CLOSING_CHECKS:
            answer = self.fields[f"{key}_answer"]
            answer.label = question
            answer.choices = [("", "Not answered yet"), *answer.choices[1:]]
            self.fields[f"{key}_note"].label = "Note"
        for section in Section:
            self.fields[
                f"{section.key}_reflection"
            ].label = f"Reflection on the {section.label.lower()}"


class ItemForm(forms.Form):
    origin = forms.UUIDField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label="Item",
        max_length=ITEM_MAX_LENGTH,
        error_messages=ITEM_ERRORS,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class OutcomeItemForm(ItemForm):
    anticipation = forms.ChoiceField(
        label="Expected?",
        choices=[("", "Not said"), *Anticipation.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    effect = forms.ChoiceField(
        label="Effect",
        choices=[("", "Not said"), *Effect.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class BaseItemFormSet(forms.BaseFormSet):
    ordering_widget = forms.NumberInput(attrs={"class": "form-control", "min": 1})

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = "Position"
        form.fields["DELETE"].label = "Remove"
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


def item_formset_class(section: Section):
    return forms.formset_factory(
        OutcomeItemForm if section == Section.OUTCOMES else ItemForm,
        formset=BaseItemFormSet,
        extra=2,
        can_order=True,
        can_delete=True,
        max_num=400,
        validate_max=True,
    )


def item_formsets(data=None, *, version=None) -> dict:
    """One formset per section, prefixed with the section's key."""
    formsets = {}
    for section in Section:
        initial = None
        if data is None and version is not None:
            initial = [
                {
                    "origin": item.origin,
                    "text": item.text,
                    "anticipation": item.anticipation,
                    "effect": item.effect,
                    "ORDER": n,
                }
                for n, item in enumerate(
                    (i for i in version.items.all() if i.section == section), start=1
                )
            ]
        formsets[section] = item_formset_class(section)(
            data, initial=initial, prefix=section.key
        )
    return formsets


def rows_from(formset) -> list[dict]:
    """The formset's items in their chosen order, without removed or blank rows."""
    return [
        {
            "origin": form.cleaned_data.get("origin"),
            "text": form.cleaned_data["text"],
            "anticipation": form.cleaned_data.get("anticipation", ""),
            "effect": form.cleaned_data.get("effect", ""),
        }
        for form in formset.ordered_forms
        if form.cleaned_data.get("text")
    ]


def typed_rows(formset) -> list[dict]:
    """What the user typed, valid or not, for showing beside someone else's save."""
    rows = []
    for form in formset.forms:
        text = " ".join((form.data.get(form.add_prefix("text")) or "").split())
        if text and not form.data.get(form.add_prefix("DELETE")):
            rows.append(
                {"text": text, "origin": form.data.get(form.add_prefix("origin"))}
            )
    return rows


class LinkForm(forms.Form):
    source = forms.IntegerField(label="From")
    target = forms.IntegerField(label="Leads to")

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        for item in items:
            groups.setdefault(Section(item.section).label, []).append(
                (item.pk, item.text)
            )
        sources = [
            (label, choices) for label, choices in groups.items() if label != "Context"
        ]
        choices = [("", "Choose an item"), *sources]
        self.fields["source"].widget = forms.Select(
            choices=[c for c in choices if c[0] != "Outcomes"],
            attrs={"class": "form-select"},
        )
        self.fields["target"].widget = forms.Select(
            choices=[c for c in choices if c[0] != "Inputs"],
            attrs={"class": "form-select"},
        )


class CribSheetForm(forms.Form):
    """Questions and reflection prompts for each section, one per line."""

    def __init__(self, *args, crib=None, **kwargs):
        super().__init__(*args, **kwargs)
        for section in Section:
            row = crib[section] if crib else None
            self.fields[f"{section.key}_questions"] = forms.CharField(
                label=f"{section.label}: guiding questions",
                required=False,
                max_length=4000,
                initial=row.questions if row else "",
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="One question per line.",
            )
            self.fields[f"{section.key}_prompts"] = forms.CharField(
                label=f"{section.label}: prompts for the reflection",
                required=False,
                max_length=4000,
                initial=row.reflection_prompts if row else "",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=f"One prompt per line, each under {QUESTION_MAX_LENGTH} "
                "characters.",
            )

    def entries(self) -> dict:
        return {
            section: {
                "questions": self.cleaned_data[f"{section.key}_questions"],
                "reflection_prompts": self.cleaned_data[f"{section.key}_prompts"],
            }
            for section in Section
        }


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label="Compare", coerce=int)
    b = forms.TypedChoiceField(label="with", coerce=int)

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.pk, v.label) for v in versions]
        for name in ("a", "b"):
            self.fields[name].choices = choices
            self.fields[name].widget.attrs["class"] = "form-select"
