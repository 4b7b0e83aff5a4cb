"""The programme's decisions: counts by stage and by role, lived-experience changes
counted once per decision, beside the latest matrix scores, in bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.decisions import selectors
from evaluation.models import InputEffect
from projects.models import DiamondStage, RoleCategory
from tests.evaluation.decisions.factories import make_decision, make_input
from tests.evaluation.matrix.factories import add_response, open_round
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
R = RoleCategory


def _by_stage(programme):
    return {s.stage: s for s in selectors.decisions_by_stage(programme.projects.all())}


def test_lived_experience_changes_are_counted_once_per_decision(programme, project):
    both = make_decision(project, stage=DiamondStage.DEVELOP)
    make_input(both, role_category=R.YOUNG_PERSON)
    make_input(both, role_category=R.SERVICE_USER)  # two lived groups, one decision
    asked_only = make_decision(project, stage=DiamondStage.DEVELOP)
    make_input(asked_only, role_category=R.PATIENT_REP, effect=InputEffect.NOT_CHANGED)
    make_input(asked_only, role_category=R.COMMISSIONER)  # a professional changed it
    professional = make_decision(project, stage=DiamondStage.DEFINE)
    make_input(professional, role_category=R.CLINICIAN)
    make_decision(project, stage=DiamondStage.DISCOVER)  # nobody's input recorded
    other_programme = make_decision(ProjectFactory(), stage=DiamondStage.DEVELOP)
    make_input(other_programme, role_category=R.YOUNG_PERSON)

    stages = _by_stage(programme)
    develop = stages[DiamondStage.DEVELOP]
    assert (develop.total, develop.lived_asked, develop.lived_changed) == (2, 2, 1)
    define = stages[DiamondStage.DEFINE]
    assert (define.total, define.lived_asked, define.lived_changed) == (1, 0, 0)
    assert stages[DiamondStage.DISCOVER].total == 1
    assert stages[DiamondStage.DELIVER].total == 0
    totals = selectors.stage_totals(list(stages.values()))
    assert (totals.total, totals.lived_asked, totals.lived_changed) == (4, 2, 1)

    roles = {r.role: r for r in selectors.inputs_by_role(programme.projects.all())}
    assert (roles[R.PATIENT_REP].asked, roles[R.PATIENT_REP].changed) == (1, 0)
    assert (roles[R.YOUNG_PERSON].asked, roles[R.YOUNG_PERSON].changed) == (1, 1)
    assert roles[R.YOUNG_PERSON].is_lived and not roles[R.COMMISSIONER].is_lived
    assert R.ARTIST not in roles


def test_projects_are_listed_beside_their_latest_scores(programme, project):
    make_input(make_decision(project), role_category=R.YOUNG_PERSON)
    scoring_round, _ = open_round(project)
    for _ in range(3):
        add_response(scoring_round, R.YOUNG_PERSON, [2])
    ProjectFactory(programme=programme)  # no decisions
    rows, without = selectors.project_rows(programme.projects.all())
    assert [row.project for row in rows] == [project]
    assert rows[0].lived_changed == 1
    assert rows[0].latest.round == scoring_round
    assert rows[0].latest.point.lived == 2
    assert without == 1


def test_the_programme_view_shows_the_chart_and_its_table(
    client, programme, project, commissioner
):
    decision = make_decision(project, stage=DiamondStage.DELIVER)
    make_input(decision, role_category=R.YOUNG_PERSON)
    client.force_login(commissioner)
    page = client.get(
        reverse("evaluation:programme_decisions", args=[programme.slug])
    ).content.decode()
    assert (
        '<title id="decisions-by-stage-title">Decisions by Double Diamond stage' in page
    )
    assert "Deliver: 1 decision, 1 changed by people with lived experience" in page
    assert "changed the outcome of <strong>1</strong>" in page
    assert '<th scope="row">Deliver</th><td class="text-end">1</td>' in page


def test_an_empty_programme_says_who_can_add_decisions(client, programme, commissioner):
    client.force_login(commissioner)
    page = client.get(
        reverse("evaluation:programme_decisions", args=[programme.slug])
    ).content.decode()
    assert "No decisions have been logged in this programme yet." in page


def test_project_members_only_are_refused_the_programme_view(
    client, programme, project_facilitator
):
    client.force_login(project_facilitator)
    response = client.get(
        reverse("evaluation:programme_decisions", args=[programme.slug])
    )
    assert response.status_code == 403


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _decisions(programme, n, project=None):
    for i in range(n):
        target = project or ProjectFactory(programme=programme)
        decision = make_decision(target, stage=DiamondStage.values[i % 4])
        scoring_round, _ = open_round(target)
        add_response(scoring_round, R.YOUNG_PERSON, [2])
        make_input(decision, role_category=R.YOUNG_PERSON, scoring_round=scoring_round)
        make_input(
            decision, role_category=R.COMMISSIONER, effect=InputEffect.NOT_CHANGED
        )


def test_the_programme_view_keeps_its_queries_whatever_the_size(
    client, programme, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("evaluation:programme_decisions", args=[programme.slug])
    _decisions(programme, 2)
    small = _count(client, url)
    _decisions(programme, 12)
    # session, user, programme, access (2); stage counts, role counts; decision
    # counts per project, the matrix's latest rounds (up to five), projects with
    # decisions, the number of projects.
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 14, small


def test_the_decision_log_keeps_its_queries_whatever_the_size(
    client, project, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("evaluation:decision_log", args=[project.slug])
    _decisions(project.programme, 2, project=project)
    small = _count(client, url)
    _decisions(project.programme, 12, project=project)
    # session, user, project, access (3); decisions, people who decided, inputs,
    # quotes, activities; cited rounds' siblings, dimensions, scores, levels.
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 15, small
