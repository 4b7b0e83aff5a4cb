"""Past REPORT_DETAIL_MAX projects the programme report summarises: one short row per
project, the factors by stage, the projects furthest from target; what it leaves
out it says where to find."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from evaluation.factors import analysis
from evaluation.models import Effect, ReportKind
from evaluation.reports import context as report_context
from evaluation.reports import services as report_services
from projects.models import DiamondStage, ProjectStatus
from tests.evaluation.evidence.factories import FactorFactory, ObservationFactory
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(programme, monkeypatch):
    """Six projects, summarised from four: two factors seen at different stages,
    and three projects scored, each further from target than the last."""
    monkeypatch.setattr(report_context, "REPORT_DETAIL_MAX", 4)
    monkeypatch.setattr(report_context, "SUMMARY_SCORES_SHOWN", 2)
    trust, money = (
        FactorFactory(group__programme=programme, name=name)
        for name in ("Trust between partners", "Money for travel")
    )
    projects = [
        ProjectFactory(
            programme=programme,
            title=f"Site {n}",
            brief=f"The design brief of site {n}.",
            current_stage=DiamondStage.DEFINE,
            status=ProjectStatus.ACTIVE,
        )
        for n in range(1, 7)
    ]
    # Trust helped three projects at Discover; one of them again at Define. Money
    # hindered two at Develop, one of them twice.
    for project in projects[:3]:
        ObservationFactory(project=project, factor=trust, stage=DiamondStage.DISCOVER)
    ObservationFactory(project=projects[0], factor=trust, stage=DiamondStage.DEFINE)
    for project in (projects[3], projects[4], projects[4]):
        ObservationFactory(
            project=project,
            factor=money,
            stage=DiamondStage.DEVELOP,
            effect=Effect.BARRIER,
        )
    for project, level in zip(projects[:3], (3, 2, 1), strict=True):
        scoring_round, _ = open_round(project, key=PRINCIPLES)
        for _ in range(3):
            add_response(scoring_round, "commissioner", [level])
    return {"projects": projects, "trust": trust, "money": money}


def test_factors_by_stage_count_projects_once_per_stage_and_once_in_all(programme, big):
    data = analysis.heatmap_by_stage(programme, [big["trust"], big["money"]])
    assert [row.title for row in data.projects] == [
        "Discover",
        "Define",
        "Develop",
        "Deliver",
        "Any stage",
    ]
    trust, money = big["trust"].pk, big["money"].pk
    assert data.cell(DiamondStage.DISCOVER, trust).enablers == 3
    assert data.cell(DiamondStage.DEFINE, trust).enablers == 1
    assert data.cell(analysis.ANY_STAGE, trust).enablers == 3
    # Site 5 recorded the barrier twice: still one project.
    assert data.cell(DiamondStage.DEVELOP, money).barriers == 2
    assert data.cell(analysis.ANY_STAGE, money).label == "−2"
    assert data.cell(DiamondStage.DELIVER, money).total == 0


def test_a_big_programme_report_summarises_and_says_where_the_detail_is(programme, big):
    context = report_context.programme_context(programme)
    assert context["detailed"] is False
    (scores,) = context["score_groups"]
    # Two listed, all three counted; the executive summary counts every one.
    assert [row.project.title for row in scores.rows] == ["Site 3", "Site 2"]
    assert scores.count == 3
    assert scores.project_ids == {p.pk for p in big["projects"][:3]}

    result = report_services.report_pdf(ReportKind.PROGRAMME, programme=programme)
    reader = PdfReader(io.BytesIO(result.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Every project: 6" in text
    for project in big["projects"]:
        assert project.title in text
    # Briefs are left to each project's case study; the portfolio says so.
    assert "design brief of site" not in text
    assert "design brief and story are in its own case study" in text
    assert "Projects recording each factor as an enabler" in text
    assert "Any stage" in text
    assert "Cross-case analysis page" in text
    assert "the 2 projects furthest from target, of 3" in text
    assert "Site 1" in text  # in the portfolio, though not among the scores listed
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert result.refused_urls == []


def test_a_programme_at_the_limit_keeps_every_detail(programme, big, monkeypatch):
    monkeypatch.setattr(report_context, "REPORT_DETAIL_MAX", 6)
    context = report_context.programme_context(programme)
    assert context["detailed"] is True
    assert len(context["score_groups"][0].rows) == 3
    result = report_services.report_pdf(ReportKind.PROGRAMME, programme=programme)
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(result.content)).pages
    )
    assert "design brief of site 6" in " ".join(text.split())


def test_the_reports_page_says_when_a_programme_report_is_shorter(
    client, commissioner, project
):
    client.force_login(commissioner)
    page = client.get(
        reverse("evaluation:programme_reports", args=[project.programme.slug])
    ).content.decode()
    assert (
        f"With more than {report_context.REPORT_DETAIL_MAX} projects it is shorter"
        in page
    )
    assert f"the {report_context.SUMMARY_SCORES_SHOWN} projects furthest" in page
