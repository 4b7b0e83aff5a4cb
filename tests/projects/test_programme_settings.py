"""Programme settings in the app: facilitators change a programme's name and lead;
a save from a stale page is refused with both versions shown."""

import pytest
from django.urls import reverse

from projects.models import Programme
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _url(programme):
    return reverse("projects:programme_settings", args=[programme.slug])


def test_a_facilitator_renames_the_programme_and_sets_its_lead(
    client, facilitator, programme
):
    lead = OrganisationFactory(name="Sheffield City Council")
    client.force_login(facilitator)
    detail = client.get(programme.get_absolute_url()).content.decode()
    assert _url(programme) in detail
    response = client.post(
        _url(programme),
        {
            "name": "Healthy Places",
            "description": "Places people design.",
            "lead_organisation": lead.pk,
            "edit_version": programme.edit_version,
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.name, programme.lead_organisation) == ("Healthy Places", lead)
    assert programme.slug == "demo-programme"


def test_a_stale_settings_form_is_refused_and_keeps_the_typed_name(
    client, facilitator, programme
):
    client.force_login(facilitator)
    seen = programme.edit_version
    Programme.objects.filter(pk=programme.pk).update(
        name="Someone else's name", edit_version=seen + 1
    )
    response = client.post(
        _url(programme),
        {"name": "My new name", "description": "", "edit_version": seen},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="My new name"' in page and "Someone else&#x27;s name" in page
    programme.refresh_from_db()
    assert programme.name == "Someone else's name"


def test_a_commissioner_cannot_change_the_settings(client, commissioner, programme):
    client.force_login(commissioner)
    assert client.get(_url(programme)).status_code == 403
    assert (
        _url(programme) not in client.get(programme.get_absolute_url()).content.decode()
    )
