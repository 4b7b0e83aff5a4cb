"""Each dashboard issues the same number of queries for 5 and for 200 projects."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import JobStatus, ReportJob, ReportKind
from logicmodels.models import LogicModel, LogicModelVersion, ModelKind
from projects.models import Activity, ActivityKind, DiamondStage, ProjectStatus
from tests.evaluation.evidence.factories import (
    ClaimFactory,
    IndicatorFactory,
    QuoteFactory,
)
from tests.evaluation.matrix.factories import add_response, make_link, open_round
from tests.factories import OrganisationFactory, ProjectFactory


def fill(programme, n, start):
    """n projects, each with activities, an open round with a response and a link
    about to expire, quotes, a draft logic model, a claim and a finished report."""
    org = OrganisationFactory()
    indicator = IndicatorFactory(programme=programme)
    today = timezone.localdate()
    for i in range(start, start + n):
        project = ProjectFactory(
            programme=programme,
            status=ProjectStatus.ACTIVE if i % 2 else ProjectStatus.COMPLETED,
            current_stage=DiamondStage.DEFINE,
        )
        project.partners.add(org)
        Activity.objects.bulk_create(
            Activity(
                project=project,
                held_on=today - dt.timedelta(days=days),
                kind=ActivityKind.WORKSHOP,
                title=f"Workshop {days}",
                stage=DiamondStage.DISCOVER,
            )
            for days in (3, 60)
        )
        scoring_round, _ = open_round(project)
        add_response(scoring_round, "commissioner", [2])
        invitation, _ = make_link(scoring_round, label=f"Link {i}")
        invitation.expires_at = timezone.now() + dt.timedelta(days=2)
        invitation.save(update_fields=["expires_at"])
        QuoteFactory(project=project)
        QuoteFactory(project=project)
        model = LogicModel.objects.create(project=project, kind=ModelKind.A_PRIORI)
        LogicModelVersion.objects.create(logic_model=model, number=1)
        ClaimFactory(project=project, indicator=indicator)
        ReportJob.objects.create(
            kind=ReportKind.CASE_STUDY,
            project=project,
            programme=programme,
            dedupe_key=f"fill-{i}",
            status=JobStatus.DONE,
            finished_at=timezone.now(),
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name",
    [
        "evaluation:commissioner_dashboard",
        "evaluation:facilitator_home",
        "evaluation:evaluator_home",
    ],
)
def test_dashboards_issue_the_same_queries_for_5_and_200_projects(
    client, request, programme, url_name, django_assert_max_num_queries
):
    # Each role home opens only for people holding the role.
    persona = "evaluator" if "evaluator" in url_name else "facilitator"
    client.force_login(request.getfixturevalue(persona))
    kwargs = {"slug": programme.slug} if "commissioner" in url_name else {}
    url = reverse(url_name, kwargs=kwargs)
    fill(programme, 5, 0)
    small = count_queries(client, url)
    fill(programme, 195, 5)
    # Commissioner dashboard: session, user, programme and role, the projects,
    # latest rounds (rounds, dimensions, scores), stalled, outcomes (indicators,
    # claims), participation (5), reach (3) and case studies. Facilitator home:
    # session, user, projects with dates, recent activity, stalled, open rounds,
    # drafts, expiring links (2 + programme roles), programme links. Evaluator
    # home: session, user, programme roles, coding, replies, totals, reports.
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert small <= 25
