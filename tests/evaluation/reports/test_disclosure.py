"""Small groups in reports: the context, the HTML and a real PDF read back."""

import io

import pytest
from django.test import override_settings
from pypdf import PdfReader

from evaluation.evidence import services as evidence_services
from evaluation.models import ReportKind
from evaluation.reports import context as report_context
from evaluation.reports import services as report_services
from evaluation.reports.html import report_html
from tests.evaluation.evidence.factories import StageFactory
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

EXPLANATION = (
    "Groups with fewer than 3 people are combined or not shown, so nobody can be "
    "identified."
)


@pytest.fixture
def stage(programme):
    """One artist, two clinicians and five patient representatives invited."""
    stage = StageFactory(programme=programme, name="Interviews in spring")
    for role, invited, took_part in [
        ("artist", 1, 1),
        ("clinician", 2, 1),
        ("patient_rep", 5, 3),
    ]:
        for n in range(invited):
            evidence_services.invitation_create(
                stage=stage,
                stakeholder=StakeholderFactory(programme=programme, role_category=role),
                took_part=n < took_part,
            )
    return stage


def test_programme_report_combines_the_small_groups_in_its_response_rates(
    programme, stage
):
    context = report_context.programme_context(programme)
    [block] = context["stages"]
    rows = [(r.label, r.invited, r.took_part, r.note) for r in block["rows"]]
    assert rows == [
        ("Patient representative", 5, 3, ""),
        ("Other groups combined", 3, 2, "Clinician, Artist"),
    ]
    html = report_html(ReportKind.PROGRAMME, context)
    assert "Other groups combined (Clinician, Artist)" in html
    assert EXPLANATION in html
    assert "<td>Artist</td>" not in html


def test_programme_pdf_read_back_shows_the_combined_group(programme, stage):
    result = report_services.report_pdf(ReportKind.PROGRAMME, programme=programme)
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(result.content)).pages
    )
    text = " ".join(text.split())
    assert "Other groups combined (Clinician, Artist)" in text
    assert EXPLANATION in text


def test_case_study_hides_a_side_with_too_few_answers_and_says_why(project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    for _ in range(3):
        add_response(scoring_round, "commissioner", [3])
    add_response(scoring_round, "young_person", [1])
    context = report_context.case_study_context(project)
    [block] = context["matrix"]
    first = block["results"].dimensions[0]
    assert first.professionals.median == 3 and not first.lived.shown
    html = report_html(ReportKind.CASE_STUDY, context)
    assert "fewer than 3 of them answered" in html
    assert EXPLANATION in html
    with override_settings(DISCLOSURE_MIN_GROUP=1):
        context = report_context.case_study_context(project)
        assert context["matrix"][0]["results"].dimensions[0].lived.median == 1
        assert "fewer than 1 of them answered" in report_html(
            ReportKind.CASE_STUDY, context
        )
