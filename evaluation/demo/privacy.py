"""Demo personal-data settings: a retention period on the programme, and one person
erased at their request, so the withdrawn marker shows on their quote.

Built through the privacy, project and evidence services. Loading again leaves the
erased person as they are (an erasure cannot be repeated)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from evaluation.demo import demo_data, demo_date
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.evidence import services as evidence_services
from evaluation.models import ErasureRecord, Theme
from evaluation.privacy import services as privacy_services
from projects import services as project_services
from projects.models import Programme, Project

DATA = demo_data("privacy")


def _settings(programme: Programme) -> None:
    wanted = DATA["settings"]
    if all(getattr(programme, key) == value for key, value in wanted.items()):
        return
    privacy_services.programme_personal_data_update(
        programme=programme,
        data={"closed_on": programme.closed_on, **wanted},
        seen_version=programme.edit_version,
    )


def _erased_person(programme: Programme, fran) -> None:
    if ErasureRecord.objects.filter(programme=programme).exists():
        return
    spec = DATA["erased_person"]
    project = Project.objects.get(slug=spec["project"])
    person = project_services.stakeholder_create(
        programme=programme,
        data={
            "display_name": spec["display_name"],
            "email": spec["email"],
            "role_category": spec["role_category"],
        },
        groups=[],
        project=project,
    )
    evidence_services.consent_record_create(
        programme=programme,
        data={
            "stakeholder": person,
            "role_category": person.role_category,
            "consent": "anonymous",
            "recorded_on": demo_date(spec["said_on"]),
            "how": spec["consent_how"],
            "note": "",
        },
        user=fran,
    )
    evidence_services.quote_create(
        project=project,
        data={
            "text": spec["quote"],
            "source": spec["quote_source"],
            "said_on": demo_date(spec["said_on"]),
            "role_category": person.role_category,
            "stakeholder": person,
            "consent": "anonymous",
            "document": None,
        },
        # Coded, so it counts under a theme as before and is no loose end.
        themes=[Theme.objects.filter(programme=programme, parent=None).first()],
        user=fran,
    )
    privacy_services.stakeholder_erase(stakeholder=person, by=fran)


@transaction.atomic
def demo_load() -> None:
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    fran = get_user_model().objects.get(username="fran")
    _settings(programme)
    _erased_person(programme, fran)
