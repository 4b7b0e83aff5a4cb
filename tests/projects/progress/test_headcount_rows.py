"""'Log an activity' offers as many headcount rows as needed: "Add another row" shows
the form again one row longer, with everything typed kept, and works without
JavaScript (it is a submit button)."""

import re

import pytest
from django.urls import reverse

from projects.models import Activity
from tests.projects.progress.test_pages import full_activity, headcount_rows

pytestmark = pytest.mark.django_db

ROWS = [
    ("commissioner", "2", "0"),
    ("young_person", "6", "4"),
    ("provider", "3", "0"),
    ("voluntary", "2", "1"),
]


def _row_count(page: str) -> int:
    return len(re.findall(r'name="count-\d+-role_category"', page))


def test_add_another_row_keeps_what_was_typed_and_saves_nothing(
    client, facilitator, project
):
    client.force_login(facilitator)
    url = reverse("projects:activity_create", args=[project.slug])
    assert _row_count(client.get(url).content.decode()) == 3
    response = client.post(
        url,
        {**full_activity(**headcount_rows(*ROWS[:3])), "add_row": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert _row_count(page) == 4
    assert 'value="Listening workshop"' in page
    assert '<option value="young_person" selected>' in page
    assert 'value="6"' in page
    assert "Please fix" not in page
    assert not Activity.objects.exists()


def test_four_headcount_rows_are_saved(client, facilitator, project):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(**headcount_rows(*ROWS)),
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    saved = {h.role_category: h.count for h in activity.headcounts.all()}
    assert saved == {
        "commissioner": 2,
        "young_person": 6,
        "provider": 3,
        "voluntary": 2,
    }
    edit = client.get(
        reverse("projects:activity_edit", args=[project.slug, activity.pk])
    ).content.decode()
    # Four saved rows, and blank rows after them for more.
    assert _row_count(edit) >= 5


def test_add_another_row_on_the_edit_form_keeps_the_edit_version(
    client, facilitator, project
):
    client.force_login(facilitator)
    client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(**headcount_rows(*ROWS[:1])),
    )
    activity = Activity.objects.get()
    url = reverse("projects:activity_edit", args=[project.slug, activity.pk])
    data = full_activity(
        title="Renamed workshop",
        edit_version=str(activity.edit_version),
        **headcount_rows(*ROWS[:1]),
    )
    page = client.post(url, {**data, "add_row": "1"}).content.decode()
    assert _row_count(page) == 2 and 'value="Renamed workshop"' in page
    assert f'name="edit_version" value="{activity.edit_version}"' in page
    activity.refresh_from_db()
    assert activity.title == "Listening workshop"
