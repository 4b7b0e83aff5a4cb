from django import forms

from coproduce.forms import DB_INTEGER_MAX, EditVersionMixin
from logicmodels.models import (
    CLOSING_CHECKS,
    ITEM_MAX_LENGTH,
    Anticipation,
    Effect,
    LogicModelVersion,
    ModelKind,
    Section,
)
from logicmodels.services import QUESTION_MAX_LENGTH, REFLECTION_FIELDS

ITEM_ERRORS = {
    "max_length": (
        "Keep items short: %(limit_value)d characters at most (this one has "
        "%(show_value)d). Split it in two, or put the detail in the reflection."
    ),
}
EMPTY_ITEM = "Write something in this item, or use its Remove button to delete it."
# A section holds at most this many items (the formset refuses more).
MAX_ITEMS = 400
ROW_FIELDS = ("origin", "text", "anticipation", "effect")
ROW_VERBS = ("add", "up", "down", "remove")


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


class VersionForm(EditVersionMixin, forms.ModelForm):
    """Reflections and closing checks of a draft, plus the lost-update guard."""

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
        required=False,
        error_messages=ITEM_ERRORS,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean(self):
        # A blank new row is left out; blanking a saved item is a mistake to point
        # out (removing it is a button of its own).
        data = super().clean()
        if not data.get("text") and not self.has_error("text"):
            if data.get("origin") or data.get("anticipation") or data.get("effect"):
                self.add_error("text", EMPTY_ITEM)
        return data


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
    def _construct_form(self, i, **kwargs):
        # Each row's name for its buttons: "Move “Carers' time” up".
        form = super()._construct_form(i, **kwargs)
        text = " ".join((form["text"].value() or "").split())
        form.row_name = _name({"text": text}) if text else f"{self.prefix} item {i + 1}"
        return form


def item_formset_class(section: Section):
    """Rows in the order they are shown: moving and removing are buttons that
    re-render the rows (see ``row_action_apply``), so there are no order or delete
    fields."""
    return forms.formset_factory(
        OutcomeItemForm if section == Section.OUTCOMES else ItemForm,
        formset=BaseItemFormSet,
        extra=0,
        max_num=MAX_ITEMS,
        validate_max=True,
    )


def item_formset(section: Section, rows: list[dict], *, focus: dict | None = None):
    """An unbound formset showing ``rows`` (as typed, not yet validated).

    ``focus`` (from ``row_action_apply``) may put the focus in a row's text box.
    """
    formset = item_formset_class(section)(initial=rows, prefix=section.key)
    if focus and focus["control"] == "text" and focus["index"] is not None:
        formset.forms[focus["index"]].fields["text"].widget.attrs["autofocus"] = True
    return formset


def version_rows(version, section: Section) -> list[dict]:
    """A saved version's items in one section, as editor rows."""
    return [
        {
            "origin": item.origin,
            "text": item.text,
            "anticipation": item.anticipation,
            "effect": item.effect,
        }
        for item in version.items.all()
        if item.section == section
    ]


def item_formsets(data=None, *, version=None) -> dict:
    """One formset per section, prefixed with the section's key: bound to ``data``,
    or showing the version's items (an empty section gets one blank row)."""
    if data is not None:
        return {
            section: item_formset_class(section)(data, prefix=section.key)
            for section in Section
        }
    return {
        section: item_formset(section, version_rows(version, section) or [{}])
        for section in Section
    }


def posted_rows(data, section: Section) -> list[dict]:
    """One section's rows as the browser sent them, in order, before validation."""
    try:
        total = int(data.get(f"{section.key}-TOTAL_FORMS"))
    except (TypeError, ValueError):
        total = 0
    return [
        {name: data.get(f"{section.key}-{i}-{name}", "") for name in ROW_FIELDS}
        for i in range(max(0, min(total, MAX_ITEMS + 1)))
    ]


class RowAction:
    """One press of an add, move or remove button, read from its value:
    ``"<section key>:<verb>"`` or ``"<section key>:<verb>:<row index>"``."""

    def __init__(self, value: str):
        parts = (value or "").split(":")
        keys = {s.key: s for s in Section}
        if (
            len(parts) not in (2, 3)
            or parts[0] not in keys
            or parts[1] not in ROW_VERBS
        ):
            raise ValueError(f"Not a row action: {value!r}")
        self.section = keys[parts[0]]
        self.verb = parts[1]
        self.index = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else None
        if (self.verb == "add") != (self.index is None):
            raise ValueError(f"Not a row action: {value!r}")


def _name(row: dict) -> str:
    text = " ".join((row.get("text") or "").split())
    if not text:
        return "an empty item"
    return f"“{text if len(text) <= 60 else text[:59] + '…'}”"


def _focus(index: int | None, control: str, count: int) -> dict:
    """Where the focus goes, falling back to a control the row really has: the
    first row has no "up" button, the last no "down", a lone row neither."""
    if index is None or count == 0:
        return {"index": None, "control": "add"}
    if count == 1 and control in ("up", "down"):
        control = "text"
    elif control == "up" and index == 0:
        control = "down"
    elif control == "down" and index == count - 1:
        control = "up"
    return {"index": index, "control": control}


def row_action_apply(rows: list[dict], action: RowAction) -> tuple[list, dict, str]:
    """Add, move or remove a row: the new rows, where the focus goes
    (``{"index": n, "control": "text" | "up" | "down" | "add"}``) and a sentence
    saying what happened, for the status line."""
    rows = list(rows)
    label = action.section.label.lower()
    i = action.index
    if action.verb == "add":
        if len(rows) >= MAX_ITEMS:
            message = f"{action.section.label} can hold {MAX_ITEMS} items at most."
            return rows, _focus(None, "add", len(rows)), message
        rows.append({})
        message = f"Added {label} item {len(rows)}. Type in it, then save the draft."
        return rows, _focus(len(rows) - 1, "text", len(rows)), message
    if i is None or i >= len(rows):
        return rows, _focus(None, "add", len(rows)), "That item is no longer here."
    name = _name(rows[i])
    if action.verb == "remove":
        rows.pop(i)
        left = f"{len(rows)} item{'' if len(rows) == 1 else 's'} left"
        message = (
            f"Removed {name} from {label} ({left}). Save the draft to make it final."
        )
        return rows, _focus(min(i, len(rows) - 1), "text", len(rows)), message
    j = i - 1 if action.verb == "up" else i + 1
    if not 0 <= j < len(rows):
        edge = "first" if action.verb == "up" else "last"
        message = f"{name[0].upper()}{name[1:]} is already {edge} in {label}."
        return rows, _focus(i, action.verb, len(rows)), message
    rows[i], rows[j] = rows[j], rows[i]
    message = (
        f"Moved {name} {action.verb} to position {j + 1} of {len(rows)} in {label}."
    )
    # The focus stays on the button just used, so pressing it again moves further.
    return rows, _focus(j, action.verb, len(rows)), message


def rows_from(formset) -> list[dict]:
    """The formset's items in order, without blank new rows."""
    return [
        {
            "origin": form.cleaned_data.get("origin"),
            "text": form.cleaned_data["text"],
            "anticipation": form.cleaned_data.get("anticipation", ""),
            "effect": form.cleaned_data.get("effect", ""),
        }
        for form in formset.forms
        if form.cleaned_data.get("text")
    ]


def typed_rows(formset) -> list[dict]:
    """What the user typed, valid or not, for showing beside someone else's save."""
    rows = []
    for form in formset.forms:
        text = " ".join((form.data.get(form.add_prefix("text")) or "").split())
        if text:
            rows.append(
                {"text": text, "origin": form.data.get(form.add_prefix("origin"))}
            )
    return rows


class LinkForm(forms.Form):
    source = forms.IntegerField(label="From", min_value=0, max_value=DB_INTEGER_MAX)
    target = forms.IntegerField(label="Leads to", min_value=0, max_value=DB_INTEGER_MAX)

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
