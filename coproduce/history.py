"""The history of every change to personal and evaluation data, written by the database.

How to register a model (one line per model, above its class)::

    from coproduce import history

    @history.track(programme="project__programme", project="project", person="stakeholder")
    class Quote(models.Model): ...

``programme``, ``project`` and ``person`` are lookups from the model to a programme, a
project and a stakeholder (``"pk"`` for the row itself; leave out what does not apply).
They are resolved when the row is written and kept on the event, so the audit page finds
a deleted quote's history under its programme. ``m2m=("themes",)`` records the model's
own many-to-many links (adding or removing a theme is a created or deleted row of the
link table) with the same programme, project and person. ``withhold=("text",)`` keeps
the field's values off the audit page (it is still recorded). Nothing else to do: no
migration; ``migrate`` (re)installs the triggers (see below). Then write through the
normal ORM or the shared helpers, whichever you like: every insert, update and delete
reaches the history, ``.update()`` and ``bulk_create`` included.

Reads that matter (downloads, exports, unredacted views) are not database writes:
record them with ``read_record(...)`` where the file or page is served.

The history holds copies of personal data: erasing a person cleans it too (see
``_history_scrub`` in ``evaluation/privacy/services.py``). The audit pages that read it
are ``projects/audit/``.

Context: who, from which URL, which request. ``HistoryMiddleware`` opens a context for
every request (user id and name, method, path, request id of ``coproduce.logging``),
Celery tasks get one from the signals below, and management commands that write open
one with ``with history.context(command="demo", user=..., username=...):``. Every
event written inside carries that context and the context's id, so one click's changes
group together.

How it is captured, and why this way
-----------------------------------
Every tracked table has a row trigger (after insert, update and delete) that writes one
``projects.HistoryEvent`` row: the action, the model's label, the row's id, the
programme, project and person resolved through the lookups above (sub-selects in the
trigger), the whole row for a created or deleted row, and for a change only the fields
whose value changed, before and after (``edit_version`` and ``updated_at`` are left
out, and a save that changes nothing else writes nothing). Because the database writes
it, nothing can bypass it: conditional ``versioned_update`` calls, ``queryset.update()``,
bulk changes, cascaded deletes, admin edits and raw SQL are all seen.

On PostgreSQL the triggers are PL/pgSQL functions built and installed by
django-pgtrigger, and the context travels with django-pghistory's runtime
(``pghistory.context``: it prefixes each write with ``set_config('pghistory.context_*')``
for the transaction, which the trigger reads with ``current_setting``).

We do not use pghistory's own event models: it makes one event table per tracked model,
and reading them together (its ``Events`` model) is a PostgreSQL-only UNION of every
table with a sub-select per row to find the previous version. The audit page needs one
table it can filter by programme, person, object, action and date and page through
with an index, whatever happened to the rows since; one table, stamped with the
programme at write time, does that on both databases.

On SQLite (the default of ``make run``) pghistory and pgtrigger do nothing: their
migrations and installs are skipped on any other database, so pghistory would record no
history there at all. SQLite has row triggers too, so the same triggers are written in
SQLite's dialect (``json_object`` and ``json_each`` in place of ``to_jsonb`` and
``jsonb_each``), and the context comes from two functions that Django registers on each
SQLite connection (``history_context()``, ``history_context_id()``), which read the
context this module keeps for the thread. So both databases record the same event rows
by the same rule, and the tests run the same assertions on both. (The one other way,
signals plus the shared update helper, misses every ``queryset.update()`` and admin bulk
action, which is what the probe found.) A consequence: a SQLite connection opened
outside Django (the ``sqlite3`` shell) cannot write to tracked tables, because it lacks
these functions; use ``manage.py dbshell`` only to read.

The triggers are installed after every ``migrate`` (``post_migrate``), not by migration
files: the trigger text depends only on the registrations above, so registering a model
needs no migration and nobody's migrations conflict over triggers. On SQLite they are
dropped before ``migrate`` (``pre_migrate``), because SQLite refuses to drop a column a
trigger names, and created again after it. On PostgreSQL pgtrigger compares a hash and
replaces only triggers whose text changed.

Cost: see ``manage.py benchmark`` ("history") for the time one write takes with and
without its trigger.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import threading
import uuid
from collections.abc import Iterable

from celery.signals import task_postrun, task_prerun
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.dispatch import receiver
from django.utils import timezone

from coproduce.logging import NO_REQUEST, request_id_var

EVENT_MODEL = "projects.HistoryEvent"
# Bumped on every save by the shared helpers: they say nothing a person changed.
IGNORED_FIELDS = ("edit_version", "updated_at")
SQLITE_PREFIX = "history_"


class Action(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    VIEWED = "viewed", "Viewed unredacted"
    DOWNLOADED = "downloaded", "Downloaded"
    EXPORTED = "exported", "Exported"


WRITES = (Action.CREATED, Action.CHANGED, Action.DELETED)
READS = (Action.VIEWED, Action.DOWNLOADED, Action.EXPORTED)


@dataclasses.dataclass(frozen=True)
class Tracked:
    """One registration: a model (or an m2m link table) and its three lookups."""

    model: type[models.Model]
    programme: str | None = None
    project: str | None = None
    person: str | None = None
    m2m: tuple[str, ...] = ()
    # Fields recorded but whose values the audit page does not show (a quote's words).
    withhold: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_registry: list[Tracked] = []


def track(
    *,
    programme: str | None = None,
    project: str | None = None,
    person: str | None = None,
    m2m: Iterable[str] = (),
    withhold: Iterable[str] = (),
):
    """Class decorator: record every change to this model's rows (see the module doc)."""

    def register(model):
        _registry.append(
            Tracked(model, programme, project, person, tuple(m2m), tuple(withhold))
        )
        return model

    return register


def tracked() -> list[Tracked]:
    """Every registration, with each m2m link table as its own entry."""
    result = []
    for entry in _registry:
        result.append(entry)
        for name in entry.m2m:
            through = entry.model._meta.get_field(name).remote_field.through
            source = next(
                f.name
                for f in through._meta.fields
                if f.is_relation and f.related_model is entry.model
            )

            def prefixed(path, source=source):
                if path is None:
                    return None
                return source if path == "pk" else f"{source}__{path}"

            result.append(
                Tracked(
                    through,
                    prefixed(entry.programme),
                    prefixed(entry.project),
                    prefixed(entry.person),
                )
            )
    return result


def tracked_for(model) -> Tracked | None:
    label = model._meta.label_lower
    return next((t for t in tracked() if t.label == label), None)


# --- context ------------------------------------------------------------------


_local = threading.local()


class context:
    """Group the writes inside under one context and say who and where they came from.

    Nested contexts add their metadata to the outermost one, as pghistory's do.
    Calling ``history.context(key=value)`` without ``with`` adds to the open context,
    if there is one. On PostgreSQL this enters ``pghistory.context``; on SQLite the
    triggers read the same metadata through the connection's functions.
    """

    def __init__(self, **metadata):
        self.metadata = {k: v for k, v in metadata.items() if v is not None}
        self._outer = False
        self._pg = None
        current = getattr(_local, "value", None)
        if current is not None:
            current["metadata"].update(self.metadata)
            if self._pghistory_open():
                import pghistory

                pghistory.context(**self.metadata)

    @staticmethod
    def _is_postgres() -> bool:
        return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"

    @staticmethod
    def _pghistory_open() -> bool:
        from pghistory import runtime

        return hasattr(runtime._tracker, "value")

    def __enter__(self):
        if getattr(_local, "value", None) is None:
            self._outer = True
            _local.value = {"id": uuid.uuid4(), "metadata": dict(self.metadata)}
            if self._is_postgres():
                import pghistory

                self._pg = pghistory.context(**self.metadata)
                entered = self._pg.__enter__()
                _local.value["id"] = entered.id
                # Share one dict, so later additions reach the triggers on both.
                _local.value["metadata"] = entered.metadata
        return _local.value

    def __exit__(self, *exc):
        if self._outer:
            if self._pg is not None:
                self._pg.__exit__(*exc)
            del _local.value
        return False

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            with context(**self.metadata):
                return func(*args, **kwargs)

        return wrapped


def current_context() -> tuple[uuid.UUID | None, dict]:
    value = getattr(_local, "value", None)
    if value is None:
        return None, {}
    return value["id"], dict(value["metadata"])


def user_metadata(user) -> dict:
    """The context's words for a signed-in user: id and the name shown on the page."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return {"user": user.pk, "username": name or user.get_username()}


class HistoryMiddleware:
    """pghistory's middleware, for every method and both databases, with our request id.

    It sits after the authentication middleware, so it knows the user. Sign-in inside
    the request (``request.user`` set later) is added to the context.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        metadata = {
            "url": request.path,
            "method": request.method,
            "request_id": getattr(request, "request_id", None),
            **user_metadata(getattr(request, "user", None)),
        }
        with context(**metadata):
            return self.get_response(request)


_task_contexts: dict[str, context] = {}


@task_prerun.connect(weak=False)
def _task_context_open(task_id=None, task=None, **kwargs):
    if task_id is None or task is None:
        return
    request_id = request_id_var.get()
    opened = context(
        task=task.name,
        request_id=None if request_id == NO_REQUEST else request_id,
    )
    opened.__enter__()
    _task_contexts[task_id] = opened


@task_postrun.connect(weak=False)
def _task_context_close(task_id=None, **kwargs):
    opened = _task_contexts.pop(task_id, None)
    if opened is not None:
        opened.__exit__(None, None, None)


def _sqlite_context(_unused=None):
    value = getattr(_local, "value", None)
    if value is None:
        return None
    return json.dumps(value["metadata"], cls=DjangoJSONEncoder)


def _sqlite_context_id(_unused=None):
    value = getattr(_local, "value", None)
    return None if value is None else value["id"].hex


@receiver(connection_created, weak=False, dispatch_uid="history_sqlite_functions")
def _sqlite_functions(sender=None, connection=None, **kwargs):
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function("history_context", 0, _sqlite_context)
        connection.connection.create_function(
            "history_context_id", 0, _sqlite_context_id
        )


# --- reads ----------------------------------------------------------------------


def _path_value(instance, path: str | None):
    if path is None:
        return None
    if path == "pk":
        return instance.pk
    *hops, last = path.split("__")
    obj = instance
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    field = obj._meta.get_field(last)
    return getattr(obj, field.attname) if field.is_relation else obj.pk


def read_record(*, instance: models.Model, action: str, note: str = "") -> None:
    """Record that someone read ``instance`` (a download, an export, an unredacted
    view), with the open context: who, when, from which request.

    ``instance`` must be of a tracked model (a programme for a whole-programme export).
    """
    entry = tracked_for(type(instance))
    if entry is None:
        raise ValueError(f"{instance._meta.label} is not tracked by the history")
    context_id, metadata = current_context()
    apps.get_model(EVENT_MODEL).objects.create(
        created_at=timezone.now(),
        action=action,
        model=entry.label,
        object_id=str(instance.pk),
        programme_id=_path_value(instance, entry.programme),
        project_id=_path_value(instance, entry.project),
        person_id=_path_value(instance, entry.person),
        note=note[:300],
        context=metadata or None,
        context_id=context_id,
    )


# --- triggers -------------------------------------------------------------------


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _path_sql(model, path: str | None, row: str) -> str:
    """SQL for the id at the end of ``path`` from the trigger's ``row`` (NEW/OLD)."""
    if path is None:
        return "NULL"
    if path == "pk":
        return f"{row}.{_q(model._meta.pk.column)}"
    parts = path.split("__")
    field = model._meta.get_field(parts[0])
    expr = f"{row}.{_q(field.column)}"
    current = field.related_model
    for part in parts[1:]:
        step = current._meta.get_field(part)
        expr = (
            f"(SELECT {_q(step.column)} FROM {_q(current._meta.db_table)} "
            f"WHERE {_q(current._meta.pk.column)} = {expr})"
        )
        current = step.related_model
    return expr


def _columns(entry: Tracked) -> list[str]:
    return [f.column for f in entry.model._meta.concrete_fields]


def _event_columns() -> str:
    return (
        "created_at, action, model, object_id, programme_id, project_id, person_id, "
        "before, after, note, context, context_id"
    )


def _stamps(entry: Tracked, row: str) -> str:
    """Label, id, programme, project and person of the row. For a change, what the
    row pointed to before counts when it points nowhere now (a quote whose speaker
    was removed stays in that person's history)."""
    model = entry.model

    def stamp(path):
        if row == "NEW|OLD":
            now, then = _path_sql(model, path, "NEW"), _path_sql(model, path, "OLD")
            return now if now == then else f"COALESCE({now}, {then})"
        return _path_sql(model, path, row)

    key_row = "NEW" if row == "NEW|OLD" else row
    return ", ".join(
        [
            f"'{entry.label}'",
            f"{key_row}.{_q(model._meta.pk.column)}",
            stamp(entry.programme),
            stamp(entry.project),
            stamp(entry.person),
        ]
    )


def _postgres_func(entry: Tracked) -> str:
    table = _q(apps.get_model(EVENT_MODEL)._meta.db_table)
    ignored = ", ".join(f"'{name}'" for name in IGNORED_FIELDS)
    context_sql = (
        "NULLIF(CURRENT_SETTING('pghistory.context_metadata', TRUE), '')::jsonb, "
        "NULLIF(CURRENT_SETTING('pghistory.context_id', TRUE), '')::uuid"
    )
    insert = f"INSERT INTO {table} ({_event_columns()}) VALUES (NOW(), "
    return f"""
        IF TG_OP = 'INSERT' THEN
            {insert}'created', {_stamps(entry, "NEW")},
                NULL, to_jsonb(NEW), '', {context_sql});
        ELSIF TG_OP = 'DELETE' THEN
            {insert}'deleted', {_stamps(entry, "OLD")},
                to_jsonb(OLD), NULL, '', {context_sql});
        ELSE
            SELECT jsonb_object_agg(o.key, o.value), jsonb_object_agg(n.key, n.value)
                INTO _before, _after
                FROM jsonb_each(to_jsonb(OLD)) o
                JOIN jsonb_each(to_jsonb(NEW)) n ON n.key = o.key
                WHERE o.value IS DISTINCT FROM n.value AND o.key NOT IN ({ignored});
            IF _after IS NOT NULL THEN
                {insert}'changed', {_stamps(entry, "NEW|OLD")},
                    _before, _after, '', {context_sql});
            END IF;
        END IF;
        RETURN NULL;
    """


def _postgres_trigger(entry: Tracked):
    import pgtrigger

    return pgtrigger.Trigger(
        name="history",
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        declare=[("_before", "JSONB"), ("_after", "JSONB")],
        func=_postgres_func(entry),
    )


def _sqlite_json(entry: Tracked, row: str, *, skip=()) -> str:
    pairs = ", ".join(
        f"'{column}', {row}.{_q(column)}"
        for column in _columns(entry)
        if column not in skip
    )
    return f"json_object({pairs})"


def _sqlite_triggers(entry: Tracked) -> list[tuple[str, str]]:
    table = _q(entry.model._meta.db_table)
    events = _q(apps.get_model(EVENT_MODEL)._meta.db_table)
    context_sql = "history_context(), history_context_id()"
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    digest = hashlib.sha1(entry.model._meta.db_table.encode()).hexdigest()[:8]
    name = f"{SQLITE_PREFIX}{digest}"
    insert = f"INSERT INTO {events} ({_event_columns()})"
    created = (
        f"{name}_insert",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN "
        f"{insert} VALUES ({now}, 'created', {_stamps(entry, 'NEW')}, NULL, "
        f"{_sqlite_json(entry, 'NEW')}, '', {context_sql}); END",
    )
    deleted = (
        f"{name}_delete",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN "
        f"{insert} VALUES ({now}, 'deleted', {_stamps(entry, 'OLD')}, "
        f"{_sqlite_json(entry, 'OLD')}, NULL, '', {context_sql}); END",
    )
    changed = (
        f"{name}_update",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} BEGIN "
        f"{insert} SELECT {now}, 'changed', {_stamps(entry, 'NEW|OLD')}, "
        "d.before, d.after, '', "
        f"{context_sql} FROM (SELECT json_group_object(o.key, o.value) AS before, "
        "json_group_object(n.key, n.value) AS after, count(*) AS n "
        f"FROM json_each({_sqlite_json(entry, 'OLD', skip=IGNORED_FIELDS)}) o "
        f"JOIN json_each({_sqlite_json(entry, 'NEW', skip=IGNORED_FIELDS)}) n "
        "ON n.key = o.key WHERE o.value IS NOT n.value) d "
        "WHERE d.n > 0; END",
    )
    return [created, changed, deleted]


def triggers_uninstall(using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop the SQLite triggers (before a migration may rebuild their tables)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [SQLITE_PREFIX + "%"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER IF EXISTS {_q(name)}")


def triggers_remove(model, using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop one model's history trigger (the benchmark times writes without it;
    ``triggers_install`` puts it back). Nothing else should call this."""
    entry = tracked_for(model)
    connection = connections[using]
    if connection.vendor == "postgresql":
        _postgres_trigger(entry).uninstall(entry.model, database=using)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name, _sql in _sqlite_triggers(entry):
                cursor.execute(f"DROP TRIGGER IF EXISTS {_q(name)}")


def triggers_install(using: str = DEFAULT_DB_ALIAS) -> int:
    """Install (or refresh) the trigger of every tracked table; returns how many."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    entries = [t for t in tracked() if t.model._meta.db_table in tables]
    if connection.vendor == "postgresql":
        import pgtrigger

        for entry in entries:
            trigger = _postgres_trigger(entry)
            status, _enabled = trigger.get_installation_status(entry.model, using)
            if status != pgtrigger.core.INSTALLED:
                trigger.install(entry.model, database=using)
    elif connection.vendor == "sqlite":
        triggers_uninstall(using)
        with connection.cursor() as cursor:
            for entry in entries:
                for _name, sql in _sqlite_triggers(entry):
                    cursor.execute(sql)
    return len(entries)


def _backfill_sql(entry: Tracked) -> str:
    """The "created" events a trigger would have written for rows with a key above
    the parameter, in one INSERT ... SELECT (the row is ``t``)."""
    table = _q(entry.model._meta.db_table)
    events = _q(apps.get_model(EVENT_MODEL)._meta.db_table)
    pk = _q(entry.model._meta.pk.column)
    return (
        f"INSERT INTO {events} ({_event_columns()}) "
        f"SELECT NOW(), 'created', {_stamps(entry, 't')}, NULL, to_jsonb(t), '', "
        f"NULL, NULL FROM {table} t WHERE t.{pk} > %s ORDER BY t.{pk}"
    )


@contextlib.contextmanager
def triggers_paused(using: str = DEFAULT_DB_ALIAS):
    """For a bulk load into a database nothing else writes to (the benchmark's
    synthetic programme): the history triggers are dropped while the rows are
    written; then every row written meanwhile is recorded as created, one
    INSERT ... SELECT per table, and the triggers are put back. A row at a time
    through the triggers made a 2,000-project build take over an hour. PostgreSQL
    only; elsewhere the triggers stay on. Nothing else should call this."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    tables = set(connection.introspection.table_names())
    entries = [t for t in tracked() if t.model._meta.db_table in tables]
    before = {}
    with connection.cursor() as cursor:
        for entry in entries:
            pk = _q(entry.model._meta.pk.column)
            table = _q(entry.model._meta.db_table)
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")
            before[entry.label] = cursor.fetchone()[0]
    for entry in entries:
        triggers_remove(entry.model, using)
    try:
        yield
    except BaseException:
        if not connection.in_atomic_block:  # in a transaction, its rollback does
            triggers_install(using)
        raise
    with connection.cursor() as cursor:
        for entry in entries:
            cursor.execute(_backfill_sql(entry), [before[entry.label]])
    triggers_install(using)


def _event_table_ready(using) -> bool:
    table = apps.get_model(EVENT_MODEL)._meta.db_table
    return table in connections[using].introspection.table_names()


@receiver(pre_migrate, weak=False, dispatch_uid="history_pre_migrate")
def _before_migrate(sender=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender is not None and sender.label == EVENT_MODEL.split(".")[0]:
        triggers_uninstall(using)


@receiver(post_migrate, weak=False, dispatch_uid="history_post_migrate")
def _after_migrate(sender=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if sender is not None and sender.label == EVENT_MODEL.split(".")[0]:
        if _event_table_ready(using):
            triggers_install(using)
