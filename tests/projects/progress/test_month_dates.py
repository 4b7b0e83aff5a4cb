"""Activities whose day is unknown are dated to the month ("March 2017"), typed as
"2017-03", "March 2017" or a full date, and printed as the month."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from evaluation.factors.selectors import stage_table
from projects.models import Activity
from tests.projects.progress.test_pages import full_activity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "day", "precision", "shown"),
    [
        ("March 2017", dt.date(2017, 3, 1), "month", "March 2017"),
        ("2017-03", dt.date(2017, 3, 1), "month", "March 2017"),
        ("12/03/2017", dt.date(2017, 3, 12), "day", "12 Mar 2017"),
        ("2017-03-12", dt.date(2017, 3, 12), "day", "12 Mar 2017"),
    ],
)
def test_an_activity_date_may_be_a_day_or_a_month(
    client, facilitator, project, typed, day, precision, shown
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(held_on=typed, stage="define"),
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.held_on, activity.held_on_precision) == (day, precision)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert shown in page


def test_a_month_date_prints_as_the_month_on_lists_the_edit_form_and_the_pdf(
    client, facilitator, project
):
    client.force_login(facilitator)
    client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(held_on="March 2017", stage="define"),
    )
    activity = Activity.objects.get()
    listing = client.get(
        reverse("projects:activity_list", args=[project.slug])
    ).content.decode()
    assert "March 2017" in listing and "1 Mar 2017" not in listing
    edit = client.get(
        reverse("projects:activity_edit", args=[project.slug, activity.pk])
    ).content.decode()
    assert 'value="March 2017"' in edit
    html = render_to_string(
        "pdf/_stage_table.html", {"stage_table": stage_table(project)}
    )
    assert "March 2017: Listening workshop" in html


def test_a_date_that_cannot_be_read_is_refused_with_the_text_kept(
    client, facilitator, project
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(held_on="Marchember 2017"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a date we can read" in page and 'value="Marchember 2017"' in page
    assert not Activity.objects.exists()
