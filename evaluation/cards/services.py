"""QR code cards for workshops: each card a personal link (issued through the
scoring or member-checking service, so expiry and closing rules apply) as a QR code
and written out, eight to an A4 page with cut lines."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import segno
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from coproduce import history
from evaluation.evidence import services as evidence_services
from evaluation.matrix import services as matrix_services
from evaluation.models import EvaluationStage, Invitation, RoundInvitation, ScoringRound
from evaluation.reports.pdf import html_to_pdf

CARDS_PER_PAGE = 8


@dataclass(frozen=True)
class Card:
    name: str
    link: str
    title: str
    closes_on: dt.date
    qr_svg: str
    action: str


def qr_svg(url: str) -> str:
    """The link as an inline SVG QR code (error correction M, so a creased card
    still scans); sized by the card's CSS."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=4, border=2, dark="#000", light="#fff", title="QR code: " + url
    )


def _first_name(person) -> str:
    if person is None or person.is_erased:
        return ""
    return person.display_name.split()[0]


def _card(*, number, person, link, title, expires_at, action) -> Card:
    return Card(
        name=_first_name(person) or f"Card {number}",
        link=link,
        title=title,
        closes_on=timezone.localtime(expires_at).date(),
        qr_svg=qr_svg(link),
        action=action,
    )


@transaction.atomic
def round_cards_issue(
    *,
    scoring_round: ScoringRound,
    links: Iterable[RoundInvitation],
    count: int = 0,
    role_category: str = "",
    by=None,
    link_for: Callable[[str], str],
) -> list[Card]:
    """Fresh links for the chosen people (their expiry kept) and ``count`` new
    unnamed links, as cards."""
    pairs = []
    for invitation in links:
        expires_at = invitation.expires_at
        token = matrix_services.invitation_renew(invitation=invitation, days=1, by=by)
        RoundInvitation.objects.filter(pk=invitation.pk).update(expires_at=expires_at)
        invitation.expires_at = expires_at
        pairs.append((invitation, token))
    if count:
        pairs += matrix_services.invitations_create(
            scoring_round=scoring_round,
            role_category=role_category,
            count=count,
            label="Workshop card",
            by=by,
        )
    title = f"Round {scoring_round.number}: {scoring_round.project.title}"
    cards = [
        _card(
            number=number,
            person=invitation.stakeholder,
            link=link_for(token),
            title=title,
            expires_at=invitation.expires_at,
            action="Score how co-production is going",
        )
        for number, (invitation, token) in enumerate(pairs, start=1)
    ]
    history.read_record(
        instance=scoring_round,
        action=history.Action.DOWNLOADED,
        note=f"QR cards printed: {len(cards)}",
    )
    return cards


@transaction.atomic
def stage_cards_issue(
    *,
    stage: EvaluationStage,
    links: Iterable[Invitation],
    by=None,
    link_for: Callable[[str], str],
) -> list[Card]:
    """Fresh review links for the chosen invitations, as cards."""
    cards = []
    for number, invitation in enumerate(links, start=1):
        token = evidence_services.invitation_link_issue(invitation=invitation, by=by)
        cards.append(
            _card(
                number=number,
                person=invitation.stakeholder,
                link=link_for(token),
                title=stage.name,
                expires_at=invitation.link_expires_at,
                action="Check our draft themes",
            )
        )
    history.read_record(
        instance=stage,
        action=history.Action.DOWNLOADED,
        note=f"QR cards printed: {len(cards)}",
    )
    return cards


def cards_html(*, cards: list[Card], title: str) -> str:
    pages = [
        cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)
    ]
    return render_to_string("pdf/cards.html", {"pages": pages, "title": title})


def cards_pdf(*, cards: list[Card], title: str) -> bytes:
    return html_to_pdf(cards_html(cards=cards, title=title)).content
