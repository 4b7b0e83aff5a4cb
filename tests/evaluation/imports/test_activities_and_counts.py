"""Importing activities with attendance and headcounts, and evaluation invitations
as counts per group."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.evidence import selectors as evidence_selectors
from evaluation.imports import services
from evaluation.models import EvaluationStageKind, ImportKind, InvitationCount
from projects.models import Activity, ProjectStakeholder
from tests.evaluation.evidence.factories import StageFactory
from tests.evaluation.imports.helpers import (
    ACTIVITY_HEADER,
    COUNT_HEADER,
    xlsx_upload,
)
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(project):
    made = []
    for name, email in (("Ann Example", "ann@example.org"), ("Bo Li", "")):
        person = StakeholderFactory(
            programme=project.programme,
            display_name=name,
            email=email,
            role_category="patient_rep",
        )
        ProjectStakeholder.objects.create(project=project, stakeholder=person)
        made.append(person)
    return made


ACTIVITIES = [
    ACTIVITY_HEADER,
    [
        dt.datetime(2025, 1, 14),
        "Listening session",
        "Workshop",
        "Discover",
        "Hear what matters",
        "yes",
        "Ten things that matter",
        "",
        "ann@example.org; Bo Li",
        "Patient representative: 6 (2 seldom heard); Commissioner: 1",
    ],
    ["March 2025", "Planning", "Meeting", "Define", "", "", "", "", "", ""],
    ["11/02/2025", "Panel", "Spaceship", "Deliver", "", "", "", "", "Cy Nobody", ""],
    ["12/02/2025", "Tea", "Meeting", "Define", "", "", "", "", "", "Clinician: 2 (3)"],
]


def _start(kind, user, rows, **scope):
    return services.import_start(
        kind=kind, uploaded=xlsx_upload(rows), user=user, **scope
    )


def test_activities_import_with_attendance_and_headcounts(project, facilitator, people):
    job = _start(
        ImportKind.ACTIVITIES,
        facilitator,
        ACTIVITIES,
        programme=project.programme,
        project=project,
    )
    rows = {r["row"]: r for r in job.data.rows}
    assert rows[2]["action"] == "create"
    assert rows[3]["problems"] == ["Give the day, not only the month (“March 2025”)."]
    assert rows[4]["problems"] == [
        "“Spaceship” is not a kind of activity we know.",
        "No one called “Cy Nobody” on this project: import the people first, or "
        "check the spelling.",
    ]
    assert rows[5]["problems"] == [
        "More people from seldom-heard groups than people in that role."
    ]
    assert not Activity.objects.exists()
    services.import_confirm(job=job, user=facilitator)
    activity = Activity.objects.get()
    assert (activity.title, activity.held_on, activity.co_constructed) == (
        "Listening session",
        dt.date(2025, 1, 14),
        True,
    )
    assert {a.stakeholder for a in activity.attendances.all()} == set(people)
    assert sorted(
        (h.role_category, h.count, h.seldom_heard_count)
        for h in activity.headcounts.all()
    ) == [("commissioner", 1, 0), ("patient_rep", 6, 2)]


def test_activities_imported_again_change_nothing_and_a_new_cell_changes_one(
    project, facilitator, people
):
    scope = {"programme": project.programme, "project": project}
    services.import_confirm(
        job=_start(ImportKind.ACTIVITIES, facilitator, ACTIVITIES, **scope),
        user=facilitator,
    )
    again = _start(ImportKind.ACTIVITIES, facilitator, ACTIVITIES, **scope)
    assert again.summary == {"create": 0, "change": 0, "same": 1, "skip": 3}
    edited = [list(row) for row in ACTIVITIES[:2]]
    edited[1][7] = "People spoke more in small groups"
    job = _start(ImportKind.ACTIVITIES, facilitator, edited, **scope)
    (row,) = job.data.rows
    assert row["changes"] == ["Reflection: (empty) → People spoke more in small groups"]
    services.import_confirm(job=job, user=facilitator)
    activity = Activity.objects.get()
    assert activity.reflection == "People spoke more in small groups"
    # Cells left empty kept what was stored.
    assert activity.attendances.count() == 2 and activity.outputs


COUNTS = [
    COUNT_HEADER,
    ["Commissioners", "", 8, 5, "March 2017", ""],
    ["Arts manager / Artist", "Arts managers / artists", 9, 5, "", ""],
    ["Role not recorded", "", 9, 4, "", "No role in the report"],
    ["Clinician", "", 3, 4, "", ""],
    ["Artist / arts manager", "", 1, 1, "", ""],
]


def test_counts_import_per_group(programme, evaluator):
    stage = StageFactory(programme=programme, kind=EvaluationStageKind.QUESTIONNAIRE)
    job = _start(ImportKind.COUNTS, evaluator, COUNTS, programme=programme, stage=stage)
    rows = {r["row"]: r for r in job.data.rows}
    assert rows[5]["problems"] == ["More people took part than were invited."]
    assert rows[6]["problems"] == ["The same group as row 3."]
    services.import_confirm(job=job, user=evaluator)
    counts = {c.group_key: c for c in InvitationCount.objects.all()}
    assert set(counts) == {"commissioner", "artist+arts_manager", "not_recorded"}
    assert counts["commissioner"].shown_date == "March 2017"
    assert counts["artist+arts_manager"].label == "Arts managers / artists"
    rates = evidence_selectors.response_rates([stage])[stage.pk]
    assert [r.percent for r in rates] == [63, 56, 44]
    again = _start(
        ImportKind.COUNTS, evaluator, COUNTS, programme=programme, stage=stage
    )
    assert again.summary == {"create": 0, "change": 0, "same": 3, "skip": 2}


def test_counts_import_is_linked_from_the_stage_page(client, evaluator, programme):
    stage = StageFactory(programme=programme)
    client.force_login(evaluator)
    page = client.get(
        reverse("evaluation:evaluation_stage_detail", args=[programme.slug, stage.pk])
    ).content.decode()
    assert reverse("evaluation:import_counts", args=[programme.slug, stage.pk]) in page


def test_people_and_activity_pages_link_to_their_imports(client, facilitator, project):
    client.force_login(facilitator)
    for page, target in (
        ("projects:project_stakeholders", "evaluation:import_people"),
        ("projects:activity_list", "evaluation:import_activities"),
    ):
        body = client.get(reverse(page, args=[project.slug])).content.decode()
        assert reverse(target, args=[project.slug]) in body
        assert "Import from a spreadsheet" in body
