"""Writes through the API use the pages' services and their edit-conflict rule: a
stale ``edit_version`` gets 409 with the record as saved now; bad input gets 400
with a message per field."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import (
    Activity,
    DiamondStage,
    HistoryEvent,
    RoleCategory,
    StageTransition,
    Stakeholder,
)
from tests.projects.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _activity_body(project, **overrides):
    return {
        "project": project.pk,
        "held_on": "2024-05-02",
        "kind": "workshop",
        "title": "Design workshop",
        "stage": DiamondStage.DEFINE,
        "support": ["travel"],
        **overrides,
    }


def test_a_facilitator_logs_an_activity_with_attendance(
    as_user, project, stakeholder, facilitator
):
    body = _activity_body(
        project,
        attendees=[stakeholder.pk],
        headcounts=[{"role_category": RoleCategory.YOUNG_PERSON, "count": 4}],
    )
    response = as_user(facilitator).post(
        reverse("api:activity_list"), body, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    activity = Activity.objects.get(pk=data["id"])
    assert activity.recorded_by == facilitator
    assert data["total"] == 5
    assert data["attendance"] == [
        {
            "stakeholder": stakeholder.pk,
            "role_category": stakeholder.role_category,
            "seldom_heard": False,
        }
    ]
    assert data["headcounts"][0]["count"] == 4
    # The history names the token's owner, as it names whoever saves a page.
    event = HistoryEvent.objects.filter(
        model="projects.activity", object_id=activity.pk, action="created"
    ).get()
    assert event.context["user"] == facilitator.pk
    assert event.context["url"] == reverse("api:activity_list")


def test_service_rules_come_back_as_field_messages(as_user, project, facilitator):
    late = (timezone.localdate() + dt.timedelta(days=800)).isoformat()
    response = as_user(facilitator).post(
        reverse("api:activity_list"),
        _activity_body(project, held_on=late, kind="party"),
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in response.json()
    response = as_user(facilitator).post(
        reverse("api:activity_list"),
        _activity_body(project, held_on=late),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "held_on": ["That date is more than a year ahead. Check it."]
    }
    assert not Activity.objects.exists()


def test_someone_outside_the_project_cannot_be_listed_as_attending(
    as_user, project, facilitator
):
    from tests.factories import StakeholderFactory

    elsewhere = StakeholderFactory()
    response = as_user(facilitator).post(
        reverse("api:activity_list"),
        _activity_body(project, attendees=[elsewhere.pk]),
        format="json",
    )
    assert response.status_code == 400
    assert "attendees" in response.json()


def test_a_stale_activity_edit_gets_409_with_what_is_saved(
    as_user, project, facilitator
):
    activity = ActivityFactory(project=project, title="First title")
    client = as_user(facilitator)
    url = reverse("api:activity_detail", args=[activity.pk])
    read = client.get(url).json()
    saved = client.patch(
        url,
        {"title": "Second title", "edit_version": read["edit_version"]},
        format="json",
    )
    assert saved.status_code == 200
    assert saved.json()["edit_version"] == read["edit_version"] + 1
    stale = client.patch(
        url,
        {"title": "Lost title", "edit_version": read["edit_version"]},
        format="json",
    )
    assert stale.status_code == 409
    assert stale.json()["title"] == "Second title"
    activity.refresh_from_db()
    assert activity.title == "Second title"


def test_attendance_is_replaced_and_checked_for_staleness(
    as_user, project, stakeholder, facilitator
):
    activity = ActivityFactory(project=project)
    client = as_user(facilitator)
    url = reverse("api:activity_attendance", args=[activity.pk])
    response = client.put(
        url,
        {
            "attendees": [stakeholder.pk],
            "headcounts": [
                {
                    "role_category": RoleCategory.SERVICE_USER,
                    "count": 3,
                    "seldom_heard_count": 1,
                }
            ],
            "edit_version": activity.edit_version,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["total"] == 4
    assert response.json()["seldom_total"] == 1
    again = client.put(
        url, {"attendees": [], "edit_version": activity.edit_version}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["total"] == 4


def test_a_facilitator_adds_and_edits_a_person(as_user, project, facilitator):
    client = as_user(facilitator)
    response = client.post(
        reverse("api:person_list"),
        {
            "project": project.pk,
            "display_name": "Sam",
            "is_pseudonym": True,
            "role_category": RoleCategory.YOUNG_PERSON,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    person = Stakeholder.objects.get(pk=response.json()["id"])
    assert response.json()["projects"] == [project.pk]
    url = reverse("api:person_detail", args=[person.pk])
    ok = client.patch(url, {"display_name": "Sam B", "edit_version": 1}, format="json")
    assert ok.status_code == 200
    assert ok.json()["is_pseudonym"] is True
    stale = client.patch(
        url, {"display_name": "Lost", "edit_version": 1}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["display_name"] == "Sam B"
    assert "email" not in stale.json()


def test_a_stage_move_that_missed_another_gets_409(as_user, project, facilitator):
    client = as_user(facilitator)
    today = timezone.localdate().isoformat()
    body = {
        "project": project.pk,
        "to_stage": DiamondStage.DISCOVER,
        "happened_on": today,
        "rationale": "We started.",
        "seen_transition": 0,
    }
    first = client.post(reverse("api:stage_move_list"), body, format="json")
    assert first.status_code == 201, first.json()
    project.refresh_from_db()
    assert project.current_stage == DiamondStage.DISCOVER
    late = client.post(
        reverse("api:stage_move_list"),
        {**body, "to_stage": DiamondStage.DEFINE},
        format="json",
    )
    assert late.status_code == 409
    assert [m["id"] for m in late.json()] == [first.json()["id"]]
    assert StageTransition.objects.count() == 1
    same = client.post(
        reverse("api:stage_move_list"),
        {**body, "seen_transition": first.json()["id"]},
        format="json",
    )
    assert same.status_code == 400
    assert "already at Discover" in same.json()["to_stage"][0]
