"""The decisions sections of the case study and the programme report: what they
hold, what readers may not see, the empty state, and a PDF read back."""

import io
import re

import pytest
from pypdf import PdfReader

from evaluation.models import Consent, InputEffect, ReportKind
from evaluation.reports import context as report_context
from evaluation.reports.html import report_html
from evaluation.reports.pdf import html_to_pdf
from projects.models import DiamondStage, ProjectStakeholder, RoleCategory
from tests.evaluation.decisions.factories import make_decision, make_input
from tests.evaluation.evidence.factories import QuoteFactory
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def _section(html: str, ident: str) -> str:
    match = re.search(rf'<section id="{ident}">(.*?)</section>', html, re.S)
    assert match, f"no section {ident}"
    return match.group(1)


@pytest.fixture
def logged(project):
    lead = StakeholderFactory(
        programme=project.programme,
        display_name="Dana Lead",
        role_category=RoleCategory.COMMISSIONER,
    )
    ProjectStakeholder.objects.create(project=project, stakeholder=lead)
    decision = make_decision(
        project,
        title="Pathways will run the new service",
        options=["Pathways", "Northfield Care"],
        stage=DiamondStage.DELIVER,
    )
    said = QuoteFactory(
        project=project,
        role_category=RoleCategory.YOUNG_PERSON,
        text="We marked Northfield down and they did not get it.",
    )
    secret = QuoteFactory(
        project=project, consent=Consent.MAY_NOT, text="Off the record."
    )
    make_input(decision, quotes=[said, secret])
    make_input(
        decision,
        role_category=RoleCategory.COMMISSIONER,
        stakeholder=lead,
        effect=InputEffect.NOT_CHANGED,
        account="The lead commissioner's view was asked for at the panel.",
    )
    return decision


def test_the_case_study_context_holds_the_decisions_as_readers_see_them(
    project, logged
):
    context = report_context.case_study_context(project)
    [decision] = context["decisions"]
    assert decision == logged
    inputs = list(decision.inputs.all())
    assert [i.role_category for i in inputs] == [
        RoleCategory.YOUNG_PERSON,  # changed the outcome: listed first
        RoleCategory.COMMISSIONER,
    ]
    assert [q.text for q in inputs[0].quotes.all()] == [
        "We marked Northfield down and they did not get it."
    ]
    assert "decisions" in [s.id for s in context["sections"]]


def test_the_case_study_section_names_roles_options_and_who_changed_it(project, logged):
    html = report_html(
        ReportKind.CASE_STUDY, report_context.case_study_context(project)
    )
    section = _section(html, "decisions")
    assert "Decisions and whose input changed them" in section
    assert "<li>Pathways</li><li>Northfield Care</li>" in section
    assert "<strong>Young person</strong>: their input changed the outcome." in section
    assert (
        "<strong>Commissioner</strong>: asked, but their input did not change"
        in section
    )
    assert "Off the record." not in section
    assert "Dana Lead" not in section  # reports attribute by role only


def test_an_empty_case_study_section_says_who_can_add_decisions(project):
    html = report_html(
        ReportKind.CASE_STUDY, report_context.case_study_context(project)
    )
    section = _section(html, "decisions")
    assert "No decisions have been logged for this project yet." in section
    assert "Facilitators and evaluators of the project can add decisions" in section


def test_the_programme_report_counts_decisions_and_lists_them(
    programme, project, logged
):
    context = report_context.programme_context(programme)
    totals = context["decisions"]["totals"]
    assert (totals.total, totals.lived_asked, totals.lived_changed) == (1, 1, 1)
    section = _section(report_html(ReportKind.PROGRAMME, context), "decisions")
    assert "Deliver: 1 decision, 1 changed by people with lived experience" in section
    assert f"<h3>{project.title}</h3>" in section
    assert "<h4>Pathways will run the new service</h4>" in section


def test_the_case_study_pdf_reads_back_the_decision(project, logged):
    html = report_html(
        ReportKind.CASE_STUDY, report_context.case_study_context(project)
    )
    pdf = html_to_pdf(html)
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    flat = " ".join(text.split())
    assert "Decisions and whose input changed them" in flat
    assert "Pathways will run the new service" in flat
    assert "Young person: their input changed the outcome." in flat
    assert "We marked Northfield down and they did not get it." in flat
