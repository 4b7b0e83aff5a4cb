"""Progress pages through the client: logging, stages, timeline, pictures."""

import datetime as dt

from django.urls import reverse

from coproduce.concurrency import EditConflict
from projects.models import Activity, DiamondStage, StageTransition
from projects.progress import services
from projects.progress.diagrams import programme_diamond_svg, project_path_svg
from tests.factories import ProjectFactory
from tests.projects.factories import (
    ActivityFactory,
    HeadcountFactory,
    StageTransitionFactory,
)

D = DiamondStage


def headcount_rows(*rows, prefix="count"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "13",
    }
    for i, (role, count, seldom) in enumerate(rows):
        data[f"{prefix}-{i}-role_category"] = role
        data[f"{prefix}-{i}-count"] = count
        data[f"{prefix}-{i}-seldom_heard_count"] = seldom
    return data


def full_activity(**overrides):
    data = {
        "held_on": "2024-05-01",
        "kind": "workshop",
        "title": "Listening workshop",
        "stage": "discover",
        "purpose": "Hear from tenants.",
        "support": ["travel", "food"],
        "chaired_by": "service_user",
        "decided_by": "shared",
        "outputs": "A list of concerns.",
        "reflection": "Went well.",
        **headcount_rows(("service_user", "6", "2"), ("", "", "")),
    }
    data.update(overrides)
    return data


def test_project_page_shows_stage_path_recent_activities_and_quick_log(
    client, facilitator, project, stakeholder
):
    StageTransitionFactory(project=project)
    project.current_stage = D.DISCOVER
    project.save(update_fields=["current_stage"])
    ActivityFactory(project=project, title="Tenants' walkabout")
    client.force_login(facilitator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Current stage:</strong> Discover" in page
    assert 'role="img"' in page and "Double Diamond path of" in page
    assert "Tenants&#x27; walkabout" in page
    assert 'name="quick"' in page
    assert f'value="{stakeholder.pk}"' in page


def test_commissioner_sees_progress_but_no_logging_form(client, commissioner, project):
    client.force_login(commissioner)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Double Diamond progress" in page
    assert 'name="quick"' not in page


def test_quick_log_saves_and_opens_the_full_form(
    client, facilitator, project, stakeholder
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        {
            "quick": "1",
            "held_on": "2024-05-01",
            "kind": "meeting",
            "title": "Steering group",
            "stage": "define",
            "attendees": [stakeholder.pk],
            "co_constructed": "on",
        },
    )
    activity = Activity.objects.get()
    assert response.url == reverse(
        "projects:activity_edit", args=[project.slug, activity.pk]
    )
    assert activity.co_constructed and activity.stage == "define"
    assert activity.attendances.get().stakeholder == stakeholder


def test_quick_log_with_a_missing_title_shows_the_full_form_with_the_error(
    client, facilitator, project
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        {"quick": "1", "held_on": "2024-05-01", "kind": "meeting", "stage": "define"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and "Power and reciprocity" in page
    assert not Activity.objects.exists()


def test_full_form_saves_headcounts_and_the_page_shows_computed_totals(
    client, facilitator, project, stakeholder
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(attendees=[stakeholder.pk]),
    )
    activity = Activity.objects.get()
    assert response.url == activity.get_absolute_url()
    assert activity.support == ["travel", "food"]
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "<strong>7</strong> people in all, <strong>2</strong> from seldom" in page


def test_negative_headcount_redisplays_the_form_with_typed_input(
    client, facilitator, project
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(**headcount_rows(("artist", "-3", "0"))),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Headcounts cannot be negative." in page
    assert 'value="Listening workshop"' in page
    assert not Activity.objects.exists()


def test_a_headcount_past_the_database_limit_redisplays_the_form(
    client, facilitator, project
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(**headcount_rows(("artist", "2147483648", "0"))),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a number of people up to 100,000" in page
    assert 'value="Listening workshop"' in page
    assert 'value="2147483648"' in page
    assert not Activity.objects.exists()


def test_future_date_is_refused_with_a_clear_message(client, facilitator, project):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(held_on="2099-01-01"),
    )
    assert "more than a year ahead" in response.content.decode()
    assert not Activity.objects.exists()


def test_editing_after_someone_else_saved_keeps_my_text_and_shows_theirs(
    client, facilitator, project
):
    activity = ActivityFactory(project=project, title="Original")
    Activity.objects.filter(pk=activity.pk).update(edit_version=2, title="Theirs")
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_edit", args=[project.slug, activity.pk]),
        full_activity(title="Mine", edit_version="1"),
    )
    page = response.content.decode()
    assert "Someone else saved changes" in page
    assert 'value="Mine"' in page and "Theirs" in page
    activity.refresh_from_db()
    assert activity.title == "Theirs"


def test_edit_form_shows_existing_headcounts(client, facilitator, project):
    activity = ActivityFactory(project=project)
    HeadcountFactory(activity=activity, role_category="artist", count=4)
    client.force_login(facilitator)
    page = client.get(
        reverse("projects:activity_edit", args=[project.slug, activity.pk])
    ).content.decode()
    assert 'value="4"' in page


def test_delete_asks_first_then_deletes(client, facilitator, project):
    activity = ActivityFactory(project=project)
    url = reverse("projects:activity_delete", args=[project.slug, activity.pk])
    client.force_login(facilitator)
    assert "Yes, delete it" in client.get(url).content.decode()
    assert Activity.objects.exists()
    client.post(url)
    assert not Activity.objects.exists()


def test_activity_list_filters_by_kind_and_stage(client, facilitator, project):
    ActivityFactory(project=project, title="Panel day", kind="panel", stage="deliver")
    ActivityFactory(project=project, title="Chat", kind="meeting", stage="discover")
    client.force_login(facilitator)
    url = reverse("projects:activity_list", args=[project.slug])
    page = client.get(url, {"kind": "panel", "stage": "deliver"}).content.decode()
    assert "Panel day" in page and "Chat" not in page


def test_stage_move_page_moves_the_project(client, facilitator, project):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:stage_move", args=[project.slug]),
        {
            "to_stage": "discover",
            "happened_on": "2024-01-10",
            "rationale": "Funding agreed.",
            "seen_transition": "0",
        },
    )
    assert response.url == reverse("evaluation:stage_table", args=[project.slug])
    project.refresh_from_db()
    assert project.current_stage == "discover"


def test_stale_stage_move_shows_what_changed_and_keeps_the_rationale(
    client, facilitator, project
):
    StageTransitionFactory(project=project)
    project.current_stage = D.DISCOVER
    project.save(update_fields=["current_stage"])
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:stage_move", args=[project.slug]),
        {
            "to_stage": "define",
            "happened_on": "2024-01-10",
            "rationale": "My careful reasons.",
            "seen_transition": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this project" in page
    assert "My careful reasons." in page
    assert StageTransition.objects.count() == 1


def test_moving_to_the_current_stage_is_refused_on_the_page(
    client, facilitator, project
):
    StageTransitionFactory(project=project)
    project.current_stage = D.DISCOVER
    project.save(update_fields=["current_stage"])
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:stage_move", args=[project.slug]),
        {
            "to_stage": "discover",
            "happened_on": "2024-01-10",
            "rationale": "Again",
            "seen_transition": str(StageTransition.objects.get().pk),
        },
    )
    assert "already at Discover" in response.content.decode()


def test_stop_page_discontinues_with_a_reason(client, facilitator, project):
    client.force_login(facilitator)
    client.post(
        reverse("projects:project_stop", args=[project.slug]),
        {
            "status": "discontinued",
            "happened_on": "2024-02-01",
            "reason": "The partner withdrew.",
            "seen_transition": "0",
        },
    )
    project.refresh_from_db()
    assert project.status == "discontinued"
    assert project.stage_transitions.get().kind == "stop"


def test_timeline_interleaves_newest_first_and_filters(client, facilitator, project):
    ActivityFactory(project=project, title="Old workshop", held_on=dt.date(2024, 1, 5))
    StageTransitionFactory(project=project, happened_on=dt.date(2024, 2, 1))
    ActivityFactory(
        project=project,
        title="New panel",
        kind="panel",
        stage="deliver",
        held_on=dt.date(2024, 3, 1),
    )
    client.force_login(facilitator)
    url = reverse("projects:project_timeline", args=[project.slug])
    page = client.get(url).content.decode()
    assert page.index("New panel") < page.index("Started at Discover")
    assert page.index("Started at Discover") < page.index("Old workshop")
    assert "Design brief version" not in page or "Brief" in page
    filtered = client.get(url, {"what": "panel"}).content.decode()
    assert "New panel" in filtered and "Old workshop" not in filtered
    stages = client.get(url, {"what": "stage"}).content.decode()
    assert "Started at Discover" in stages and "New panel" not in stages


def test_programme_page_places_every_project_with_a_link(
    client, facilitator, programme
):
    ProjectFactory(
        programme=programme, title="<b>Bold</b> idea", current_stage="define"
    )
    client.force_login(facilitator)
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Where the projects of" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; idea" in page and "<b>Bold</b>" not in page
    assert 'xlink:href="/projects/' in page


def test_programme_progress_lists_stalled_projects(client, facilitator, programme):
    ProjectFactory(programme=programme, title="Silent project")
    client.force_login(facilitator)
    page = client.get(
        reverse("projects:programme_progress", args=[programme.slug]), {"weeks": "4"}
    ).content.decode()
    assert "Silent project" in page and "last 4 weeks" in page


def test_path_svg_shows_moves_back_and_a_stop(project):
    for kind, a, b in [
        ("start", "", "discover"),
        ("forward", "discover", "define"),
        ("forward", "define", "develop"),
        ("back", "develop", "define"),
        ("stop", "define", "define"),
    ]:
        StageTransitionFactory(project=project, kind=kind, from_stage=a, to_stage=b)
    project.current_stage, project.status = "define", "paused"
    svg = project_path_svg(project)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'stroke-dasharray="6 4"' in svg  # the move back
    assert "Paused here" in svg
    assert "4 stage changes, 1 of them back" in svg


def test_programme_svg_gives_each_status_a_shape_as_well_as_a_colour(programme):
    projects = [
        ProjectFactory(
            programme=programme, status=s, status_reason="Why", current_stage=st
        )
        for s, st in [("active", "develop"), ("discontinued", "discover")]
    ]
    svg = programme_diamond_svg(programme, projects)
    assert "filled circle" in svg and "stop-sign octagon" in svg
    assert svg.count("<a ") == 2


def test_services_and_views_agree_on_the_recorded_mover(client, facilitator, project):
    client.force_login(facilitator)
    client.post(
        reverse("projects:stage_move", args=[project.slug]),
        {
            "to_stage": "discover",
            "happened_on": "2024-01-10",
            "rationale": "Go.",
            "seen_transition": "0",
        },
    )
    assert StageTransition.objects.get().recorded_by == facilitator
    assert services.StageChanged.__mro__[1] is EditConflict
