"""Finished coding rounds in the programme report."""

import io

import pytest
from pypdf import PdfReader

from evaluation.coding import services
from evaluation.models import ReportKind
from evaluation.reports import context as report_context
from evaluation.reports import services as report_services
from evaluation.reports.html import report_html

pytestmark = pytest.mark.django_db


def _finish(coding_round, ana, ben, evaluator):
    """Ana and Ben agree on three of four quotes; the fourth is settled."""
    q1, q2, q3, q4 = coding_round.quotes.order_by("pk")
    one, _ = coding_round.themes.order_by("pk")
    given = {
        ana: {q1.pk: [one], q2.pk: [one], q3.pk: [], q4.pk: []},
        ben: {q1.pk: [one], q2.pk: [one], q3.pk: [], q4.pk: [one]},
    }
    for user, codes in given.items():
        coder = coding_round.coders.get(user=user)
        services.coder_codes_save(
            coder=coder, codes=codes, seen_version=coder.edit_version, submit=True
        )
    coding_round.refresh_from_db()
    services.settlement_record(
        coding_round=coding_round,
        quote=q4,
        themes=[one],
        reason="Fits.",
        user=evaluator,
    )
    services.round_finish(
        coding_round=coding_round,
        seen_version=coding_round.edit_version,
        user=evaluator,
    )


def test_the_report_says_when_no_round_is_finished(programme, coding_round):
    html = report_html(
        ReportKind.PROGRAMME, report_context.programme_context(programme)
    )
    assert "Agreement between coders" in html
    assert "No coding round has been finished yet." in html


def test_a_finished_round_shows_its_agreement_per_theme(
    programme, coding_round, ana, ben, evaluator
):
    _finish(coding_round, ana, ben, evaluator)
    context = report_context.programme_context(programme)
    [item] = context["coding_rounds"]
    # Theme one: p_o = 3/4, chance 1/2, so kappa = 0.5; nobody used theme two.
    assert item["result"]["rows"][0].figure.value == pytest.approx(0.5)
    assert item["settled"] == 1
    html = report_html(ReportKind.PROGRAMME, context)
    section = html.split('id="coding"')[1]
    assert coding_round.title in section
    assert "<svg" in section
    assert "Moderate agreement" in section
    assert "Not enough data" in section
    assert "1 disagreement settled" in section
    assert "3 of 4 (75&#8239;%)" in section


def test_the_pdf_carries_the_agreement_section(
    programme, coding_round, ana, ben, evaluator
):
    _finish(coding_round, ana, ben, evaluator)
    result = report_services.report_pdf(ReportKind.PROGRAMME, programme=programme)
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(result.content)).pages
    )
    assert "Agreement between coders" in text
    flat = " ".join(text.split())
    assert "Moderate agreement" in flat
    assert "They are a convention, not a test." in flat
