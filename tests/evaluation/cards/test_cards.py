"""QR cards for workshops: a PDF of personal links, each a working link for its
person (issued through the scoring or review service), as a QR code and in words."""

import io
import re

import pytest
import segno
from django.urls import reverse
from pypdf import PdfReader

from evaluation.cards import services
from evaluation.evidence.services import invitation_for_token
from evaluation.matrix import services as matrix_services
from evaluation.matrix.access import get_invitation_for_token
from projects.models import HistoryEvent
from tests.evaluation.evidence.factories import InvitationFactory, StageFactory
from tests.evaluation.matrix.factories import PRINCIPLES, open_round


@pytest.fixture
def scoring_round(project):
    return open_round(project, key=PRINCIPLES)[0]


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text, len(reader.pages)


def links_in(text: str, part: str) -> list[str]:
    """Links as printed (wrapped over lines on the card), joined up again."""
    flat = re.sub(r"\s+", "", text)
    return re.findall(rf"http://testserver/{part}/[A-Za-z0-9_-]{{43}}/", flat)


def test_round_cards_carry_a_working_link_for_each_person(
    client, facilitator, scoring_round, stakeholder
):
    [(invitation, old_token)] = matrix_services.invitations_create(
        scoring_round=scoring_round, stakeholders=[stakeholder]
    )
    client.force_login(facilitator)
    url = reverse("evaluation:round_cards", args=[scoring_round.project.slug, 1])
    page = client.get(url).content.decode()
    assert "Ann Example" in page and "eight cards to a page" in page
    response = client.post(
        url, {"links": [invitation.pk], "count": 9, "role_category": "young_person"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text, pages = pdf_text(response.content)
    assert pages == 2  # ten cards, eight to a page
    links = links_in(text, "score")
    assert len(links) == 10 and len(set(links)) == 10
    holders = [
        get_invitation_for_token(link.rstrip("/").rsplit("/", 1)[1]) for link in links
    ]
    assert all(h is not None and h.round_id == scoring_round.pk for h in holders)
    assert holders[0].stakeholder == stakeholder
    assert "Ann" in text and "Card 2" in text and "Card 10" in text
    assert "Example" not in text  # first names only
    assert f"Round 1: {scoring_round.project.title}" in text
    # The link sent before stops: the card's link replaced it.
    assert get_invitation_for_token(old_token) is None
    event = HistoryEvent.objects.get(
        action="downloaded", model="evaluation.scoringround"
    )
    assert event.note == "QR cards printed: 10"


def test_the_card_qr_code_encodes_the_link():
    link = "http://testserver/score/" + "A" * 43 + "/"
    svg = services.qr_svg(link)
    expected = segno.make(link, error="m", micro=False)
    assert dark_modules(svg, border=2) == {
        (x, y)
        for y, row in enumerate(expected.matrix)
        for x, dark in enumerate(row)
        if dark
    }


def dark_modules(svg: str, *, border: int) -> set[tuple[int, int]]:
    """Read back the modules segno's path draws: moves (M, m) and runs (h)."""
    path = re.search(r'class="qrline"[^>]*d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(float(a))):
                dark.add((int(x) + i - border, int(y - 0.5) - border))
            x += float(a)
    return dark


def test_review_cards_carry_working_review_links(
    client, evaluator, programme, stakeholder
):
    stage = StageFactory(programme=programme)
    invitation = InvitationFactory(stage=stage, stakeholder=stakeholder)
    client.force_login(evaluator)
    url = reverse("evaluation:stage_cards", args=[programme.slug, stage.pk])
    response = client.post(url, {"links": [invitation.pk]})
    assert response["Content-Type"] == "application/pdf"
    text, _ = pdf_text(response.content)
    [link] = links_in(text, "review")
    found, state = invitation_for_token(link.rstrip("/").rsplit("/", 1)[1])
    assert found == invitation and state == "active"
    assert "Ann" in text and "Check our draft themes" in text


def test_choosing_nobody_shows_the_form_again(client, facilitator, scoring_round):
    client.force_login(facilitator)
    url = reverse("evaluation:round_cards", args=[scoring_round.project.slug, 1])
    response = client.post(url, {"count": "3"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the role of these people." in body
    assert 'value="3"' in body


def test_other_kinds_of_stage_have_no_cards(client, evaluator, programme):
    stage = StageFactory(programme=programme, kind="interviews")
    client.force_login(evaluator)
    url = reverse("evaluation:stage_cards", args=[programme.slug, stage.pk])
    assert client.get(url).status_code == 404


def test_the_round_page_links_to_the_cards(client, facilitator, scoring_round):
    client.force_login(facilitator)
    page = client.get(
        reverse("evaluation:round_detail", args=[scoring_round.project.slug, 1])
    ).content.decode()
    assert reverse("evaluation:round_cards", args=[scoring_round.project.slug, 1]) in (
        page
    )
