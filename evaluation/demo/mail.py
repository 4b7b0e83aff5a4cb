"""Demo email and workshop cards on the open scoring round: invitations sent through
the outbox (none leaves the machine: a demo mail server stands in), one refused
because its address was mistyped, and QR cards printed for a workshop.

Built through the mail and cards services as the pages do; settings in
``data/mail.toml``. Idempotent: a round that already has emails is left as it is.
"""

import os
import smtplib

from django.contrib.auth import get_user_model
from django.core.mail.backends.base import BaseEmailBackend
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from evaluation.cards import services as card_services
from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.mail import services as mail_services
from evaluation.matrix import services as matrix_services
from evaluation.models import OutboxMessage, OutboxStatus, ScoringRound
from projects import services as project_services
from projects.models import Stakeholder

DATA = demo_data("mail")
# `make run` passes its HOST and PORT; links in the emails point at the site served.
BASE_URL = os.environ.get("COPRODUCE_DEMO_BASE_URL") or (
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)


class DemoMailServer(BaseEmailBackend):
    """Stands in for the SMTP server while the demo sends: accepts every address
    but the mistyped ones, which it refuses as a real server would."""

    def send_messages(self, email_messages):
        for message in email_messages:
            for address in message.recipients():
                if address.endswith("@" + DATA["mistyped_domain"]):
                    raise smtplib.SMTPRecipientsRefused(
                        {address: (550, b"5.1.1 No such mailbox")}
                    )
        return len(email_messages)


def _links(scoring_round, by) -> list[tuple]:
    """A link for each demo person (made, or made afresh), with their address set."""
    pairs = []
    for spec in DATA["people"]:
        person = Stakeholder.objects.filter(
            programme=scoring_round.project.programme, display_name=spec["name"]
        ).first()
        if person is None:
            continue
        if person.email != spec["email"]:
            project_services.stakeholder_update(
                stakeholder=person,
                data={"email": spec["email"]},
                groups=person.seldom_heard_groups.all(),
                seen_version=person.edit_version,
            )
            person.refresh_from_db()
        invitation = scoring_round.invitations.filter(stakeholder=person).first()
        if invitation is None:
            pairs += matrix_services.invitations_create(
                scoring_round=scoring_round, stakeholders=[person], by=by
            )
        else:
            token = matrix_services.invitation_renew(invitation=invitation, by=by)
            invitation.stakeholder = person
            pairs.append((invitation, token))
    return pairs


def demo_load() -> None:
    scoring_round = (
        ScoringRound.objects.filter(
            project__programme__slug=PROGRAMME_SLUG,
            project__slug=DATA["project"],
            number=DATA["round"],
        )
        .select_related("project__programme")
        .first()
    )
    if (
        scoring_round is None
        or OutboxMessage.objects.filter(scoring_round=scoring_round).exists()
    ):
        return
    fran = get_user_model().objects.filter(username="fran").first()
    pairs = _links(scoring_round, fran)

    def link_for(token: str) -> str:
        return BASE_URL + reverse("evaluation:score_start", args=[token])

    mail_services.round_invitations_email(
        pairs=pairs, link_for=link_for, base_url=BASE_URL
    )
    mail_services.weekly_digest_queue(base_url=BASE_URL)
    mail_services.inactivity_nudges_queue(base_url=BASE_URL)
    messages = OutboxMessage.objects.filter(status=OutboxStatus.QUEUED)
    with override_settings(EMAIL_BACKEND="evaluation.demo.mail.DemoMailServer"):
        for message in messages:
            mail_services.message_send(message_id=message.pk)
        # The refused one was tried once more when its wait was over.
        failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED)
        for message in failed:
            failed.filter(pk=message.pk).update(next_try_at=timezone.now())
            mail_services.message_send(message_id=message.pk)
    card_services.round_cards_issue(
        scoring_round=scoring_round,
        links=[],
        count=DATA["cards"],
        role_category=DATA["cards_role"],
        by=fran,
        link_for=link_for,
    )
