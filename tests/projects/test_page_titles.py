"""A page that re-displays a form with problems says so first in its title
(projects/templatetags/page_errors.py, used by base.html and the public frame)."""

import re

from django import forms
from django.template import Context, Template
from django.urls import reverse

from tests.projects.test_error_summary import post_activity
from tests.projects.test_pages import project_data


def title(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert found, "no title on the page"
    return found.group(1)


def test_activity_form_title_starts_with_error_after_a_bad_post(
    client, facilitator, project
):
    response = post_activity(client, facilitator, project, title="")
    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    clean = client.get(reverse("projects:activity_create", args=[project.slug]))
    assert not title(clean).startswith("Error")


def test_project_edit_title_starts_with_error_after_a_bad_post(
    client, facilitator, project
):
    client.force_login(facilitator)
    url = reverse("projects:project_edit", args=[project.slug])
    assert not title(client.get(url)).startswith("Error")
    response = client.post(
        url,
        project_data(slug=project.slug, title="", edit_version=project.edit_version),
    )
    assert response.status_code == 200 and "Please fix" in response.content.decode()
    assert title(response).startswith("Error: ")


def test_a_saved_form_leads_to_a_title_without_error(client, facilitator, project):
    response = post_activity(client, facilitator, project)
    assert response.status_code == 302
    assert not title(client.get(response.url)).startswith("Error")


def test_password_change_with_a_wrong_old_password_has_an_error_title(
    client, facilitator
):
    client.force_login(facilitator)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "not-the-password",
            "password1": "a-new-long-password-1",
            "password2": "a-new-long-password-1",
        },
    )
    assert title(response) == "Error: Change password · Coproduce"


class NameForm(forms.Form):
    name = forms.CharField()


PREFIX = Template("{% load page_errors %}[{% error_title_prefix %}]")


def test_a_bound_form_the_view_has_not_checked_is_left_unvalidated():
    form = NameForm({"name": ""})
    assert PREFIX.render(Context({"form": form})) == "[]"
    assert form._errors is None  # rendering the title did not validate it
    form.is_valid()
    assert PREFIX.render(Context({"form": form})) == "[Error: ]"


def test_forms_held_in_a_list_of_pairs_count():
    bad, good = NameForm({"name": ""}), NameForm({"name": "Ada"})
    bad.is_valid(), good.is_valid()
    assert PREFIX.render(Context({"forms": [("a", good)]})) == "[]"
    assert PREFIX.render(Context({"forms": [("a", good), ("b", bad)]})) == "[Error: ]"


def test_a_formset_with_a_row_problem_counts():
    rows = forms.formset_factory(NameForm, extra=0)(
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-name": ""}
    )
    rows.is_valid()
    assert PREFIX.render(Context({"rows": rows})) == "[Error: ]"


def test_a_page_can_flag_problems_that_are_not_in_a_form():
    assert PREFIX.render(Context({"page_has_errors": True})) == "[Error: ]"
