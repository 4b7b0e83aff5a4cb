"""The roles the sources use: support worker and steering group member, and a
commissioner who led the work recorded as a commissioner with a note."""

import pytest
from django.urls import reverse

from evaluation.matrix.selectors import PROFESSIONALS, side_of
from projects.models import RoleCategory, Stakeholder

pytestmark = pytest.mark.django_db


def test_a_lead_commissioner_is_a_commissioner_with_a_note(
    client, facilitator, project
):
    client.force_login(facilitator)
    url = reverse("projects:project_stakeholders", args=[project.slug])
    page = client.get(url).content.decode()
    assert "Support worker" in page and "Steering group member" in page
    client.post(
        url,
        {
            "new-display_name": "Dee Harper",
            "new-role_category": "commissioner",
            "new-role_note": "lead commissioner",
        },
    )
    person = Stakeholder.objects.get(display_name="Dee Harper")
    assert person.role_category == RoleCategory.COMMISSIONER
    listing = client.get(url).content.decode()
    assert "Commissioner (lead commissioner)" in listing


def test_support_workers_count_among_professionals_in_scores():
    assert side_of(RoleCategory.SUPPORT_WORKER) == PROFESSIONALS
