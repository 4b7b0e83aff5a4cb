"""Progress services: activities with computed totals, stage moves and stops."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from coproduce.concurrency import EditConflict
from projects import selectors
from projects.models import (
    Activity,
    Attendance,
    DiamondStage,
    ProjectStatus,
    RoleCategory,
    SeldomHeardGroup,
    StageTransition,
    TransitionKind,
)
from projects.progress import services
from projects.services import stakeholder_delete
from tests.factories import StakeholderFactory
from tests.projects.factories import ActivityFactory

D = DiamondStage


def activity_data(**overrides):
    data = {
        "held_on": dt.date(2024, 5, 1),
        "kind": "workshop",
        "title": "Listening workshop",
        "stage": D.DISCOVER,
        "co_constructed": True,
        "co_constructed_by": "Two young people",
        "support": ["travel", "food"],
        "outputs": "Five concerns agreed.",
    }
    data.update(overrides)
    return data


def move(project, to_stage, *, seen=None, on=dt.date(2024, 2, 1), why="Ready."):
    if seen is None:
        seen = selectors.last_transition_id(selectors.project_transitions(project))
    return services.stage_move(
        project=project,
        to_stage=to_stage,
        happened_on=on,
        rationale=why,
        recorded_by=None,
        seen_transition=seen,
    )


# --- activities and totals ----------------------------------------------------------


def test_activity_totals_are_computed_from_names_and_headcounts(project, stakeholder):
    group = SeldomHeardGroup.objects.create(name="Care leavers")
    young = StakeholderFactory(
        programme=project.programme, role_category=RoleCategory.YOUNG_PERSON
    )
    young.seldom_heard_groups.add(group)
    activity = services.activity_create(
        project=project,
        data=activity_data(),
        attendees=[stakeholder, young],
        headcounts=[
            {"role_category": "young_person", "count": 7, "seldom_heard_count": 3},
            {"role_category": "commissioner", "count": 2, "seldom_heard_count": 0},
            {"role_category": "", "count": None, "seldom_heard_count": None},
        ],
    )
    row = selectors.project_activities(project).get(pk=activity.pk)
    assert (row.named_count, row.counted, row.total) == (2, 9, 11)
    assert (row.named_seldom, row.counted_seldom, row.seldom_total) == (1, 3, 4)
    assert activity.support == ["travel", "food"]


def test_negative_headcount_is_rejected_and_nothing_is_saved(project):
    with pytest.raises(ValidationError, match="negative"):
        services.activity_create(
            project=project,
            data=activity_data(),
            headcounts=[{"role_category": "artist", "count": -2}],
        )
    assert not Activity.objects.exists()


def test_more_seldom_heard_than_people_is_rejected(project):
    with pytest.raises(ValidationError, match="seldom-heard"):
        services.activity_create(
            project=project,
            data=activity_data(),
            headcounts=[
                {"role_category": "artist", "count": 2, "seldom_heard_count": 3}
            ],
        )


def test_end_before_start_is_rejected(project):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            project=project, data=activity_data(ends_on=dt.date(2024, 4, 1))
        )
    assert "ends_on" in error.value.message_dict


def test_a_date_years_ahead_is_rejected(project):
    with pytest.raises(ValidationError, match="more than a year ahead"):
        services.activity_create(
            project=project, data=activity_data(held_on=dt.date(2099, 1, 1))
        )


def test_discontinued_project_takes_no_activity_beyond_where_it_stopped(project):
    move(project, D.DISCOVER)
    move(project, D.DEFINE, on=dt.date(2024, 3, 1))
    services.project_stop(
        project=project,
        status=ProjectStatus.DISCONTINUED,
        reason="Funding ended.",
        happened_on=dt.date(2024, 4, 1),
        recorded_by=None,
        seen_transition=StageTransition.objects.last().pk,
    )
    project.refresh_from_db()
    with pytest.raises(ValidationError, match="discontinued at Define"):
        services.activity_create(project=project, data=activity_data(stage=D.DEVELOP))
    # Activities for stages it did reach can still be logged afterwards.
    services.activity_create(project=project, data=activity_data(stage=D.DEFINE))


def test_editing_an_activity_seen_by_someone_else_raises_a_conflict(project):
    activity = services.activity_create(project=project, data=activity_data())
    services.activity_update(
        activity=activity,
        data=activity_data(title="First edit"),
        attendees=[],
        headcounts=[],
        seen_version=1,
    )
    with pytest.raises(EditConflict):
        services.activity_update(
            activity=activity,
            data=activity_data(title="Second edit"),
            attendees=[],
            headcounts=[],
            seen_version=1,
        )
    activity.refresh_from_db()
    assert activity.title == "First edit"


def test_attendance_keeps_the_role_when_the_person_is_deleted(project, stakeholder):
    activity = services.activity_create(
        project=project, data=activity_data(), attendees=[stakeholder]
    )
    stakeholder_delete(stakeholder=stakeholder)
    attendance = Attendance.objects.get(activity=activity)
    assert attendance.stakeholder is None
    assert attendance.role_category == RoleCategory.PATIENT_REP
    assert selectors.project_activities(project).get().total == 1


def test_updating_attendance_keeps_rows_of_deleted_people(project, stakeholder):
    other = StakeholderFactory(programme=project.programme)
    activity = services.activity_create(
        project=project, data=activity_data(), attendees=[stakeholder, other]
    )
    stakeholder_delete(stakeholder=stakeholder)
    services.activity_update(
        activity=activity,
        data=activity_data(),
        attendees=[],
        headcounts=[{"role_category": "artist", "count": 3}],
        seen_version=1,
    )
    assert activity.attendances.count() == 1  # the deleted person's row stays
    assert selectors.project_activities(project).get().total == 4


# --- Double Diamond moves --------------------------------------------------------------


def test_first_move_starts_the_project_and_makes_a_proposal_active(project):
    project.status = ProjectStatus.PROPOSED
    project.save(update_fields=["status"])
    start = move(project, D.DISCOVER)
    project.refresh_from_db()
    assert start.kind == TransitionKind.START
    assert (project.current_stage, project.status) == (D.DISCOVER, "active")


def test_moving_forward_then_back_is_recorded_as_iteration(project):
    move(project, D.DISCOVER)
    move(project, D.DEFINE)
    forward = move(project, D.DEVELOP)
    back = move(project, D.DEFINE, why="The prototype showed the wrong problem.")
    project.refresh_from_db()
    assert forward.kind == TransitionKind.FORWARD
    assert back.kind == TransitionKind.BACK and back.is_iteration
    assert (back.from_stage, back.to_stage) == (D.DEVELOP, D.DEFINE)
    assert project.current_stage == D.DEFINE
    assert "Moved back from Develop to Define" == selectors.transition_sentence(back)


def test_moving_to_the_stage_it_is_in_is_rejected(project):
    move(project, D.DISCOVER)
    with pytest.raises(ValidationError, match="already at Discover"):
        move(project, D.DISCOVER)
    assert StageTransition.objects.count() == 1


def test_a_move_dated_in_the_future_or_before_the_last_change_is_rejected(project):
    move(project, D.DISCOVER, on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="future"):
        move(project, D.DEFINE, on=dt.date.today() + dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="cannot be earlier"):
        move(project, D.DEFINE, on=dt.date(2024, 4, 1))


def test_second_person_moving_the_same_project_sees_that_it_changed(project):
    move(project, D.DISCOVER)
    seen = StageTransition.objects.get().pk
    move(project, D.DEFINE, seen=seen)
    with pytest.raises(services.StageChanged) as error:
        move(project, D.DEVELOP, seen=seen)
    assert error.value.transition.to_stage == D.DEFINE
    project.refresh_from_db()
    assert project.current_stage == D.DEFINE


def test_stopping_records_the_stage_status_and_reason(project):
    move(project, D.DISCOVER)
    stop = services.project_stop(
        project=project,
        status=ProjectStatus.DISCONTINUED,
        reason="The partner withdrew.",
        happened_on=dt.date(2024, 3, 1),
        recorded_by=None,
        seen_transition=StageTransition.objects.get().pk,
    )
    project.refresh_from_db()
    assert stop.kind == TransitionKind.STOP
    assert (stop.to_stage, stop.status) == (D.DISCOVER, "discontinued")
    assert (project.status, project.status_reason) == (
        "discontinued",
        "The partner withdrew.",
    )
    with pytest.raises(ValidationError, match="discontinued"):
        move(project, D.DEFINE, on=dt.date(2024, 4, 1))


def test_stopping_needs_a_reason(project):
    with pytest.raises(ValidationError) as error:
        services.project_stop(
            project=project,
            status=ProjectStatus.PAUSED,
            reason="  ",
            happened_on=dt.date(2024, 3, 1),
            recorded_by=None,
            seen_transition=0,
        )
    assert "reason" in error.value.message_dict


def test_moving_a_paused_project_makes_it_active_again(project):
    move(project, D.DISCOVER)
    services.project_stop(
        project=project,
        status=ProjectStatus.PAUSED,
        reason="Waiting for a new lead.",
        happened_on=dt.date(2024, 3, 1),
        recorded_by=None,
        seen_transition=StageTransition.objects.get().pk,
    )
    move(project, D.DEFINE, on=dt.date(2024, 6, 1))
    project.refresh_from_db()
    assert (project.status, project.status_reason) == ("active", "")


# --- stage plans, entries and the stage table ----------------------------------------------


def test_stage_plan_save_refuses_a_stale_version(project):
    services.stage_plan_save(
        project=project,
        stage=D.DEFINE,
        data={"plan": "Agree a focus."},
        user=None,
        seen_version=0,
    )
    services.stage_plan_save(
        project=project,
        stage=D.DEFINE,
        data={"plan": "Agree a focus and a brief."},
        user=None,
        seen_version=1,
    )
    with pytest.raises(EditConflict):
        services.stage_plan_save(
            project=project,
            stage=D.DEFINE,
            data={"plan": "Lost"},
            user=None,
            seen_version=1,
        )


def test_participation_counts_roles_reach_and_co_constructed_share(
    project, stakeholder
):
    services.activity_create(
        project=project,
        data=activity_data(),
        attendees=[stakeholder],
        headcounts=[{"role_category": "artist", "count": 3, "seldom_heard_count": 1}],
    )
    services.activity_create(
        project=project,
        data=activity_data(title="Panel", co_constructed=False, stage=D.DELIVER),
    )
    figures = selectors.participation(project.activities.all())
    assert figures["activities"] == 2
    assert figures["co_constructed_share"] == 50
    assert dict(figures["per_stage"]) == {
        "Discover": 1,
        "Define": 0,
        "Develop": 0,
        "Deliver": 1,
    }
    assert dict(figures["by_role"]) == {"Artist": 3, "Patient representative": 1}
    assert figures["seldom_heard"] == 1


def test_cached_participation_follows_every_change_to_activities(
    project, stakeholder, django_assert_num_queries
):
    """Attendance figures are cached under a stamp of the activities: reading again
    costs one query, and creating, editing or deleting an activity shows at once."""
    activity = services.activity_create(
        project=project,
        data=activity_data(),
        attendees=[stakeholder],
        headcounts=[{"role_category": "artist", "count": 3, "seldom_heard_count": 1}],
    )
    first = selectors.participation(project.activities.all())
    with django_assert_num_queries(1):
        assert selectors.participation(project.activities.all()) == first
    services.activity_update(
        activity=activity,
        data=activity_data(),
        attendees=[],
        headcounts=[{"role_category": "artist", "count": 5, "seldom_heard_count": 2}],
        seen_version=activity.edit_version,
    )
    edited = selectors.participation(project.activities.all())
    assert dict(edited["by_role"]) == {"Artist": 5}
    assert edited["seldom_heard"] == 2
    other = services.activity_create(
        project=project,
        data=activity_data(title="Panel"),
        headcounts=[{"role_category": "artist", "count": 1, "seldom_heard_count": 0}],
    )
    assert dict(selectors.participation(project.activities.all())["by_role"]) == {
        "Artist": 6
    }
    services.activity_delete(activity=other)
    assert selectors.participation(project.activities.all()) == edited
    # Another set of activities is never answered from this one's entry.
    none = selectors.participation(project.activities.filter(title="No such"))
    assert none["by_role"] == [] and none["attendance"] == 0


def test_stalled_projects_are_active_ones_with_no_recent_activity(programme):
    from tests.factories import ProjectFactory

    quiet = ProjectFactory(programme=programme, title="Quiet")
    busy = ProjectFactory(programme=programme, title="Busy")
    never = ProjectFactory(programme=programme, title="Never")
    ActivityFactory(project=quiet, held_on=dt.date(2024, 1, 1))
    ActivityFactory(project=busy, held_on=dt.date(2024, 5, 25))
    stalled = selectors.stalled_projects(
        programme.projects.all(), weeks=8, today=dt.date(2024, 6, 1)
    )
    assert [p.title for p in stalled] == ["Never", "Quiet"]
    assert never.pk in {p.pk for p in stalled}
