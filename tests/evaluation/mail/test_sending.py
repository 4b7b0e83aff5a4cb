"""Email in the background: queued in the outbox, sent after commit by a task
through a real SMTP server, with one-click unsubscribe and retries that show on the
round page."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluation.mail import services
from evaluation.matrix import services as matrix_services
from evaluation.models import MailKind, OutboxMessage, OutboxStatus, RoundInvitation
from projects.communication.services import communication_needs_save
from tests.evaluation.matrix.factories import PRINCIPLES, open_round

BASE = "https://coproduce.example.org"


@pytest.fixture
def scoring_round(project):
    return open_round(project, key=PRINCIPLES)[0]


@pytest.fixture
def person(stakeholder):
    stakeholder.email = "ann@example.org"
    stakeholder.save(update_fields=["email"])
    return stakeholder


def link_for(token):
    return BASE + reverse("evaluation:score_start", args=[token])


def invite(scoring_round, person, capture):
    """New links for ``person``, emailed; returns the token. Sends on commit."""
    with capture(execute=True):
        pairs = matrix_services.invitations_create(
            scoring_round=scoring_round, stakeholders=[person]
        )
        queued = services.round_invitations_email(
            pairs=pairs, link_for=link_for, base_url=BASE
        )
    assert queued == 1
    return pairs[0][1]


def unsubscribe_url(message) -> str:
    value = re.sub(r"\s+", "", str(message["List-Unsubscribe"]))  # unfold
    return re.fullmatch(r"<(https?://.+)>", value).group(1)


def test_an_invitation_is_sent_after_commit_with_its_link_and_unsubscribe_headers(
    scoring_round, person, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pairs = matrix_services.invitations_create(
            scoring_round=scoring_round, stakeholders=[person]
        )
        services.round_invitations_email(pairs=pairs, link_for=link_for, base_url=BASE)
        assert smtp.messages == []  # nothing leaves inside the transaction
    assert len(callbacks) == 1
    [message] = smtp.messages
    token = pairs[0][1]
    assert message["Subject"] == "Your link to score how co-production is going"
    assert message["To"] == "ann@example.org"
    assert link_for(token) in smtp.bodies(message, "plain")
    assert f'href="{link_for(token)}"' in smtp.bodies(message, "html")
    assert unsubscribe_url(message).startswith(BASE + "/email/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.SENT and row.sent_at and row.attempts == 1
    assert row.sealed_body == ""  # the link is not kept once sent
    assert RoundInvitation.objects.get(pk=pairs[0][0].pk).emailed_at is not None


def test_the_body_waiting_in_the_outbox_does_not_show_the_link(
    scoring_round, person, smtp
):
    # Without running the commit callbacks the message waits in the outbox.
    pairs = matrix_services.invitations_create(
        scoring_round=scoring_round, stakeholders=[person]
    )
    services.round_invitations_email(pairs=pairs, link_for=link_for, base_url=BASE)
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.QUEUED
    assert pairs[0][1] not in row.sealed_body and row.sealed_body
    assert smtp.messages == []


def test_a_task_delivered_twice_sends_once(
    scoring_round, person, smtp, django_capture_on_commit_callbacks
):
    invite(scoring_round, person, django_capture_on_commit_callbacks)
    row = OutboxMessage.objects.get()
    assert services.message_send(message_id=row.pk) == "skipped"
    assert len(smtp.messages) == 1


def test_one_click_unsubscribe_stops_the_next_email_of_that_kind(
    scoring_round, person, smtp, django_capture_on_commit_callbacks
):
    invite(scoring_round, person, django_capture_on_commit_callbacks)
    url = unsubscribe_url(smtp.messages[0]).removeprefix(BASE)
    # A mail program posts with no page and no CSRF token (RFC 8058).
    robot = Client(enforce_csrf_checks=True)
    response = robot.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    invitation = RoundInvitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        token = matrix_services.invitation_renew(invitation=invitation)
        queued = services.round_invitations_email(
            pairs=[(invitation, token)], link_for=link_for, base_url=BASE
        )
    assert queued == 0
    assert len(smtp.messages) == 1


def test_the_unsubscribe_link_asks_before_changing_anything(
    client, scoring_round, person, smtp, django_capture_on_commit_callbacks
):
    invite(scoring_round, person, django_capture_on_commit_callbacks)
    url = unsubscribe_url(smtp.messages[0]).removeprefix(BASE)
    page = client.get(url)
    assert page.status_code == 200
    assert "Do you want to stop getting invitations to score a project?" in (
        page.content.decode()
    )
    assert not person.mail_opt_outs.exists()


def test_a_tampered_unsubscribe_link_is_not_found(client):
    response = client.get(reverse("evaluation:mail_unsubscribe", args=["nope:x"]))
    assert response.status_code == 404


def test_a_refused_send_is_tried_again_later_and_shows_on_the_round_page(
    client,
    facilitator,
    scoring_round,
    person,
    smtp,
    django_capture_on_commit_callbacks,
):
    smtp.refuse = "550 No such mailbox here"
    invite(scoring_round, person, django_capture_on_commit_callbacks)
    row = OutboxMessage.objects.get()
    assert smtp.messages == []
    assert row.status == OutboxStatus.FAILED and row.attempts == 1
    assert "550 No such mailbox here" in row.last_error
    wait = row.next_try_at - timezone.now()
    assert dt.timedelta(seconds=50) < wait <= dt.timedelta(seconds=60)
    # Not due yet: a redelivered task leaves it alone.
    assert services.message_send(message_id=row.pk) == "skipped"

    client.force_login(facilitator)
    url = reverse("evaluation:round_detail", args=[scoring_round.project.slug, 1])
    page = client.get(url).content.decode()
    assert "1 invitation could not be sent" in page
    assert "Ann Example (ann@example.org)" in page and "550 No such mailbox" in page
    assert "Try again" in page

    smtp.refuse = None
    retry = reverse("evaluation:round_mail_retry", args=[scoring_round.project.slug, 1])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry).status_code == 302
    [message] = smtp.messages
    assert message["To"] == "ann@example.org"
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert "could not be sent" not in client.get(url).content.decode()


def test_the_sweep_tries_again_with_a_doubling_wait_and_then_gives_up(
    settings, scoring_round, person, smtp, django_capture_on_commit_callbacks
):
    settings.MAIL_ATTEMPTS = 3
    smtp.refuse = "550 No such mailbox here"
    invite(scoring_round, person, django_capture_on_commit_callbacks)
    row = OutboxMessage.objects.get()
    waits = []
    for _ in range(2):
        OutboxMessage.objects.filter(pk=row.pk).update(next_try_at=timezone.now())
        before = timezone.now()
        assert services.outbox_sweep() == [row.pk]  # publishes it; sent in the call
        row.refresh_from_db()
        waits.append(round((row.next_try_at - before).total_seconds() / 60))
    assert waits == [2, 4]
    assert row.status == OutboxStatus.GAVE_UP and row.attempts == 3
    assert services.outbox_sweep() == []  # given up: only "Try again" sends it now


def test_the_round_page_keeps_its_query_budget_with_failures(
    client,
    facilitator,
    scoring_round,
    person,
    smtp,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    smtp.refuse = "550 No"
    invite(scoring_round, person, django_capture_on_commit_callbacks)
    client.force_login(facilitator)
    url = reverse("evaluation:round_detail", args=[scoring_round.project.slug, 1])
    client.get(url)
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    for extra in range(3):
        OutboxMessage.objects.create(
            kind=MailKind.ROUND_INVITATION,
            status=OutboxStatus.FAILED,
            to_email=f"p{extra}@example.org",
            stakeholder=person,
            scoring_round=scoring_round,
            subject="s",
            dedupe_key=f"extra-{extra}",
        )
    # The emails section adds two queries (counts, problems) whatever their number.
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_a_commissioner_sees_no_email_addresses_on_the_round_page(
    client,
    commissioner,
    scoring_round,
    person,
    smtp,
    django_capture_on_commit_callbacks,
):
    smtp.refuse = "550 No"
    invite(scoring_round, person, django_capture_on_commit_callbacks)
    client.force_login(commissioner)
    url = reverse("evaluation:round_detail", args=[scoring_round.project.slug, 1])
    assert "ann@example.org" not in client.get(url).content.decode()


def test_a_welsh_speakers_invitation_is_in_welsh(
    scoring_round, person, smtp, django_capture_on_commit_callbacks
):
    communication_needs_save(
        stakeholder=person, data={"language": "cy"}, seen_version=None, user=None
    )
    invite(scoring_round, person, django_capture_on_commit_callbacks)
    [message] = smtp.messages
    assert (
        message["Subject"].strip()
        == "Eich dolen i sgorio sut mae’r cydgynhyrchu’n mynd"
    )
    assert "Eich dolen bersonol:" in smtp.bodies(message, "plain")


def test_erasing_a_person_deletes_their_emails(
    scoring_round, person, smtp, django_capture_on_commit_callbacks
):
    from evaluation.privacy.services import stakeholder_erase

    invite(scoring_round, person, django_capture_on_commit_callbacks)
    record = stakeholder_erase(stakeholder=person, by=None)
    assert not OutboxMessage.objects.exists()
    assert record.summary["emails deleted"] == 1
