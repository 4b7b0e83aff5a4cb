import datetime as dt

from django.core.management import call_command
from django.urls import reverse

from evaluation.models import ErasureRecord
from evaluation.privacy.selectors import add_months, retention_due, retention_ends_on
from projects.models import Stakeholder
from tests.factories import ProgrammeFactory, StakeholderFactory

TODAY = dt.date(2027, 6, 1)


def _close(programme, closed_on, months):
    programme.closed_on, programme.retention_months = closed_on, months
    programme.save(update_fields=["closed_on", "retention_months"])


def test_months_are_added_to_the_calendar():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 14) == dt.date(2028, 1, 15)


def test_only_closed_programmes_past_their_period_are_due(person):
    running = ProgrammeFactory(slug="still-running", retention_months=1)
    StakeholderFactory(programme=running)
    recent = ProgrammeFactory(slug="recently-closed")
    _close(recent, dt.date(2027, 1, 1), 12)
    StakeholderFactory(programme=recent)
    _close(person.programme, dt.date(2025, 1, 1), 24)
    assert retention_ends_on(person.programme) == dt.date(2027, 1, 1)
    assert retention_due(TODAY) == [person]


def test_the_dry_run_lists_people_and_changes_nothing(capsys, footprint, person):
    _close(person.programme, dt.date(2025, 1, 1), 24)
    call_command("retention", "--dry-run", "--today", TODAY.isoformat())
    out = capsys.readouterr().out
    assert f"Would erase person {person.pk}" in out
    assert "Would erase 1 person(s)." in out
    person.refresh_from_db()
    assert not person.is_erased
    assert not ErasureRecord.objects.exists()


def test_the_real_run_erases_them_and_records_why(capsys, footprint, person):
    _close(person.programme, dt.date(2025, 1, 1), 24)
    call_command("retention", "--today", TODAY.isoformat())
    assert "Erased 1 person(s)." in capsys.readouterr().out
    person.refresh_from_db()
    assert person.display_name == person.erased_name
    record = ErasureRecord.objects.get(stakeholder=person)
    assert record.cause == "retention" and record.erased_by is None
    # Run again: nobody left to erase.
    call_command("retention", "--today", TODAY.isoformat())
    assert "Erased 0 person(s)." in capsys.readouterr().out


def test_retention_runs_daily_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert entry["task"] == "evaluation.tasks.retention_run"
    assert entry["schedule"].hour == {3}


def test_the_task_applies_the_same_retention(person, monkeypatch):
    from evaluation import tasks
    from evaluation.privacy import selectors

    _close(person.programme, dt.date(2020, 1, 1), 12)
    monkeypatch.setattr(selectors.timezone, "localdate", lambda: TODAY)
    assert tasks.retention_run.delay().get() == 1
    assert Stakeholder.objects.get(pk=person.pk).is_erased


def test_the_settings_page_saves_the_period_and_shows_when_it_ends(
    client, facilitator, programme
):
    client.force_login(facilitator)
    url = reverse("evaluation:programme_personal_data", args=[programme.slug])
    response = client.post(
        url,
        {
            "closed_on": "2026-03-31",
            "retention_months": "24",
            "erased_quotes": "delete",
            "edit_version": programme.edit_version,
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.retention_months == 24
    assert programme.erased_quotes == "delete"
    assert "31 March 2028" in client.get(url).content.decode()


def test_the_settings_page_keeps_what_was_typed_when_it_is_wrong(
    client, facilitator, programme
):
    client.force_login(facilitator)
    url = reverse("evaluation:programme_personal_data", args=[programme.slug])
    for typed, message in (
        ("2147483648", "240 months (20 years) or fewer"),
        ("0", "at least one month"),
    ):
        response = client.post(
            url,
            {
                "retention_months": typed,
                "erased_quotes": "mark",
                "edit_version": programme.edit_version,
            },
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert message in body and f'value="{typed}"' in body
    programme.refresh_from_db()
    assert programme.retention_months is None


def test_two_people_saving_the_settings_at_once_are_told(
    client, facilitator, programme
):
    client.force_login(facilitator)
    url = reverse("evaluation:programme_personal_data", args=[programme.slug])
    seen = programme.edit_version
    data = {"retention_months": "12", "erased_quotes": "mark", "edit_version": seen}
    assert client.post(url, data).status_code == 302
    late = client.post(url, {**data, "retention_months": "36"})
    assert late.status_code == 200
    assert "Someone else saved changes" in late.content.decode()
    programme.refresh_from_db()
    assert programme.retention_months == 12
