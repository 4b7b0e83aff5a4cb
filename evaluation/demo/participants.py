"""Participant pages in the demo: Welsh and easy-read texts for the open round's
framework and the reviewed themes, and a Welsh-speaking young person whose scoring
link opens in Welsh. Safe to run again (the link is made afresh each run)."""

import os

from django.db import transaction
from django.urls import reverse

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.evidence import services as evidence_services
from evaluation.matrix import selectors, services
from evaluation.models import RoundInvitation, RoundStatus, ScoringRound, Theme
from projects import services as project_services
from projects.communication.selectors import needs_of
from projects.communication.services import communication_needs_save
from projects.models import Language, Programme, Project, Stakeholder

DATA = demo_data("participants")


def _framework_texts(scoring_round) -> None:
    version = scoring_round.version
    levels, rows = selectors.version_matrix(version)
    texts = {}
    for level in levels:
        texts[("level", level.pk)] = DATA["levels"][level.label]
    for row in rows:
        spec = dict(DATA["dimensions"][row.dimension.name])
        cells_cy, cells_easy = spec.pop("cells_cy"), spec.pop("cells_easy")
        texts[("dimension", row.dimension.pk)] = spec
        for i, level in enumerate(levels):
            texts[("cell", row.descriptors[level.pk].pk)] = {
                "text_cy": cells_cy[i],
                "text_easy": cells_easy[i],
            }
    framework = version.framework
    services.framework_texts_save(
        framework=framework,
        version=version,
        texts=texts,
        seen_edit_version=framework.edit_version,
    )


def _theme_texts(programme) -> None:
    for theme in Theme.objects.filter(programme=programme, name__in=DATA["themes"]):
        texts = DATA["themes"][theme.name]
        if any(getattr(theme, field) != value for field, value in texts.items()):
            evidence_services.theme_save(
                programme=programme,
                data={"name": theme.name, "parent": theme.parent, **texts},
                theme=theme,
            )


def _welsh_speaker(project) -> Stakeholder:
    spec = DATA["participant"]
    person = Stakeholder.objects.filter(
        programme=project.programme, display_name=spec["name"]
    ).first()
    if person is None:
        person = project_services.stakeholder_create(
            programme=project.programme,
            data={"display_name": spec["name"], "role_category": spec["role"]},
            groups=[],
            project=project,
        )
    needs = needs_of(person)
    if needs is None or needs.language != Language.WELSH:
        communication_needs_save(
            stakeholder=person,
            data={"language": Language.WELSH, "contact_method": spec["contact"]},
            seen_version=needs.edit_version if needs else None,
            user=None,
        )
    return person


def _link(scoring_round, person) -> str:
    invitation = RoundInvitation.objects.filter(
        round=scoring_round, stakeholder=person
    ).first()
    if invitation is None:
        [(invitation, token)] = services.invitations_create(
            scoring_round=scoring_round, stakeholders=[person], days=28
        )
    else:
        token = services.invitation_renew(invitation=invitation, days=28)
    base = os.environ.get("COPRODUCE_DEMO_BASE_URL", "http://127.0.0.1:8000")
    # No language in the link: their recorded communication needs choose Welsh.
    path = reverse("evaluation:score_start", args=[token])
    return f"{invitation.label} (opens in Welsh): {base}{path}"


@transaction.atomic
def demo_load() -> str:
    """Fill the Welsh and easy-read texts and print the Welsh speaker's link (their
    communication needs say Welsh, so it opens in Welsh)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return ""
    project = Project.objects.get(
        programme=programme, slug=DATA["participant"]["project"]
    )
    scoring_round = ScoringRound.objects.get(project=project, status=RoundStatus.OPEN)
    _framework_texts(scoring_round)
    _theme_texts(programme)
    line = _link(scoring_round, _welsh_speaker(project))
    print("Participant pages in Welsh and easy read (add ?easy=1 for easy read)")
    print(f"  {line}")
    return line
