"""Input that survives: a detour from the project form to add an organisation comes
back with everything typed, and partners are ticked in a plain list of boxes."""

import re

import pytest
from django.urls import reverse

from projects.models import Organisation, Project
from tests.factories import OrganisationFactory
from tests.projects.test_pages import project_data

pytestmark = pytest.mark.django_db


def _partner_box(page: str, pk: int) -> str:
    """The <input> tag of one partner's tick box."""
    for tag in re.findall(r"<input[^>]*>", page):
        if 'name="partners"' in tag and f'value="{pk}"' in tag:
            return tag
    raise AssertionError(f"No tick box for organisation {pk}")


def test_the_title_typed_on_new_project_is_there_after_adding_an_organisation(
    client, facilitator, programme
):
    OrganisationFactory(name="Citizens Advice")
    client.force_login(facilitator)
    new = reverse("projects:project_create") + f"?programme={programme.slug}"
    typed = project_data(title="Stroke survivors shape rehab", slug="")
    detour = client.post(new, {**typed, "programme": programme.slug, "detour": "1"})
    assert detour.status_code == 302
    assert detour.url.startswith(reverse("projects:organisation_create"))
    assert not Project.objects.exists()
    # The organisation form, then back with the new organisation ticked.
    added = client.post(detour.url, {"name": "Stroke Association", "kind": "voluntary"})
    organisation = Organisation.objects.get(name="Stroke Association")
    back = client.get(added.url)
    page = back.content.decode()
    assert 'value="Stroke survivors shape rehab"' in page
    assert "Redesign stroke rehabilitation with survivors and carers." in page
    assert "checked" in _partner_box(page, organisation.pk)
    # Saving from there makes the project with the new partner.
    response = client.post(
        added.url, {**typed, "slug": "stroke-rehab", "partners": [organisation.pk]}
    )
    assert response.status_code == 302
    project = Project.objects.get(slug="stroke-rehab")
    assert project.title == "Stroke survivors shape rehab"
    assert list(project.partners.all()) == [organisation]


def test_a_draft_is_only_shown_on_the_form_it_came_from(client, facilitator, project):
    client.force_login(facilitator)
    new = reverse("projects:project_create") + f"?programme={project.programme.slug}"
    detour = client.post(
        new,
        {**project_data(title="Kept for the new form"), "detour": "1"},
    )
    key = detour.url.split("draft%3D", 1)[1].split("&", 1)[0]
    edit = reverse("projects:project_edit", args=[project.slug]) + f"?draft={key}"
    assert "Kept for the new form" not in client.get(edit).content.decode()


def test_partners_are_a_list_of_tick_boxes_with_a_filter_script(
    client, facilitator, programme
):
    OrganisationFactory(name="Age UK")
    client.force_login(facilitator)
    page = client.get(
        reverse("projects:project_create") + f"?programme={programme.slug}"
    ).content.decode()
    box = _partner_box(page, OrganisationFactory._meta.model.objects.get().pk)
    assert 'type="checkbox"' in box and 'data-choice-filter="organisations"' in box
    assert "js/choice-filter.js" in page
    assert "Ctrl" not in page
