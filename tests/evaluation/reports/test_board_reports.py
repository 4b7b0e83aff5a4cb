"""Reports a board would accept: an executive summary at the front, scores grouped by
framework, a commissioner summary of two full pages, and empty sections that say
who can fill them."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from evaluation.decisions import services as decision_services
from evaluation.models import ClaimStatus, ContributionLevel, ReportKind
from evaluation.outcomes import services as outcome_services
from evaluation.reports import context as report_context
from evaluation.reports import executive
from evaluation.reports import services as report_services
from evaluation.reports.html import report_html
from projects.models import ProjectStatus
from tests.evaluation.evidence.factories import ClaimFactory, IndicatorFactory
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round

pytestmark = pytest.mark.django_db

EMPTY_OUTCOMES = (
    "No outcomes have been assessed yet. An evaluator can add a contribution claim "
    "on the Outcomes page."
)


def _pdf_pages(result) -> list[str]:
    reader = PdfReader(io.BytesIO(result.content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_case_study_opens_with_a_summary_written_from_its_data(project):
    project.status = ProjectStatus.ACTIVE
    project.save(update_fields=["status"])
    scoring_round, _ = open_round(project, held_on=dt.date(2026, 1, 5))
    add_response(scoring_round, "commissioner", [2])
    context = report_context.case_study_context(project)
    summary = context["executive"]
    assert any(
        "0 of " in line and "5 January 2026" in line for line in summary.achieved
    )
    assert EMPTY_OUTCOMES in summary.achieved
    assert any("ready to leave" in line for line in summary.decide)
    figures = {f.label: f for f in summary.figures}
    assert figures["Activities"].value == "0"
    assert figures[
        f"{scoring_round.version.framework.name}: parts at target"
    ].as_of == (dt.date(2026, 1, 5))
    # The same function, given other data, says other things: nothing is stored.
    summary = executive.project_summary(context, today=dt.date(2026, 12, 1))
    assert any("last round was on 5 January 2026" in line for line in summary.decide)


def test_case_study_pdf_puts_the_summary_alone_on_page_one(project):
    pages = _pdf_pages(
        report_services.report_pdf(ReportKind.CASE_STUDY, project=project)
    )
    assert "Executive summary" in pages[0] and "What to decide next" in pages[0]
    assert "Contents" not in pages[0] and "Contents" in pages[1]
    assert EMPTY_OUTCOMES in " ".join(pages)


def test_programme_report_scores_each_framework_against_its_own_target(
    programme, project
):
    matrix_round, _ = open_round(project)
    add_response(matrix_round, "commissioner", [2])
    six_round, _ = open_round(project, key=PRINCIPLES)
    add_response(six_round, "commissioner", [3])
    context = report_context.programme_context(programme)
    groups = {g.framework: g for g in context["score_groups"]}
    assert set(groups) == {matrix_round.version.framework, six_round.version.framework}
    assert "scores" in [s.id for s in context["sections"]]
    html = report_html(ReportKind.PROGRAMME, context)
    for framework in groups:
        assert f"{framework.name}: each project's latest round" in html
    assert "Executive summary" in html
    assert html.index("Executive summary") < html.index("Contents")


def test_commissioner_summary_covers_path_scores_decisions_risks_and_next_steps(
    project, facilitator
):
    first, _ = open_round(project, held_on=dt.date(2026, 1, 5))
    add_response(first, "commissioner", [2])
    second, _ = open_round(project, held_on=dt.date(2026, 6, 5))
    add_response(second, "commissioner", [3])
    ClaimFactory(
        project=project,
        indicator=IndicatorFactory(programme=project.programme, name="Policy changed"),
        status=ClaimStatus.PARTLY,
        contribution=ContributionLevel.SIGNIFICANT,
    )
    decision_services.decision_create(
        project=project,
        data={
            "title": "Focus on support after diagnosis",
            "decided_on": dt.date(2026, 2, 1),
            "stage": "define",
            "method": "consensus",
            "decided_by_roles": ["commissioner"],
        },
        user=facilitator,
    )
    context = report_context.summary_context(project)
    [trend] = context["score_trends"]
    assert trend["round"] == second and trend["previous"] == first
    assert trend["change"] == pytest.approx(1.0)
    html = report_html(ReportKind.SUMMARY, context)
    for words in (
        "<svg",
        "Round 2, 5 Jun 2026",
        "Up 1.0 since 5 Jan 2026",
        "Policy changed",
        "Focus on support after diagnosis",
        "Risks",
        "Next steps",
        "two or more levels below target",
    ):
        assert words in html, words
    pages = _pdf_pages(report_services.report_pdf(ReportKind.SUMMARY, project=project))
    assert len(pages) <= 2


def test_theory_when_conditions_are_listed_one_per_line(programme):
    version = outcome_services.theory_version_create(
        programme=programme,
        data={"title": "Original", "dated": dt.date(2025, 3, 1), "note": ""},
        user=None,
        copy_statements=False,
    )
    version.statements.create(
        if_text="We fund it",
        then_text="It happens",
        when_text="Leaders back it\nPeople have time",
    )
    html = report_html(
        ReportKind.PROGRAMME, report_context.programme_context(programme)
    )
    assert (
        '<ul class="when"><li>Leaders back it</li><li>People have time</li></ul>'
        in html
    )
