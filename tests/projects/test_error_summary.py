"""The error summary at the top of a form (templates/_partials/_form_errors.html)."""

import re

from django.urls import reverse

from projects.models import Activity
from tests.projects.progress.test_pages import full_activity, headcount_rows


def summary(response) -> str:
    page = response.content.decode()
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert found, "no error summary on the page"
    return found.group(0)


def post_activity(client, user, project, **overrides):
    client.force_login(user)
    return client.post(
        reverse("projects:activity_create", args=[project.slug]),
        full_activity(**overrides),
    )


def test_a_headcount_row_problem_alone_is_summarised_with_a_link_to_its_box(
    client, facilitator, project
):
    response = post_activity(
        client, facilitator, project, **headcount_rows(("service_user", "3", "5"))
    )
    assert response.status_code == 200 and not Activity.objects.exists()
    text = summary(response)
    assert "Please fix 1 problem below" in text
    assert (
        '<a href="#id_count-0-seldom_heard_count">Headcount row 1, of whom from '
        "seldom-heard groups: This is more than the number of people in that role."
    ) in text


def test_form_and_headcount_problems_are_counted_together(client, facilitator, project):
    rows = headcount_rows(("service_user", "3", "5"))
    response = post_activity(client, facilitator, project, title="", **rows)
    text = summary(response)
    assert "Please fix 2 problems below" in text
    assert '<a href="#id_title">Title: This field is required.</a>' in text


def test_a_role_listed_twice_is_in_the_summary(client, facilitator, project):
    rows = headcount_rows(("service_user", "3", "1"), ("service_user", "2", "0"))
    response = post_activity(client, facilitator, project, **rows)
    assert "Headcount: List each role once in the headcounts." in summary(response)


def test_a_missing_choice_of_radio_buttons_links_to_the_first_button(
    client, facilitator, project
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:stage_move", args=[project.slug]),
        {"happened_on": "2024-01-10", "rationale": "", "seen_transition": "0"},
    )
    text = summary(response)
    assert '<a href="#id_to_stage_0">Move to stage: This field is required.</a>' in text
    assert 'id="id_to_stage_0"' in response.content.decode()
