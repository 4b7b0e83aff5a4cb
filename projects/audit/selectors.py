"""Reads for the audit pages: a programme's (or one person's) history, filtered, and
each event in words ("Sam Lee changed Quote 12 (project X): consent 'May quote' →
'May not quote'")."""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from coproduce import history
from projects.models import HistoryEvent, Programme, Project

SHORT = 80
# Never shown, whatever the model: the hashes of links and passwords.
SECRET_WORDS = ("token", "password")
VERBS = {
    history.Action.CREATED: "created",
    history.Action.CHANGED: "changed",
    history.Action.DELETED: "deleted",
    history.Action.VIEWED: "viewed unredacted",
    history.Action.DOWNLOADED: "downloaded",
    history.Action.EXPORTED: "exported",
}


def object_types() -> list[tuple[str, str]]:
    """(label, name) of every tracked model, for the filter."""
    kinds = {
        t.label: _model_name(t.model)
        for t in history.tracked()
        if not _is_link(t.model)
    }
    return sorted(kinds.items(), key=lambda item: item[1])


def audit_events(
    programme: Programme,
    *,
    person_id: int | None = None,
    user_id: int | None = None,
    model: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[HistoryEvent]:
    """The programme's events, newest first, with the filters given (a model filter
    takes in its many-to-many links, e.g. a quote's themes)."""
    events = HistoryEvent.objects.filter(programme_id=programme.pk)
    if person_id is not None:
        events = events.filter(person_id=person_id)
    if user_id is not None:
        events = events.filter(context__user=user_id)
    if model:
        events = events.filter(Q(model=model) | Q(model__startswith=f"{model}_"))
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(created_at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(created_at__lt=_day_start(date_to + dt.timedelta(1)))
    return events.order_by("-id")


def audit_people(programme: Programme) -> list:
    """Accounts with a role on the programme or one of its projects, for the filter."""
    return list(
        get_user_model()
        .objects.filter(
            Q(programme_memberships__programme=programme)
            | Q(project_memberships__project__programme=programme)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@dataclass
class Row:
    event: HistoryEvent
    who: str
    sentence: str
    changes: list[tuple[str, str, str]]
    url: str
    request_id: str


def audit_rows(events) -> list[Row]:
    """Each event in words. One query for the projects' titles, whatever the count."""
    events = list(events)
    titles = dict(
        Project.objects.filter(
            pk__in={e.project_id for e in events if e.project_id}
        ).values_list("pk", "title")
    )
    return [_row(event, titles) for event in events]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _model_class(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _is_link(model) -> bool:
    return model._meta.auto_created is not False and bool(model._meta.auto_created)


def _model_name(model) -> str:
    return str(model._meta.verbose_name).capitalize()


def _who(context: dict | None) -> str:
    context = context or {}
    if context.get("username"):
        return context["username"]
    if context.get("task"):
        return "A background task"
    if context.get("command"):
        return f"The “{context['command']}” command"
    if context.get("url"):
        return "Someone not signed in"
    return "Someone (no record of who)"


def _value_text(field, value) -> str:
    if value is None or value == "":
        return "empty"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "yes" if value in (True, 1, "1", "true") else "no"
    if field is not None and field.is_relation:
        return f"{field.related_model._meta.verbose_name} {value}"
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value.replace(" ", "T", 1))
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, dt.UTC)
            return timezone.localtime(moment).strftime("%-d %b %Y, %H:%M")
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _shown(column: str, withheld) -> bool:
    return not any(word in column for word in SECRET_WORDS)


def _changes(event: HistoryEvent, model) -> list[tuple[str, str, str]]:
    if event.action != history.Action.CHANGED or model is None:
        return []
    fields = {f.column: f for f in model._meta.concrete_fields}
    entry = history.tracked_for(model)
    withheld = set(entry.withhold) if entry else set()
    before, after = event.before or {}, event.after or {}
    changes = []
    for column in after:
        if not _shown(column, withheld):
            continue
        field = fields.get(column)
        label = str(field.verbose_name) if field is not None else column
        if column in withheld or (field is not None and field.name in withheld):
            changes.append((label, "(not shown)", "(not shown)"))
            continue
        changes.append(
            (
                label,
                _value_text(field, before.get(column)),
                _value_text(field, after.get(column)),
            )
        )
    return changes


def _link_sentence(event: HistoryEvent, model) -> str:
    """'linked Quote 12 to Theme 4' for a many-to-many row."""
    row = event.after if event.action == history.Action.CREATED else event.before
    row = row or {}
    ends = [f for f in model._meta.concrete_fields if f.is_relation]
    names = [
        f"{_model_name(f.related_model)} {row.get(f.column, '?')}" for f in ends[:2]
    ]
    if len(names) < 2:
        return f"changed a link {event.object_id}"
    if event.action == history.Action.CREATED:
        return f"linked {names[0]} to {names[1]}"
    if event.action == history.Action.DELETED:
        return f"unlinked {names[0]} from {names[1]}"
    return f"changed the link between {names[0]} and {names[1]}"


def _row(event: HistoryEvent, titles: dict) -> Row:
    model = _model_class(event.model)
    who = _who(event.context)
    if model is not None and _is_link(model):
        what = _link_sentence(event, model)
    else:
        name = _model_name(model) if model is not None else event.model
        what = f"{VERBS.get(event.action, event.action)} {name} {event.object_id}"
    if event.project_id:
        title = titles.get(event.project_id, f"project {event.project_id}, deleted")
        what += f" (project {title})"
    changes = _changes(event, model)
    sentence = f"{who} {what}"
    if changes:
        sentence += ": " + "; ".join(
            f"{label} ‘{old}’ → ‘{new}’" for label, old, new in changes
        )
    elif event.note:
        sentence += f": {event.note}"
    context = event.context or {}
    return Row(
        event=event,
        who=who,
        sentence=sentence,
        changes=changes,
        url=context.get("url", ""),
        request_id=context.get("request_id", ""),
    )
