"""Dashboards: who goes where, what each panel shows, and who may see it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import (
    ClaimStatus,
    ContributionLevel,
    JobStatus,
    ReportJob,
    ReportKind,
    ThemeReview,
)
from logicmodels.models import LogicModel, LogicModelVersion, ModelKind
from projects.models import (
    AccessRole,
    Activity,
    ActivityKind,
    DiamondStage,
    OrganisationKind,
    ProjectMembership,
    ProjectStatus,
)
from tests.evaluation.evidence.factories import (
    ClaimFactory,
    IndicatorFactory,
    InvitationFactory,
    QuoteFactory,
    StageFactory,
    ThemeFactory,
)
from tests.evaluation.matrix.factories import (
    PRINCIPLES,
    add_response,
    make_link,
    open_round,
)
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory

PROGRAMME_DASHBOARD = "evaluation:commissioner_dashboard"


def activity(project, *, days_ago=1, title="Planning meeting"):
    return Activity.objects.create(
        project=project,
        held_on=timezone.localdate() - dt.timedelta(days=days_ago),
        kind=ActivityKind.MEETING,
        title=title,
        stage=DiamondStage.DISCOVER,
    )


def done_job(project, kind=ReportKind.CASE_STUDY, key="job"):
    return ReportJob.objects.create(
        kind=kind,
        project=project,
        programme=project.programme,
        dedupe_key=key,
        status=JobStatus.DONE,
        finished_at=timezone.now(),
    )


def dashboard_url(programme):
    return reverse(PROGRAMME_DASHBOARD, args=[programme.slug])


# --- Who goes where ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("facilitator", "evaluation:facilitator_home"),
        ("project_facilitator", "evaluation:facilitator_home"),
        ("evaluator", "evaluation:evaluator_home"),
        ("viewer", "projects:project_list"),
    ],
)
def test_home_sends_each_user_to_the_dashboard_of_their_strongest_role(
    client, request, persona, expected
):
    client.force_login(request.getfixturevalue(persona))
    for url in (reverse("home"), reverse("evaluation:dashboard")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse(expected)


def test_commissioner_goes_to_their_programme_dashboard(
    client, commissioner, programme
):
    client.force_login(commissioner)
    response = client.get(reverse("home"))
    assert response.url == dashboard_url(programme)


def test_project_only_commissioner_goes_to_the_project_list(client, project):
    member = UserFactory(username="project-commissioner")
    ProjectMembership.objects.create(
        user=member, project=project, role=AccessRole.COMMISSIONER
    )
    client.force_login(member)
    assert client.get("/").url == reverse("projects:project_list")


def test_facilitator_role_wins_over_commissioner_role(client, commissioner, project):
    ProjectMembership.objects.create(
        user=commissioner, project=project, role=AccessRole.FACILITATOR
    )
    client.force_login(commissioner)
    assert client.get("/").url == reverse("evaluation:facilitator_home")


def test_nav_links_to_the_dashboard_first(client, facilitator):
    client.force_login(facilitator)
    body = client.get(reverse("projects:project_list")).content.decode()
    dashboard = body.index(f'href="{reverse("evaluation:dashboard")}"')
    assert dashboard < body.index(f'href="{reverse("evaluation:scoring_home")}"')


# --- Commissioner dashboard ----------------------------------------------------------


def test_commissioner_dashboard_shows_every_panel(client, commissioner, project):
    other = ProjectFactory(programme=project.programme, title="Quiet Project")
    activity(other, days_ago=100)
    activity(project, days_ago=3, title="Taster session")
    scoring_round, _ = open_round(project)
    add_response(scoring_round, "commissioner", [2])
    indicator = IndicatorFactory(programme=project.programme, name="Service changed")
    ClaimFactory(
        project=project,
        indicator=indicator,
        status=ClaimStatus.ACHIEVED,
        contribution=ContributionLevel.ESSENTIAL,
    )
    job = done_job(project)
    client.force_login(commissioner)
    response = client.get(dashboard_url(project.programme))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and 'role="img"' in body
    assert "Quiet Project" in body  # stalled: nothing for 100 days
    assert "Service changed" in body
    assert reverse("evaluation:report_download", args=[job.pk]) in body
    assert reverse("evaluation:round_detail", args=[project.slug, 1]) in body
    assert response.context["figures"]["activities"] == 2
    stalled = [p.title for p in response.context["stalled"]]
    assert stalled == ["Quiet Project"]
    [row] = response.context["rollup"]
    assert row.achieved == 1


def test_scores_of_different_frameworks_never_share_a_table(
    client, commissioner, project
):
    first, _ = open_round(project)
    add_response(first, "commissioner", [2])
    second, _ = open_round(project, key=PRINCIPLES)
    add_response(second, "commissioner", [1])
    client.force_login(commissioner)
    response = client.get(dashboard_url(project.programme))
    groups = response.context["score_groups"]
    assert sorted(g.framework.name for g in groups) == sorted(
        [first.version.framework.name, second.version.framework.name]
    )
    for group in groups:
        assert {row.round.version.framework for row in group.rows} == {group.framework}
        assert group.count == 1
    body = response.content.decode()
    assert body.count("Average target") == 2
    assert f"{second.version.framework.name}: each project's latest round" in body


def test_reach_says_how_people_and_attendances_differ(client, commissioner, project):
    activity(project, days_ago=3)
    client.force_login(commissioner)
    body = client.get(dashboard_url(project.programme)).content.decode()
    assert "An attendance is one person at one activity" in body
    assert (
        "attendances across 1 activity" in body
        or "attendance across 1 activity" in body
    )


def test_filters_narrow_every_panel(client, commissioner, programme):
    arts = OrganisationFactory(kind=OrganisationKind.ARTS)
    painted = ProjectFactory(programme=programme, title="Painted Walls")
    painted.partners.add(arts)
    ProjectFactory(
        programme=programme, title="Council Plan", status=ProjectStatus.COMPLETED
    )
    done_job(painted, key="a")
    client.force_login(commissioner)
    url = dashboard_url(programme)
    response = client.get(url, {"partner_kind": OrganisationKind.ARTS})
    assert [p.title for p in response.context["diamond"]["projects"]] == [
        "Painted Walls"
    ]
    response = client.get(url, {"status": ProjectStatus.COMPLETED})
    assert [p.title for p in response.context["diamond"]["projects"]] == [
        "Council Plan"
    ]
    assert response.context["case_studies"] == []
    response = client.get(url, {"stage": "none"})
    assert len(response.context["diamond"]["projects"]) == 2
    response = client.get(url, {"stage": DiamondStage.DELIVER})
    assert response.context["diamond"]["projects"] == []


def test_filter_form_is_labelled_and_keeps_the_choice(client, commissioner, programme):
    client.force_login(commissioner)
    body = client.get(
        dashboard_url(programme), {"status": ProjectStatus.PAUSED}
    ).content.decode()
    for name in ("partner_kind", "status", "stage"):
        assert f'<label class="form-label" for="id_{name}">' in body
    assert '<option value="paused" selected>' in body


def test_project_only_member_sees_only_their_projects(client, project):
    hidden = ProjectFactory(programme=project.programme, title="Someone Else's Work")
    done_job(hidden, key="hidden")
    member = UserFactory(username="project-viewer")
    ProjectMembership.objects.create(
        user=member, project=project, role=AccessRole.VIEWER
    )
    client.force_login(member)
    response = client.get(dashboard_url(project.programme))
    assert response.status_code == 200
    assert "Someone Else" not in response.content.decode()
    assert [p.title for p in response.context["diamond"]["projects"]] == [project.title]


def test_outsider_gets_404_for_another_programmes_dashboard(client, outsider, project):
    client.force_login(outsider)
    assert client.get(dashboard_url(project.programme)).status_code == 404


# --- Facilitator home ----------------------------------------------------------------


def test_facilitator_home_lists_what_needs_attention(client, facilitator, project):
    quiet = ProjectFactory(programme=project.programme, title="Gone Quiet")
    activity(quiet, days_ago=7 * 7)
    activity(project, days_ago=2, title="Workshop with parents")
    open_round(project)
    scoring_round, _ = open_round(quiet)
    invitation, _ = make_link(scoring_round)
    invitation.expires_at = timezone.now() + dt.timedelta(days=3)
    invitation.save(update_fields=["expires_at"])
    later, _ = make_link(scoring_round, label="Later")
    later.expires_at = timezone.now() + dt.timedelta(days=30)
    later.save(update_fields=["expires_at"])
    model = LogicModel.objects.create(project=project, kind=ModelKind.A_PRIORI)
    LogicModelVersion.objects.create(logic_model=model, number=1)
    stage = StageFactory(programme=project.programme, name="Theme check")
    InvitationFactory(
        stage=stage,
        token_hash="x" * 64,
        link_expires_at=timezone.now() + dt.timedelta(days=1),
    )
    client.force_login(facilitator)
    response = client.get(reverse("evaluation:facilitator_home"))
    body = response.content.decode()
    assert [p.title for p in response.context["stalled"]] == ["Gone Quiet"]
    assert len(response.context["rounds"]) == 2
    assert len(response.context["drafts"]) == 1
    links = response.context["links"]
    assert [(link.count, link.where) for link in links] == [
        (1, "Member checking"),
        (1, "Gone Quiet"),
    ]
    assert "Workshop with parents" in body
    assert reverse("logicmodels:draft_edit", args=[project.slug, "a-priori"]) in body


def test_facilitator_home_pages_long_project_lists_and_lists_the_longest_stalled(
    client, facilitator, project, monkeypatch
):
    from evaluation.dashboards import selectors as dashboard_selectors

    real_page = dashboard_selectors.my_projects_page
    monkeypatch.setattr(
        dashboard_selectors,
        "my_projects_page",
        lambda projects, page=None: real_page(projects, page=page, per_page=2),
    )
    monkeypatch.setattr("evaluation.dashboards.views.STALLED_ROWS", 2)
    finished = ProjectFactory(
        programme=project.programme, title="Aardvark", status=ProjectStatus.COMPLETED
    )
    for i in range(3):
        activity(
            ProjectFactory(programme=project.programme, title=f"Quiet {i}"),
            days_ago=60 + i,
        )
    activity(project, days_ago=1)
    client.force_login(facilitator)
    url = reverse("evaluation:facilitator_home")
    response = client.get(url)
    body = response.content.decode()
    # Running projects first, by title; the finished one comes last.
    assert [p.title for p in response.context["projects"]] == [project.title, "Quiet 0"]
    assert "Showing 1–2 of 5 projects, by programme, those still running first." in body
    assert "projects you facilitate (2 on this page)" in body
    assert 'href="?page=2#mine-heading"' in body
    last = client.get(url, {"page": 3})
    assert [p.title for p in last.context["projects"]] == [finished.title]
    assert [p.title for p in response.context["stalled"]] == ["Quiet 2", "Quiet 1"]
    assert response.context["stalled_count"] == 3
    assert "3 stalled projects in all; the 2 silent longest are listed here." in body
    assert (
        reverse("projects:programme_progress", args=[project.programme.slug])
        + "#stalled-heading"
    ) in body


def test_project_facilitator_sees_only_their_project(client, project_facilitator):
    other = ProjectFactory(
        programme=project_facilitator.project_memberships.get().project.programme,
        title="Not Mine",
    )
    activity(other, title="Someone else's meeting")
    client.force_login(project_facilitator)
    response = client.get(reverse("evaluation:facilitator_home"))
    body = response.content.decode()
    assert [p.slug for p in response.context["projects"]] == ["the-project"]
    assert "Not Mine" not in body and "Someone else" not in body


def test_attention_leaves_out_completed_stopped_and_paused_projects(
    client, facilitator, project
):
    for status in (
        ProjectStatus.COMPLETED,
        ProjectStatus.DISCONTINUED,
        ProjectStatus.PAUSED,
    ):
        ended = ProjectFactory(
            programme=project.programme,
            title=f"Ended {status}",
            status=status,
            status_reason="Funding ended.",
        )
        activity(ended, days_ago=7 * 52)
        open_round(ended)
        model = LogicModel.objects.create(project=ended, kind=ModelKind.A_PRIORI)
        LogicModelVersion.objects.create(logic_model=model, number=1)
    activity(project, days_ago=2)
    model = LogicModel.objects.create(project=project, kind=ModelKind.A_PRIORI)
    LogicModelVersion.objects.create(logic_model=model, number=1)
    client.force_login(facilitator)
    response = client.get(reverse("evaluation:facilitator_home"))
    body = response.content.decode()
    assert response.context["stalled"] == []
    assert response.context["rounds"] == []
    assert [v.logic_model.project for v in response.context["drafts"]] == [project]
    assert "a draft not yet agreed" in body  # each item says why it is listed
    # The ended projects are still listed under "My projects".
    assert len(response.context["projects"]) == 4


def test_my_projects_are_grouped_by_programme_not_repeated_per_row(
    client, facilitator, project
):
    ProjectFactory(programme=project.programme, title="Second Project")
    client.force_login(facilitator)
    body = client.get(reverse("evaluation:facilitator_home")).content.decode()
    mine = body[body.index('id="mine-heading"') :]
    assert mine.count(project.programme.name) == 1
    assert f"{project.programme.name}: projects you facilitate (2)" in mine


@pytest.mark.parametrize(
    ("persona", "home", "sent_to"),
    [
        ("commissioner", "evaluation:facilitator_home", None),
        ("evaluator", "evaluation:facilitator_home", "evaluation:evaluator_home"),
        ("facilitator", "evaluation:evaluator_home", "evaluation:facilitator_home"),
        ("viewer", "evaluation:evaluator_home", "projects:project_list"),
    ],
)
def test_a_role_home_sends_people_without_that_role_to_their_own(
    client, request, programme, persona, home, sent_to
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(home))
    assert response.status_code == 302
    assert response.url == (reverse(sent_to) if sent_to else dashboard_url(programme))


def test_dashboard_links_offer_only_the_homes_of_roles_held(
    client, facilitator, evaluator, project
):
    client.force_login(evaluator)
    body = client.get(reverse("evaluation:evaluator_home")).content.decode()
    assert "Facilitator home" not in body and "Evaluator home" in body
    client.force_login(facilitator)
    body = client.get(reverse("evaluation:facilitator_home")).content.decode()
    assert "Evaluator home" not in body and "Facilitator home" in body
    ProjectMembership.objects.create(
        user=facilitator, project=project, role=AccessRole.EVALUATOR
    )
    body = client.get(reverse("evaluation:facilitator_home")).content.decode()
    assert "Evaluator home" in body


# --- Evaluator home ------------------------------------------------------------------


def test_evaluator_home_shows_coding_replies_and_jobs(client, evaluator, project):
    theme = ThemeFactory(programme=project.programme, name="Being listened to")
    coded = QuoteFactory(project=project)
    coded.themes.add(theme)
    QuoteFactory(project=project)
    stage = StageFactory(programme=project.programme)
    invitation = InvitationFactory(stage=stage, responded_at=timezone.now())
    ThemeReview.objects.create(
        invitation=invitation, theme=theme, verdict="agree", comment="Yes, spot on."
    )
    job = done_job(project, kind=ReportKind.SUMMARY)
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:evaluator_home"))
    body = response.content.decode()
    coding = response.context["coding"]
    assert (coding["total"], coding["uncoded"], coding["coded_share"]) == (2, 1, 50)
    assert [p.uncoded for p in coding["rows"]] == [1]
    assert "Spot on" in body or "spot on" in body
    assert response.context["checking"] == {"invited": 1, "replied": 1}
    assert reverse("evaluation:report_download", args=[job.pk]) in body


def test_evaluator_home_lists_only_the_projects_with_most_to_code(
    client, evaluator, project, monkeypatch
):
    from evaluation.dashboards import selectors as dashboard_selectors

    real = dashboard_selectors.coding_progress
    monkeypatch.setattr(
        "evaluation.dashboards.views.selectors.coding_progress",
        lambda projects: real(projects, limit=2),
    )
    theme = ThemeFactory(programme=project.programme)
    for n, title in enumerate(["One", "Two", "Three"], start=1):
        other = ProjectFactory(programme=project.programme, title=title)
        for _ in range(n):
            QuoteFactory(project=other)
    QuoteFactory(project=project).themes.add(theme)
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:evaluator_home"))
    coding = response.context["coding"]
    assert [p.title for p in coding["rows"]] == ["Three", "Two"]
    assert (coding["total"], coding["uncoded"], coding["all_coded"]) == (7, 6, 1)
    assert (
        "3 projects have quotes still to code; the 2 with the most are listed here."
        in response.content.decode()
    )


def test_evaluator_home_hides_other_programmes(client, evaluator, project, outsider):
    other_programme = outsider.programme_memberships.get().programme
    elsewhere = ProjectFactory(programme=other_programme, title="Far Away")
    QuoteFactory(project=elsewhere)
    done_job(elsewhere, key="far")
    theme = ThemeFactory(programme=other_programme)
    invitation = InvitationFactory(stage=StageFactory(programme=other_programme))
    ThemeReview.objects.create(invitation=invitation, theme=theme, verdict="agree")
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:evaluator_home"))
    assert "Far Away" not in response.content.decode()
    assert response.context["reviews"] == []
    assert response.context["jobs"] == []


def test_dashboard_lists_the_longest_silent_stalled_projects_and_links_to_all(
    client, commissioner, programme
):
    for i in range(12):
        quiet = ProjectFactory(programme=programme, title=f"Quiet {i:02d}")
        activity(quiet, days_ago=60 + i)  # Quiet 11 has been silent longest
    client.force_login(commissioner)
    response = client.get(dashboard_url(programme))
    body = response.content.decode()
    shown = [p.title for p in response.context["stalled"]]
    assert shown == [f"Quiet {i:02d}" for i in range(11, 1, -1)]
    assert response.context["stalled_count"] == 12
    assert "All 12 stalled projects</a> (the 10 silent longest are listed here)" in body
    assert (
        reverse("projects:programme_progress", args=[programme.slug])
        + "#stalled-heading"
    ) in body


def test_filtering_puts_the_count_in_the_title_and_readies_the_result_for_focus(
    client, commissioner, programme
):
    ProjectFactory(programme=programme, title="Council Plan")
    ProjectFactory(programme=programme, status=ProjectStatus.COMPLETED)
    client.force_login(commissioner)
    url = dashboard_url(programme)
    body = client.get(url).content.decode()
    assert f"<title>{programme.name}: dashboard · Coproduce</title>" in body
    assert "data-focus-on-load" not in body
    body = client.get(url, {"status": ProjectStatus.ACTIVE}).content.decode()
    title = f"{programme.name}: dashboard (1 project matches the filters)"
    assert f"<title>{title} · Coproduce</title>" in body
    assert (
        '<p role="status" id="filter-result" tabindex="-1" data-focus-on-load>'
        "Showing 1 project that matches the filters."
    ) in body
    assert "js/focus-on-load.js" in body
    body = client.get(url, {"stage": "none"}).content.decode()
    assert "dashboard (2 projects match the filters) · Coproduce</title>" in body
