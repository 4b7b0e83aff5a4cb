"""Forms for frameworks, rounds, links and answers. They clean input; services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.forms import EditVersionMixin
from coproduce.text import TEXT_LIMIT
from evaluation.matrix.services import (
    DEFAULT_LINK_DAYS,
    MAX_LINK_DAYS,
    MAX_UNNAMED_LINKS,
    REASON_MAX_LENGTH,
)
from evaluation.models import ScoringRound
from projects.communication.selectors import person_label
from projects.models import AccessRole, RoleCategory

DONT_KNOW = "dk"
DONT_KNOW_LABEL = _("I don't know")


class FrameworkCopyForm(forms.Form):
    source = forms.ChoiceField(label="Framework to copy")
    name = forms.CharField(
        label="Name for your copy",
        max_length=160,
        required=False,
        help_text="Leave empty to keep the original name.",
    )

    def __init__(self, *args, shipped, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"shipped:{key}", spec["name"]) for key, spec in shipped.items()]
        choices += [
            (f"framework:{f.pk}", f"{f.name} (this programme)") for f in frameworks
        ]
        self.fields["source"].choices = choices


class FrameworkEditForm(EditVersionMixin, forms.Form):
    """The whole matrix on one page: levels, dimensions with targets, and cells.

    Rows come from the version being edited plus one empty level and one empty
    dimension for adding; ``cleaned_data["spec"]`` is the new framework spec.
    """

    name = forms.CharField(max_length=160)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_LIMIT
    )
    change_note = forms.CharField(
        label="What changed and why",
        max_length=300,
        help_text="Kept with the new version so readers of old results understand.",
    )

    def __init__(self, *args, spec: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.level_count = len(spec["levels"]) + 1
        self.dimension_count = len(spec["dimensions"]) + 1
        self.initial.setdefault("name", spec["name"])
        self.initial.setdefault("description", spec.get("description", ""))
        target_choices = [("", "Choose the target level")] + [
            (str(i), f"Level {i + 1}") for i in range(self.level_count)
        ]
        for i in range(self.level_count):
            level = spec["levels"][i] if i < len(spec["levels"]) else {}
            new = not level
            self.fields[f"level_{i}_label"] = forms.CharField(
                label=f"Level {i + 1} name" + (" (new, optional)" if new else ""),
                max_length=80,
                required=False,
                initial=level.get("label", ""),
            )
            self.fields[f"level_{i}_description"] = forms.CharField(
                label=f"Level {i + 1} meaning",
                max_length=300,
                required=False,
                initial=level.get("description", ""),
            )
            if not new:
                self.fields[f"level_{i}_remove"] = forms.BooleanField(
                    label=f"Remove level {i + 1}", required=False
                )
        for j in range(self.dimension_count):
            item = spec["dimensions"][j] if j < len(spec["dimensions"]) else {}
            new = not item
            self.fields[f"dim_{j}_name"] = forms.CharField(
                label="Dimension name" + (" (new, optional)" if new else ""),
                max_length=160,
                required=False,
                initial=item.get("name", ""),
            )
            self.fields[f"dim_{j}_description"] = forms.CharField(
                label="What it means",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=item.get("description", ""),
            )
            self.fields[f"dim_{j}_target"] = forms.ChoiceField(
                label="Target (gold standard) level",
                choices=target_choices,
                required=False,
                initial=str(item["target"]) if item else "",
            )
            self.fields[f"dim_{j}_order"] = forms.IntegerField(
                label="Order",
                min_value=1,
                max_value=99,
                initial=j + 1,
                help_text="Rows are shown in this order.",
            )
            if not new:
                self.fields[f"dim_{j}_remove"] = forms.BooleanField(
                    label="Remove this dimension", required=False
                )
            cells = item.get("descriptors", [])
            for i in range(self.level_count):
                self.fields[f"cell_{j}_{i}"] = forms.CharField(
                    label=f"{item.get('name') or 'New dimension'} at level {i + 1}"
                    + (
                        f" ({spec['levels'][i]['label']})"
                        if i < len(spec["levels"])
                        else ""
                    ),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=cells[i] if i < len(cells) else "",
                )

    def level_rows(self):
        for i in range(self.level_count):
            yield {
                "index": i,
                "label": self[f"level_{i}_label"],
                "description": self[f"level_{i}_description"],
                "remove": self[f"level_{i}_remove"]
                if f"level_{i}_remove" in self.fields
                else None,
            }

    def dimension_rows(self):
        for j in range(self.dimension_count):
            yield {
                "index": j,
                "name": self[f"dim_{j}_name"],
                "description": self[f"dim_{j}_description"],
                "target": self[f"dim_{j}_target"],
                "order": self[f"dim_{j}_order"],
                "remove": self[f"dim_{j}_remove"]
                if f"dim_{j}_remove" in self.fields
                else None,
                "cells": [self[f"cell_{j}_{i}"] for i in range(self.level_count)],
            }

    def clean(self):
        data = super().clean()
        kept_levels = []
        for i in range(self.level_count):
            label = (data.get(f"level_{i}_label") or "").strip()
            if data.get(f"level_{i}_remove"):
                continue
            if not label:
                if i < self.level_count - 1:
                    self.add_error(
                        f"level_{i}_label", "Give the level a name or tick Remove."
                    )
                continue
            kept_levels.append(i)
        if len(kept_levels) < 2:
            raise forms.ValidationError("Keep at least two levels.")
        index_of = {old: new for new, old in enumerate(kept_levels)}
        dimensions = []
        for j in range(self.dimension_count):
            name = (data.get(f"dim_{j}_name") or "").strip()
            if data.get(f"dim_{j}_remove") or (
                not name and j == self.dimension_count - 1
            ):
                continue
            if not name:
                self.add_error(
                    f"dim_{j}_name", "Give the dimension a name or tick Remove."
                )
                continue
            target = data.get(f"dim_{j}_target")
            if target in (None, "") or int(target) not in index_of:
                self.add_error(
                    f"dim_{j}_target", "Choose a target among the levels you keep."
                )
                continue
            cells = []
            for i in kept_levels:
                text = (data.get(f"cell_{j}_{i}") or "").strip()
                if not text:
                    self.add_error(
                        f"cell_{j}_{i}",
                        f"Describe “{name}” at level {i + 1}.",
                    )
                cells.append(text)
            dimensions.append(
                (
                    data.get(f"dim_{j}_order") or j + 1,
                    j,
                    {
                        "name": name,
                        "description": (data.get(f"dim_{j}_description") or "").strip(),
                        "target": index_of[int(target)],
                        "descriptors": cells,
                    },
                )
            )
        if not dimensions and not self.errors:
            raise forms.ValidationError("Keep at least one dimension.")
        dimensions.sort(key=lambda item: (item[0], item[1]))
        data["spec"] = {
            "name": (data.get("name") or "").strip(),
            "description": (data.get("description") or "").strip(),
            "levels": [
                {
                    "label": data[f"level_{i}_label"].strip(),
                    "description": (data.get(f"level_{i}_description") or "").strip(),
                }
                for i in kept_levels
            ],
            "dimensions": [item for _, _, item in dimensions],
        }
        return data


class LinkOptionsMixin(forms.Form):
    link_days = forms.IntegerField(
        label="Links work for (days)",
        min_value=1,
        max_value=MAX_LINK_DAYS,
        initial=DEFAULT_LINK_DAYS,
    )
    send_email = forms.BooleanField(
        label="Email each person their link (if we have their email address)",
        required=False,
    )


class RoundOpenForm(LinkOptionsMixin, forms.ModelForm):
    invitees = forms.ModelMultipleChoiceField(
        label="Who gets a personal scoring link",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "For people without an account, such as patient representatives and young "
            "people. Signed-in members score from the round page. You can add more "
            "links later."
        ),
    )

    class Meta:
        model = ScoringRound
        fields = ["version", "held_on", "stage", "message", "closes_on"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = [
        "version",
        "held_on",
        "stage",
        "message",
        "invitees",
        "link_days",
        "closes_on",
    ]

    def __init__(self, *args, versions, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: (
            f"{v.framework.name} (version {v.number})"
        )
        self.fields["invitees"].queryset = people
        self.fields["invitees"].label_from_instance = lambda p: (
            person_label(p) + ("" if p.email else " · no email address")
        )


class RoundClosingDateForm(forms.ModelForm):
    class Meta:
        model = ScoringRound
        fields = ["closes_on"]
        widgets = {
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }


class LinksAddForm(LinkOptionsMixin, forms.Form):
    invitees = forms.ModelMultipleChoiceField(
        label="People on the project",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    count = forms.IntegerField(
        label="Also make this many unnamed links",
        min_value=0,
        max_value=MAX_UNNAMED_LINKS,
        initial=0,
        help_text="For example for a youth forum where you hand links out on the day.",
    )
    role_category = forms.ChoiceField(
        label="Role of the people getting unnamed links",
        choices=[("", "Choose a role")] + RoleCategory.choices,
        required=False,
    )
    label = forms.CharField(
        label="Name the unnamed links",
        max_length=100,
        required=False,
        help_text="For example 'Youth forum member'; a number is added to each.",
    )

    field_order = ["invitees", "count", "role_category", "label", "link_days"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitees"].queryset = people
        self.fields["invitees"].label_from_instance = person_label

    def clean(self):
        data = super().clean()
        if data.get("count") and not data.get("role_category"):
            self.add_error("role_category", "Choose the role of these people.")
        if not data.get("count") and not data.get("invitees"):
            raise forms.ValidationError(
                "Tick at least one person or ask for some unnamed links."
            )
        return data


class RenewForm(LinkOptionsMixin):
    """A new link for the same person; the old one stops working."""


class RoundCloseForm(forms.Form):
    reason = forms.CharField(
        label="Note for the record (optional)",
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text="For example 'Everyone invited has answered'.",
    )


class RoundReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this round?",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why, so people reading the results later know."
        },
        help_text=(
            "Kept with the round's history and shown to everyone who can see the "
            "results. For example 'The youth forum met after the round closed'."
        ),
    )


def _answer_choices(levels, cells: list[str] | None):
    choices = []
    for i, level in enumerate(levels):
        text = cells[i] if cells else ""
        choices.append((str(level.pk), (level, text)))
    choices.append((DONT_KNOW, (None, "")))
    return choices


def _answer_value(answer: str, levels):
    """The MatrixLevel chosen, or None for "don't know"."""
    if answer == DONT_KNOW:
        return None
    return {str(level.pk): level for level in levels}[answer]


class StepForm(forms.Form):
    """One dimension on a participant link: a level (or don't know) and a comment."""

    answer = forms.ChoiceField(
        label=_("Answer"),
        error_messages={
            "required": _("Choose the answer that fits best, or “I don't know”."),
            "invalid_choice": _("Choose one of the answers shown."),
        },
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example something that happened that shows this."),
        error_messages={
            "max_length": _("Keep your comment under 2,000 characters."),
        },
    )

    def __init__(self, *args, levels, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        self.options = [
            {"value": value, "level": level, "text": text}
            for value, (level, text) in _answer_choices(levels, cells)
        ]
        self.fields["answer"].choices = [(o["value"], o["value"]) for o in self.options]

    @property
    def level(self):
        return _answer_value(self.cleaned_data["answer"], self.levels)


def member_default_role(access_role: str | None) -> str:
    return {
        AccessRole.FACILITATOR: RoleCategory.FACILITATOR,
        AccessRole.COMMISSIONER: RoleCategory.COMMISSIONER,
        AccessRole.EVALUATOR: RoleCategory.EVALUATOR,
    }.get(access_role, "")


class MemberResponseForm(forms.Form):
    """All dimensions on one page for signed-in members."""

    role_category = forms.ChoiceField(
        label="Your role in this project",
        choices=[("", "Choose your role")] + RoleCategory.choices,
        help_text="Results are shown by role only, never by name.",
    )

    def __init__(self, *args, levels, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        self.rows = []
        for row in rows:
            pk = row.dimension.pk
            self.fields[f"answer_{pk}"] = forms.ChoiceField(
                label=row.dimension.name,
                choices=[
                    (value, value) for value, _ in _answer_choices(levels, row.cells)
                ],
                error_messages={
                    "required": "Choose an answer, or “I don't know”.",
                    "invalid_choice": "Choose one of the answers shown.",
                },
            )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=f"Comment or example for “{row.dimension.name}” (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append(
                {
                    "dimension": row.dimension,
                    "answer": self[f"answer_{pk}"],
                    "comment": self[f"comment_{pk}"],
                    "options": [
                        {"value": value, "level": level, "text": text}
                        for value, (level, text) in _answer_choices(levels, row.cells)
                    ],
                }
            )

    def answers(self) -> dict:
        return {
            row["dimension"].pk: (
                _answer_value(
                    self.cleaned_data[f"answer_{row['dimension'].pk}"], self.levels
                ),
                self.cleaned_data.get(f"comment_{row['dimension'].pk}", ""),
            )
            for row in self.rows
        }


class FrameworkTextsForm(EditVersionMixin, forms.Form):
    """The Welsh and easy-read texts of every level, dimension and cell, each shown
    under the English it carries. ``texts()`` is the shape the service takes."""

    PARTS = {
        "label": ("Name", 80),
        "name": ("Name", 160),
        "description": ("Meaning", None),
        "text": ("Description", None),
    }

    def __init__(self, *args, levels, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = []
        for level in levels:
            self.sections.append(
                self._section(
                    "level",
                    level,
                    ["label", "description"],
                    f"Level {level.number}: {level.label}",
                )
            )
        for row in rows:
            section = self._section(
                "dimension", row.dimension, ["name", "description"], row.dimension.name
            )
            section["cells"] = [
                self._section(
                    "cell",
                    row.descriptors[level.pk],
                    ["text"],
                    f"At level {level.number} ({level.label})",
                )
                for level in levels
                if level.pk in row.descriptors
            ]
            self.sections.append(section)

    def _section(self, kind, row, names, heading) -> dict:
        parts = []
        for name in names:
            english = getattr(row, name)
            label, max_length = self.PARTS[name]
            pair = []
            for suffix, language in (("cy", "in Welsh"), ("easy", "in easy read")):
                key = f"{kind}-{row.pk}-{name}_{suffix}"
                attrs = {"class": "form-control"}
                if suffix == "cy":
                    attrs["lang"] = "cy"
                field = forms.CharField(
                    label=f"{label} {language}",
                    required=False,
                    max_length=max_length,
                    initial=getattr(row, f"{name}_{suffix}"),
                    widget=forms.TextInput(attrs=attrs)
                    if max_length
                    else forms.Textarea(attrs={**attrs, "rows": 2}),
                )
                self.fields[key] = field
                pair.append(key)
            parts.append({"english": english, "label": label, "keys": pair})
        return {"kind": kind, "pk": row.pk, "heading": heading, "parts": parts}

    def level_sections(self):
        """The levels' sections with their bound fields, for the template."""
        return [self._bound(s) for s in self.sections if s["kind"] == "level"]

    def dimension_sections(self):
        return [self._bound(s) for s in self.sections if s["kind"] == "dimension"]

    def _bound(self, section) -> dict:
        return {
            **section,
            "parts": [
                {**part, "fields": [self[key] for key in part["keys"]]}
                for part in section["parts"]
            ],
            "cells": [self._bound(cell) for cell in section.get("cells", [])],
        }

    def texts(self) -> dict:
        result = {}
        for name, value in self.cleaned_data.items():
            if name == "edit_version":
                continue
            kind, pk, field = name.split("-", 2)
            result.setdefault((kind, int(pk)), {})[field] = value or ""
        return result
