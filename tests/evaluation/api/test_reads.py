"""What the API and the feed read: bounded queries whatever the size, quotes exactly
as the export has them, figures under the small-group rule, formula-guarded CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.evidence import exports
from evaluation.models import Consent
from projects.models import Attendance, HistoryEvent, RoleCategory
from tests.evaluation.evidence.factories import ClaimFactory, QuoteFactory
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round
from tests.factories import StakeholderFactory
from tests.projects.factories import (
    ActivityFactory,
    HeadcountFactory,
    StageTransitionFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "api:project_list",
    "api:person_list",
    "api:activity_list",
    "api:stage_move_list",
    "api:scoring_round_list",
    "api:logic_model_list",
]
FEEDS = ["projects", "activities", "attendance", "scores", "claims"]


def _fill(project, n):
    for _ in range(n):
        person = StakeholderFactory(programme=project.programme)
        person.involvements.create(project=project)
        activity = ActivityFactory(project=project)
        Attendance.objects.create(
            activity=activity, stakeholder=person, role_category=person.role_category
        )
        HeadcountFactory(activity=activity)
        StageTransitionFactory(project=project)
        scoring_round, _ = open_round(project, key=PRINCIPLES)
        add_response(scoring_round, "commissioner", [2])
        ClaimFactory(project=project)


def _urls(programme):
    urls = [reverse(name) for name in LISTS]
    urls += [
        reverse("api:feed_json", kwargs={"pk": programme.pk, "table": t}) for t in FEEDS
    ]
    return urls


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_lists_and_feeds_do_not_grow_with_rows(
    as_user, project, facilitator, django_assert_max_num_queries
):
    client = as_user(facilitator, "read")
    _fill(project, 2)
    small = {url: _count(client, url) for url in _urls(project.programme)}
    _fill(project, 6)
    for url, count in small.items():
        # token, its use, access scope, count, page, prefetches: never per row.
        with django_assert_max_num_queries(count):
            client.get(url)
        assert count <= 14, url


def test_quotes_are_exactly_the_exports_rows(as_user, project, evaluator):
    QuoteFactory(
        project=project, text="We asked for easier forms.", consent=Consent.MAY_QUOTE
    )
    QuoteFactory(project=project, text="Not to be shared.", consent=Consent.MAY_NOT)
    QuoteFactory(
        project=project,
        text="Dr Patel was kind.",
        redactions=[{"start": 0, "end": 8, "label": "clinician"}],
    )
    response = as_user(evaluator, "read").get(
        reverse("api:quote_list") + f"?programme={project.programme.pk}"
    )
    assert response.status_code == 200
    rows = [row["row"] for row in response.json()["results"]]
    table = exports.quotes_table(project.programme)
    assert [list(r.values()) for r in rows] == [
        [v.isoformat() if hasattr(v, "isoformat") else v for v in row]
        for row in table.rows
    ]
    texts = {row["text_redacted"] for row in rows}
    assert texts == {"We asked for easier forms.", "[clinician] was kind."}
    assert HistoryEvent.objects.filter(action="exported", note="API: quotes").exists()


def test_a_commissioner_reads_the_feed_as_csv_with_the_formula_guard(
    as_user, project, commissioner
):
    project.title = '=HYPERLINK("http://evil")'
    project.save(update_fields=["title"])
    ActivityFactory(project=project, title="+1 more")
    client = as_user(commissioner, "read")
    url = reverse(
        "api:feed_csv", kwargs={"pk": project.programme.pk, "table": "projects"}
    )
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["project_id", "slug", "title"]
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][9] == "1"
    activities = client.get(
        reverse(
            "api:feed_csv", kwargs={"pk": project.programme.pk, "table": "activities"}
        )
    )
    assert "'+1 more" in activities.content.decode()
    assert HistoryEvent.objects.filter(
        action="exported", note="Data feed: projects.csv"
    ).exists()


def test_attendance_feed_has_one_row_per_activity_and_role(
    as_user, project, facilitator
):
    activity = ActivityFactory(project=project, held_on="2024-06-01")
    person = StakeholderFactory(
        programme=project.programme, role_category=RoleCategory.PATIENT_REP
    )
    Attendance.objects.create(
        activity=activity,
        stakeholder=person,
        role_category=RoleCategory.PATIENT_REP,
        seldom_heard=True,
    )
    HeadcountFactory(activity=activity, role_category=RoleCategory.PATIENT_REP, count=2)
    HeadcountFactory(activity=activity, role_category=RoleCategory.CLINICIAN, count=3)
    rows = (
        as_user(facilitator, "read")
        .get(
            reverse(
                "api:feed_json",
                kwargs={"pk": project.programme.pk, "table": "attendance"},
            )
        )
        .json()
    )
    assert rows == [
        {
            "activity_id": activity.pk,
            "project_id": project.pk,
            "held_on": "2024-06-01",
            "stage": activity.stage,
            "role_category": RoleCategory.CLINICIAN,
            "named": 0,
            "counted": 3,
            "people": 3,
            "seldom_heard": 0,
        },
        {
            "activity_id": activity.pk,
            "project_id": project.pk,
            "held_on": "2024-06-01",
            "stage": activity.stage,
            "role_category": RoleCategory.PATIENT_REP,
            "named": 1,
            "counted": 2,
            "people": 3,
            "seldom_heard": 1,
        },
    ]


def test_scores_hide_groups_below_the_small_group_size(as_user, project, facilitator):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    for numbers in ([3], [3], [2]):
        add_response(scoring_round, "commissioner", numbers)
    add_response(scoring_round, "young_person", [1])  # one person: not shown apart
    client = as_user(facilitator, "read")
    feed = client.get(
        reverse("api:feed_json", kwargs={"pk": project.programme.pk, "table": "scores"})
    ).json()
    first = feed[0]
    assert first["answers"] == 4
    assert first["median_professionals"] == 3
    assert first["median_lived_experience"] is None
    assert first["perception_gap"] is None
    api_round = client.get(reverse("api:scoring_round_list")).json()["results"][0]
    lived = api_round["dimensions"][0]["lived_experience"]
    assert lived == {
        "answers": 0,
        "median": None,
        "lowest": None,
        "highest": None,
        "shown": False,
    }


def test_filters_narrow_activities_by_project_and_dates(as_user, project, facilitator):
    ActivityFactory(project=project, held_on="2024-01-10")
    kept = ActivityFactory(project=project, held_on="2024-02-10")
    client = as_user(facilitator, "read")
    url = reverse("api:activity_list")
    body = client.get(
        url + f"?project={project.pk}&from=2024-02-01&to=2024-02-28"
    ).json()
    assert [row["id"] for row in body["results"]] == [kept.pk]
    assert client.get(url + "?from=yesterday").status_code == 400
    assert client.get(url + "?project=99999999999999999999999").status_code == 400


def test_the_factor_catalogue_lists_the_programmes_factors(as_user, project, evaluator):
    from tests.evaluation.evidence.factories import FactorFactory

    factor = FactorFactory(group__programme=project.programme, name="Trust")
    FactorFactory(name="Elsewhere")
    body = (
        as_user(evaluator, "read")
        .get(reverse("api:factor_list") + f"?programme={project.programme.pk}")
        .json()
    )
    assert [row["name"] for row in body["results"]] == ["Trust"]
    assert body["results"][0]["group"] == factor.group.name
