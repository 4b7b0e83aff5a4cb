"""Form helpers shared by every app."""

import datetime as dt

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils import formats, timezone
from django.utils.translation import gettext

from coproduce.dates import day_or_month_parse
from coproduce.text import LONG_TEXT_LIMIT, NAME_LIMIT, TEXT_LIMIT  # noqa: F401

# The largest whole number a database integer column holds (PostgreSQL's "integer").
# Every number a form takes stays at or below it, so a huge number gets a message on
# the form instead of a database error (tests/coproduce/test_number_limits.py).
DB_INTEGER_MAX = 2_147_483_647
# Order numbers ("position") of items in a list: far more than any list has.
MAX_POSITION = 10_000


# Single-line boxes shorter than this (codes, short labels) show no count.
COUNTED_INPUT_FROM = 120


def hidden_number() -> forms.IntegerField:
    """A hidden whole number the page sends back (a version or a transition id)."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        max_value=DB_INTEGER_MAX,
    )


class PositionField(forms.IntegerField):
    """An item's place in a list (Meta.field_classes = {"position": PositionField})."""

    def __init__(self, *, min_value=0, max_value=MAX_POSITION, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class EditVersionMixin(forms.Form):
    """The hidden version an edit form was opened at (see ``coproduce.concurrency``)."""

    edit_version = hidden_number()


def typed_initial(form, data) -> dict:
    """What was typed into ``form`` (in the posted ``data``), as initial values.

    For a form shown again without being checked: after an "Add another row" press,
    or when a draft saved before a detour to another form is brought back. The text
    comes back as typed and no errors are shown.
    """
    initial = {}
    for name, field in form.fields.items():
        value = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        if value is not None:
            initial[name] = value
    return initial


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors next to their
    field, the rest at the top, so the form re-displays with what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def saved_values(form, saved: Model, *, extra=()) -> list[dict]:
    """What someone else saved, for the conflict notice beside ``form``
    (``templates/_partials/_edit_conflict.html``).

    One row per visible field of the form that is also a field of ``saved``, under
    the form's own label and shown as the form would offer it (choice labels, names
    of related records, dates written out). ``extra`` adds ``(label, value)`` pairs
    the form does not hold. Each row is ``{"label", "values"}``; an empty ``values``
    means nothing was recorded.
    """
    rows = []
    for bound in form.visible_fields():
        try:
            model_field = saved._meta.get_field(bound.name)
        except FieldDoesNotExist:
            continue
        value = getattr(saved, bound.name)
        if model_field.many_to_many:
            value = list(value.all())
        rows.append({"label": bound.label, "values": _shown(value, bound.field)})
    rows += [{"label": label, "values": _shown(value)} for label, value in extra]
    return rows


def _shown(value, field=None) -> list[str]:
    labels = {}
    if isinstance(field, forms.ChoiceField) and not isinstance(
        field, forms.ModelChoiceField
    ):
        for key, label in field.choices:
            if isinstance(label, list | tuple):  # a group of choices
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
    shown = []
    for item in value if isinstance(value, list | tuple) else [value]:
        if item is None or item == "":
            continue
        if isinstance(item, bool):
            shown.append("Yes" if item else "No")
        elif isinstance(item, dt.datetime):
            shown.append(
                formats.date_format(timezone.localtime(item), "DATETIME_FORMAT")
            )
        elif isinstance(item, dt.date):
            shown.append(formats.date_format(item))
        else:
            shown.append(labels.get(str(item), str(item)))
    return shown


def shown_limit(field: forms.Field) -> int | None:
    """The limit a text box shows and counts against, or None for boxes with no
    count (not text, no limit, or a short single-line code)."""
    if not isinstance(field, forms.CharField) or not field.max_length:
        return None
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        return field.max_length
    if (
        type(widget) is forms.TextInput
        and field.max_length >= COUNTED_INPUT_FROM
        and "autocomplete" not in widget.attrs
    ):
        return field.max_length
    return None


class LimitedBoundField(BoundField):
    """Every text box of every form shows its limit and counts as you type.

    The limit is the form field's ``max_length`` (a ModelForm takes it from the
    model). The help text says "Up to 4,000 characters." and the box carries
    ``data-limit``, which ``static/js/text-count.js`` turns into a live count; the
    form's own length check still refuses longer text, with the text kept. Line
    endings are read as one character each, as the count shows them.
    """

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.limit = shown_limit(field)
        if self.limit:
            limit = formats.number_format(self.limit, force_grouping=True)
            note = gettext("Up to %(limit)s characters.") % {"limit": limit}
            self.help_text = f"{self.help_text} {note}" if self.help_text else note

    @property
    def data(self):
        value = super().data
        if self.limit and isinstance(value, str):
            value = value.replace("\r\n", "\n")
        return value

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.limit:
            attrs["data-limit"] = self.limit
        return attrs


class FormRenderer(DjangoTemplates):
    """The site's form renderer (settings.FORM_RENDERER): text limits shown."""

    bound_field_class = LimitedBoundField


class DayOrMonthField(forms.CharField):
    """A date to the day or only to the month ("March 2017"); cleans to
    (date, precision) or None (see ``coproduce.dates``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "help_text",
            "A day (12/03/2017) or, when only the month is known, "
            "the month (March 2017).",
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return day_or_month_parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
