"""The scheduled emails: reminders before links close (scoring and member checking),
the commissioners' weekly digest and the nudge about quiet projects; each person's
choices; and `manage.py run_schedule`, which runs the beat schedule once."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evaluation.evidence import services as evidence_services
from evaluation.mail import services
from evaluation.matrix import services as matrix_services
from evaluation.models import (
    MailKind,
    OutboxMessage,
    OutboxStatus,
    RoundInvitation,
    RoundResponse,
)
from projects.models import Activity, ActivityKind, Project, ProjectStatus
from tests.evaluation.evidence.factories import InvitationFactory, StageFactory
from tests.evaluation.matrix.factories import PRINCIPLES, open_round

BASE = "https://coproduce.example.org"


@pytest.fixture
def person(stakeholder):
    stakeholder.email = "ann@example.org"
    stakeholder.save(update_fields=["email"])
    return stakeholder


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^/\s]+(/[^\s\"<>]+)", text)


def test_a_reminder_brings_a_fresh_link_before_the_round_closes(
    client, project, person, smtp, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    matrix_services.round_closing_date_set(
        scoring_round=scoring_round, closes_on=today + dt.timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        pairs = matrix_services.invitations_create(
            scoring_round=scoring_round, stakeholders=[person]
        )
        services.round_invitations_email(
            pairs=pairs,
            link_for=lambda t: BASE + reverse("evaluation:score_start", args=[t]),
            base_url=BASE,
        )
    old_token = pairs[0][1]
    expires = RoundInvitation.objects.get().expires_at
    with django_capture_on_commit_callbacks(execute=True):
        assert services.round_reminders_queue(base_url=BASE, today=today) == 1
        # Run again the same day (or by a second beat): nothing new.
        assert services.round_reminders_queue(base_url=BASE, today=today) == 0
    invitation, reminder = smtp.messages
    assert reminder["Subject"] == "Reminder: your scoring link closes soon"
    [new_link] = [link for link in links_in(smtp.bodies(reminder)) if "/score/" in link]
    assert old_token not in new_link
    assert client.get(new_link).status_code == 200
    old = reverse("evaluation:score_start", args=[old_token])
    assert client.get(old).status_code == 404
    assert RoundInvitation.objects.get().expires_at == expires  # not lengthened


def test_no_reminder_for_links_far_from_closing_or_already_answered(
    project, person, smtp, django_capture_on_commit_callbacks
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    pairs = matrix_services.invitations_create(
        scoring_round=scoring_round, stakeholders=[person], days=20
    )
    RoundInvitation.objects.update(emailed_at=timezone.now())
    assert services.round_reminders_queue(base_url=BASE) == 0
    RoundInvitation.objects.update(expires_at=timezone.now() + dt.timedelta(days=1))
    RoundResponse.objects.create(
        round=scoring_round,
        invitation=pairs[0][0],
        role_category=person.role_category,
        submitted_at=timezone.now(),
    )
    assert services.round_reminders_queue(base_url=BASE) == 0


def test_member_checking_links_are_emailed_and_reminded(
    client,
    facilitator,
    evaluator,
    programme,
    person,
    smtp,
    django_capture_on_commit_callbacks,
):
    stage = StageFactory(
        programme=programme, ends_on=timezone.localdate() + dt.timedelta(days=2)
    )
    InvitationFactory(stage=stage, stakeholder=person)
    InvitationFactory(stage=stage)  # no one named: nothing to email
    client.force_login(evaluator)
    url = reverse("evaluation:stage_mail_send", args=[programme.slug, stage.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    page = response.content.decode()
    assert "1 review link will be emailed shortly" in page
    assert "1 invited person has no email address" in page
    [message] = smtp.messages
    assert message["Subject"] == "Please check our draft themes"
    [review] = [link for link in links_in(smtp.bodies(message)) if "/review/" in link]
    assert client.get(review).status_code == 200
    assert (
        "1 sent"
        in client.get(
            reverse(
                "evaluation:evaluation_stage_detail", args=[programme.slug, stage.pk]
            )
        ).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_reminders_queue(base_url=BASE) == 1
    reminder = smtp.messages[-1]
    assert reminder["Subject"] == "Reminder: your review link closes soon"
    assert client.get(review).status_code != 200  # the earlier link stopped
    [fresh] = [link for link in links_in(smtp.bodies(reminder)) if "/review/" in link]
    assert client.get(fresh).status_code == 200


def test_a_commissioner_gets_a_weekly_digest_of_changes_once_a_week(
    commissioner, project, smtp, django_capture_on_commit_callbacks
):
    Activity.objects.create(
        project=project,
        held_on=timezone.localdate(),
        kind=ActivityKind.WORKSHOP,
        title="Tea and plans",
        stage="discover",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.weekly_digest_queue(base_url=BASE) == 1
        assert services.weekly_digest_queue(base_url=BASE) == 0
    [message] = smtp.messages
    assert message["To"] == commissioner.email
    text = smtp.bodies(message)
    assert project.programme.name in text and "activities" in text
    assert "Tea and plans" not in text  # counts only, no details
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_facilitators_are_nudged_about_quiet_projects_but_not_paused_ones(
    settings, facilitator, programme, smtp, django_capture_on_commit_callbacks
):
    settings.MAIL_QUIET_WEEKS = 6
    long_ago = timezone.localdate() - dt.timedelta(weeks=8)
    quiet = Project.objects.create(
        programme=programme, title="Quiet garden", slug="quiet-garden", brief="b"
    )
    paused = Project.objects.create(
        programme=programme,
        title="Paused choir",
        brief="b",
        slug="paused-choir",
        status=ProjectStatus.PAUSED,
    )
    busy = Project.objects.create(
        programme=programme, title="Busy cafe", slug="busy", brief="b"
    )
    for project, day in ((quiet, long_ago), (paused, long_ago), (busy, None)):
        Activity.objects.create(
            project=project,
            held_on=day or timezone.localdate(),
            kind=ActivityKind.MEETING,
            title="Meeting",
            stage="discover",
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.inactivity_nudges_queue(base_url=BASE) == 1
    [message] = smtp.messages
    text = smtp.bodies(message)
    assert message["Subject"] == "1 of your projects has gone quiet"
    assert "Quiet garden" in text
    assert "Paused choir" not in text and "Busy cafe" not in text


def test_unticking_an_email_on_the_account_page_stops_it(
    client, commissioner, project, smtp
):
    client.force_login(commissioner)
    url = reverse("evaluation:mail_preferences")
    page = client.get(url).content.decode()
    assert "A weekly summary of what changed in programmes" in page
    response = client.post(url, {MailKind.INACTIVITY_NUDGE: "on"})
    assert response.status_code == 302
    Activity.objects.create(
        project=project,
        held_on=timezone.localdate(),
        kind=ActivityKind.WORKSHOP,
        title="Tea",
        stage="discover",
    )
    assert services.weekly_digest_queue(base_url=BASE) == 0
    assert 'name="weekly_digest"' in client.get(url).content.decode()
    assert "checked" not in re.search(
        r'<input[^>]*name="weekly_digest"[^>]*>', client.get(url).content.decode()
    ).group(0)


def test_run_schedule_runs_every_job_and_sends_what_is_due(commissioner, project, smtp):
    Activity.objects.create(
        project=project,
        held_on=timezone.localdate(),
        kind=ActivityKind.WORKSHOP,
        title="Tea",
        stage="discover",
    )
    out = io.StringIO()
    call_command("run_schedule", stdout=out)
    text = out.getvalue()
    assert "mail-weekly-digest: 1" in text and "report-sweep:" in text
    assert "Emails: 1 sent." in text
    assert [m["To"] for m in smtp.messages] == [commissioner.email]
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    call_command("run_schedule", stdout=io.StringIO())
    assert len(smtp.messages) == 1


def test_an_erased_person_gets_no_reminder(project, person, smtp):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    matrix_services.invitations_create(
        scoring_round=scoring_round, stakeholders=[person], days=2
    )
    RoundInvitation.objects.update(emailed_at=timezone.now())
    person.email = ""
    person.save(update_fields=["email"])
    assert services.round_reminders_queue(base_url=BASE) == 0


def test_evidence_link_issue_is_the_one_used(programme, person):
    # The member-checking email issues links through the evidence service, so the
    # stage's closing rules apply.
    stage = StageFactory(programme=programme, kind="interviews")
    invitation = InvitationFactory(stage=stage, stakeholder=person)
    with pytest.raises(Exception, match="member-checking"):
        evidence_services.invitation_link_issue(invitation=invitation)
