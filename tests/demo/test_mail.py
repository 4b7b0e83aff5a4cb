"""The demo's email and workshop cards: invitations sent through the outbox, one
refused (a mistyped address, tried twice) shown on the round page with "Try again",
and QR cards printed for the open round."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from evaluation.demo.mail import DATA
from evaluation.models import OutboxMessage, OutboxStatus, ScoringRound
from projects.models import HistoryEvent

pytestmark = pytest.mark.django_db


def test_the_demo_round_shows_sent_emails_a_refused_one_and_printed_cards(client):
    call_command("demo", force=True)
    call_command("demo", force=True)  # a second run adds nothing
    scoring_round = ScoringRound.objects.get(
        project__slug=DATA["project"], number=DATA["round"]
    )
    messages = OutboxMessage.objects.filter(scoring_round=scoring_round)
    assert messages.count() == len(DATA["people"])
    failed = messages.get(status=OutboxStatus.FAILED)
    assert failed.attempts == 2 and "550" in failed.last_error
    assert failed.to_email.endswith("@" + DATA["mistyped_domain"])
    assert messages.filter(status=OutboxStatus.SENT).count() == 1
    assert OutboxMessage.objects.filter(kind="weekly_digest", status="sent").exists()
    assert HistoryEvent.objects.filter(
        model="evaluation.scoringround",
        object_id=str(scoring_round.pk),
        note=f"QR cards printed: {DATA['cards']}",
    ).exists()

    client.force_login(get_user_model().objects.get(username="fran"))
    page = client.get(
        reverse("evaluation:round_detail", args=[DATA["project"], DATA["round"]])
    ).content.decode()
    assert "1 invitation could not be sent" in page and "Try again" in page
    assert "Print QR cards" in page
