"""The history: every change to tracked rows is written by the database, with context.

These run on whichever database the suite uses (SQLite on a laptop, PostgreSQL in CI);
the ones marked ``services`` check what only PostgreSQL's triggers can show.
"""

import datetime as dt

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.urls import reverse

from coproduce import history
from coproduce.concurrency import versioned_update
from evaluation.models import Consent, Quote, Theme
from projects.models import Activity, HistoryEvent, RoleCategory, Stakeholder
from tests.factories import UserFactory


def events(**filters):
    return list(HistoryEvent.objects.filter(**filters).order_by("id"))


def test_a_field_edit_through_a_page_records_before_and_after_user_and_url(
    client, facilitator, stakeholder
):
    facilitator.first_name, facilitator.last_name = "Sam", "Lee"
    facilitator.save()
    client.force_login(facilitator)
    url = reverse("projects:stakeholder_edit", args=[stakeholder.pk])
    response = client.post(
        url,
        {
            "display_name": "Ann Other",
            "role_category": stakeholder.role_category,
            "email": "",
            "edit_version": stakeholder.edit_version,
        },
    )
    assert response.status_code == 302
    (event,) = events(model="projects.stakeholder", action="changed")
    assert event.object_id == str(stakeholder.pk)
    assert event.before == {"display_name": "Ann Example"}
    assert event.after == {"display_name": "Ann Other"}
    assert event.programme_id == stakeholder.programme_id
    assert event.person_id == stakeholder.pk
    assert event.context["user"] == facilitator.pk
    assert event.context["username"] == "Sam Lee"
    assert event.context["url"] == url
    assert event.context["request_id"] == response.headers["X-Request-ID"]
    assert event.context_id is not None


def test_a_conditional_update_is_recorded(project, facilitator):
    activity = Activity.objects.create(
        project=project, title="Tea and talk", held_on="2025-01-10", kind="meeting"
    )
    with history.context(**history.user_metadata(facilitator)):
        versioned_update(
            activity, seen_version=activity.edit_version, title="Walk and talk"
        )
    changed = events(model="projects.activity", action="changed")
    assert [(e.before, e.after) for e in changed] == [
        ({"title": "Tea and talk"}, {"title": "Walk and talk"})
    ]
    assert changed[0].project_id == project.pk
    assert changed[0].programme_id == project.programme_id
    assert changed[0].context["user"] == facilitator.pk


def test_a_queryset_update_is_recorded_for_every_row(project, stakeholder):
    quotes = [
        Quote.objects.create(
            project=project,
            stakeholder=stakeholder,
            role_category=RoleCategory.ARTIST,
            text=f"Words {n}",
            consent=Consent.MAY_QUOTE,
        )
        for n in range(3)
    ]
    with history.context(command="test"):
        Quote.objects.filter(project=project).update(consent=Consent.MAY_NOT)
    changed = events(model="evaluation.quote", action="changed")
    assert sorted(e.object_id for e in changed) == sorted(str(q.pk) for q in quotes)
    assert {e.person_id for e in changed} == {stakeholder.pk}
    assert all(
        e.before == {"consent": Consent.MAY_QUOTE}
        and e.after == {"consent": Consent.MAY_NOT}
        and e.context == {"command": "test"}
        for e in changed
    )


def test_a_save_that_changes_nothing_records_nothing(project):
    activity = Activity.objects.create(
        project=project, title="Tea", held_on="2025-01-10", kind="meeting"
    )
    activity.save()
    Activity.objects.filter(pk=activity.pk).update(title="Tea")
    assert [e.action for e in events(model="projects.activity")] == ["created"]


def test_a_delete_through_a_page_is_recorded_with_the_row(
    client, facilitator, stakeholder, project
):
    quote = Quote.objects.create(
        project=project,
        stakeholder=stakeholder,
        role_category=RoleCategory.ARTIST,
        text="It felt like ours.",
        consent=Consent.MAY_QUOTE,
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:stakeholder_delete", args=[stakeholder.pk])
    )
    assert response.status_code == 302
    (deleted,) = events(model="projects.stakeholder", action="deleted")
    assert deleted.before["display_name"] == "Ann Example"
    assert deleted.after is None
    assert deleted.person_id == stakeholder.pk
    assert deleted.programme_id == project.programme_id
    assert deleted.context["user"] == facilitator.pk
    # The quote lost its speaker but keeps its place in that person's history.
    (unlinked,) = events(model="evaluation.quote", action="changed")
    assert unlinked.object_id == str(quote.pk)
    assert unlinked.before["stakeholder_id"] == stakeholder.pk
    assert unlinked.after["stakeholder_id"] is None
    assert unlinked.person_id == stakeholder.pk


def test_many_to_many_links_are_recorded(project, stakeholder):
    theme = Theme.objects.create(programme=project.programme, name="Belonging")
    quote = Quote.objects.create(
        project=project,
        stakeholder=stakeholder,
        role_category=RoleCategory.ARTIST,
        text="It felt like ours.",
    )
    quote.themes.add(theme)
    quote.themes.remove(theme)
    links = events(model="evaluation.quote_themes")
    assert [e.action for e in links] == ["created", "deleted"]
    assert links[0].after["theme_id"] == theme.pk
    assert {e.person_id for e in links} == {stakeholder.pk}
    assert {e.project_id for e in links} == {project.pk}


def test_an_admin_edit_is_recorded_with_the_admin_user(client, stakeholder):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    RecoveryCodes.activate(admin)
    client.force_login(admin)
    url = reverse("admin:projects_stakeholder_change", args=[stakeholder.pk])
    response = client.post(
        url,
        {
            "programme": stakeholder.programme_id,
            "display_name": "Ann Admin",
            "role_category": stakeholder.role_category,
            "email": "ann@example.org",
            "edit_version": stakeholder.edit_version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (event,) = events(model="projects.stakeholder", action="changed")
    assert event.after == {"display_name": "Ann Admin", "email": "ann@example.org"}
    assert event.context["user"] == admin.pk
    assert event.context["url"] == url


def test_raw_sql_is_recorded_too(stakeholder):
    table = Stakeholder._meta.db_table
    with history.context(command="raw"), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET display_name = %s WHERE id = %s",
            ["Ann Raw", stakeholder.pk],
        )
    (event,) = events(model="projects.stakeholder", action="changed")
    assert event.after == {"display_name": "Ann Raw"}
    assert event.context == {"command": "raw"}


def test_a_read_is_recorded_with_the_open_context(project, evaluator):
    with history.context(**history.user_metadata(evaluator), url="/x/"):
        history.read_record(
            instance=project.programme, action=history.Action.EXPORTED, note="CSV"
        )
    (event,) = events(action="exported")
    assert event.model == "projects.programme"
    assert event.programme_id == project.programme_id
    assert event.note == "CSV"
    assert event.context["user"] == evaluator.pk


def test_every_tracked_table_has_its_triggers_after_migrate(db):
    tables = {entry.model._meta.db_table for entry in history.tracked()}
    assert {"projects_stakeholder", "evaluation_quote_themes"} <= tables
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'pgtrigger_history_%%'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE 'history_%%'"
            )
        installed = {row[0] for row in cursor.fetchall()}
    assert tables <= installed


@pytest.mark.services
def test_postgresql_triggers_read_pghistorys_context(stakeholder):
    if connection.vendor != "postgresql":
        from tests.conftest import service_missing

        service_missing("PostgreSQL (DATABASE_URL) for the trigger tests")
    import pghistory

    # pghistory's own context manager is what our context enters on PostgreSQL.
    with pghistory.context(command="pghistory") as opened:
        Stakeholder.objects.filter(pk=stakeholder.pk).update(display_name="Ann PG")
    (event,) = events(model="projects.stakeholder", action="changed")
    assert event.context == {"command": "pghistory"}
    assert event.context_id == opened.id
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'pgtrigger_history_%%'"
        )
        assert cursor.fetchone()[0] == len(history.tracked())


# Logs of their own (who changed a membership or a round's status, each try of a
# report), and the history itself.
NOT_TRACKED = {
    "projects.historyevent",
    "projects.membershipchange",
    "evaluation.auditevent",
    "evaluation.roundstatuschange",
    "evaluation.reportattempt",
}


def test_every_model_that_points_at_a_programme_project_or_person_is_tracked():
    from django.apps import apps

    from projects.models import Programme, Project

    tracked = {entry.label for entry in history.tracked()}
    targets = {Programme, Project, Stakeholder}
    missing = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in tracked or label in NOT_TRACKED:
            continue
        if any(
            f.is_relation and f.related_model in targets and f.concrete
            for f in model._meta.get_fields()
        ):
            missing.append(label)
    assert not missing, (
        f"register these with @history.track (see coproduce/history.py): {missing}"
    )


def test_a_celery_task_records_its_name_and_the_request_it_came_from(project):
    from coproduce.celery import app
    from coproduce.logging import request_id_var
    from projects.models import Project

    @app.task(name="tests.history_touch")
    def touch(pk):
        Project.objects.filter(pk=pk).update(title="Touched")

    token = request_id_var.set("req-1234567890")
    try:
        touch.apply(args=[project.pk])
    finally:
        request_id_var.reset(token)
    (event,) = events(model="projects.project", action="changed")
    assert event.after == {"title": "Touched"}
    assert event.context == {
        "task": "tests.history_touch",
        "request_id": "req-1234567890",
    }


@pytest.mark.services
def test_rows_written_while_triggers_are_paused_get_the_events_triggers_write(
    project, stakeholder
):
    """The benchmark's bulk build drops the triggers and records its rows after,
    set by set: the events must be the ones the triggers write."""
    if connection.vendor != "postgresql":
        pytest.skip("the triggers are paused on PostgreSQL only")
    day = dt.date(2026, 1, 5)
    with_trigger = Activity.objects.create(
        project=project, title="One at a time", held_on=day
    )
    with history.triggers_paused():
        paused = Activity.objects.create(project=project, title="In bulk", held_on=day)
        assert not events(model="projects.activity", object_id=str(paused.pk))
    [made] = events(model="projects.activity", object_id=str(paused.pk))
    [model] = events(model="projects.activity", object_id=str(with_trigger.pk))
    for field in ("action", "programme_id", "project_id", "person_id", "before"):
        assert getattr(made, field) == getattr(model, field), field
    assert made.after["title"] == "In bulk" and made.after["id"] == paused.pk
    assert set(made.after) == set(model.after)
    # The triggers are back: a change now is recorded at once.
    paused.title = "Renamed"
    paused.save()
    last = events(model="projects.activity", object_id=str(paused.pk))[-1]
    assert last.action == "changed" and last.after["title"] == "Renamed"
