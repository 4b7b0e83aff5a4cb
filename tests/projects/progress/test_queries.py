"""Query budgets of the progress pages do not grow with activities or projects."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import Effect, FactorObservation
from projects.models import (
    Activity,
    Attendance,
    DiamondStage,
    Headcount,
    StageTransition,
    TransitionKind,
)
from tests.factories import ProjectFactory, StakeholderFactory


def fill_activities(project, n, person):
    """n activities spread over the stages, each with a named attendee and a
    headcount, plus a stage move and a + entry per ten activities."""
    stages = DiamondStage.values
    start = Activity.objects.filter(project=project).count()
    activities = Activity.objects.bulk_create(
        Activity(
            project=project,
            held_on=dt.date(2020, 1, 1) + dt.timedelta(days=start + i),
            kind="workshop",
            title=f"Workshop {start + i}",
            stage=stages[i % 4],
            co_constructed=bool(i % 2),
        )
        for i in range(n)
    )
    Attendance.objects.bulk_create(
        Attendance(activity=a, stakeholder=person, role_category=person.role_category)
        for a in activities
    )
    Headcount.objects.bulk_create(
        Headcount(activity=a, role_category="artist", count=3, seldom_heard_count=1)
        for a in activities
    )
    StageTransition.objects.bulk_create(
        StageTransition(
            project=project,
            from_stage=stages[i % 4],
            to_stage=stages[(i + 1) % 4],
            kind=TransitionKind.FORWARD,
            happened_on=dt.date(2020, 1, 1),
            rationale="Moved.",
        )
        for i in range(n // 10)
    )
    FactorObservation.objects.bulk_create(
        FactorObservation(
            project=project, stage=stages[i % 4], effect=Effect.ENABLER, text="Help."
        )
        for i in range(n // 10)
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name, budget",
    [
        # session, user, project, access (3), partners, people + groups, briefs,
        # comments, transitions, recent activities with totals, story sections.
        ("projects:project_detail", 15),
        # session, user, project, access (3), count, page with totals, then the
        # participation figures (per stage, totals, roles named/counted, seldom 2).
        ("projects:activity_list", 15),
        # ... activities with totals, transitions, briefs.
        ("projects:project_timeline", 11),
    ],
)
def test_project_pages_do_not_grow_from_10_to_1000_activities(
    client, facilitator, project, url_name, budget, django_assert_max_num_queries
):
    person = StakeholderFactory(programme=project.programme)
    client.force_login(facilitator)
    url = reverse(url_name, args=[project.slug])
    fill_activities(project, 10, person)
    small = count_queries(client, url)
    fill_activities(project, 990, person)
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= budget


@pytest.mark.parametrize(
    "url_name, budget",
    [
        # The programme page keeps its budget: the diamond uses the same project rows.
        ("projects:programme_detail", 14),
        # session, user, programme, access, projects, participation (6), stalled.
        ("projects:programme_progress", 14),
    ],
)
def test_programme_pages_do_not_grow_from_5_to_200_projects(
    client, facilitator, programme, url_name, budget, django_assert_max_num_queries
):
    person = StakeholderFactory(programme=programme)

    def add_projects(n):
        for _ in range(n):
            project = ProjectFactory(programme=programme, current_stage="define")
            fill_activities(project, 2, person)

    client.force_login(facilitator)
    url = reverse(url_name, args=[programme.slug])
    add_projects(5)
    small = count_queries(client, url)
    add_projects(195)
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= budget


def test_activity_detail_queries_do_not_grow_with_attendance(
    client, facilitator, project, django_assert_max_num_queries
):
    client.force_login(facilitator)
    fill_activities(project, 1, StakeholderFactory(programme=project.programme))
    activity = Activity.objects.get()
    url = activity.get_absolute_url()
    small = count_queries(client, url)
    Attendance.objects.bulk_create(
        Attendance(
            activity=activity,
            stakeholder=StakeholderFactory(programme=project.programme),
            role_category="artist",
        )
        for _ in range(50)
    )
    with django_assert_max_num_queries(small):
        client.get(url)
