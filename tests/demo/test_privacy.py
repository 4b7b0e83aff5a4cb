import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.models import ErasureRecord, Quote
from evaluation.privacy.services import WITHDRAWN_MARKER
from projects.models import Programme, Stakeholder

pytestmark = pytest.mark.django_db


def test_demo_has_a_retention_period_and_one_erased_person(client):
    call_command("demo", force=True)
    call_command("demo", force=True)  # loading again changes nothing
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    assert programme.retention_months == 24
    [record] = ErasureRecord.objects.filter(programme=programme)
    person = record.stakeholder
    assert person.display_name == f"Erased person {person.pk}"
    assert not Stakeholder.objects.filter(display_name="Morgan Hale").exists()
    assert Quote.objects.get(stakeholder=person).text == WITHDRAWN_MARKER

    client.force_login(programme.memberships.get(user__username="eve").user)
    settings_page = client.get(
        reverse("evaluation:programme_personal_data", args=[programme.slug])
    ).content.decode()
    assert "24 months" in settings_page
    assert f"Erased person {person.pk}" in settings_page
    quotes = client.get(
        reverse("evaluation:quote_list", args=["extra-care"])
    ).content.decode()
    assert "these words were removed" in quotes
