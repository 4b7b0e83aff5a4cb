"""Participant pages in the demo: Welsh and easy-read texts for the open round's
framework and the reviewed themes. Safe to run again."""

from django.db import transaction

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.evidence import services as evidence_services
from evaluation.matrix import selectors, services
from evaluation.models import RoundStatus, ScoringRound, Theme
from projects.models import Programme, Project

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


@transaction.atomic
def demo_load() -> None:
    """Fill the Welsh and easy-read texts (the inclusion demo's Welsh speaker, Kez,
    has a link in this round, which opens in Welsh)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return
    project = Project.objects.get(programme=programme, slug=DATA["round_project"])
    scoring_round = ScoringRound.objects.get(project=project, status=RoundStatus.OPEN)
    _framework_texts(scoring_round)
    _theme_texts(programme)
