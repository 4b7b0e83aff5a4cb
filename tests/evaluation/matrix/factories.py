"""Helpers that build frameworks, rounds and responses through the services."""

import datetime as dt

from django.utils import timezone

from evaluation.matrix import services
from evaluation.models import (
    DimensionScore,
    Framework,
    RoundResponse,
    ScoringRound,
)
from projects.models import DiamondStage

MATRIX = "coproduction-matrix"
PRINCIPLES = "six-principles"


def framework_for(programme, key: str = MATRIX, author=None) -> Framework:
    existing = Framework.objects.filter(programme=programme, source_key=key).first()
    return existing or services.framework_copy(
        programme=programme, author=author, source_key=key
    )


def latest(framework):
    return framework.versions.order_by("-number").first()


def open_round(
    project, *, key: str = MATRIX, held_on=None, stage=DiamondStage.DISCOVER, people=()
) -> tuple[ScoringRound, list]:
    framework = framework_for(project.programme, key)
    return services.round_open(
        project=project,
        version=latest(framework),
        held_on=held_on or dt.date(2026, 3, 1),
        stage=stage,
        author=None,
        stakeholders=people,
    )


def add_response(
    scoring_round, role: str, numbers: list, *, submitted=True, comment=""
) -> RoundResponse:
    """A sent response giving level ``numbers[i]`` (1-based, None: don't know) on
    dimension i; missing numbers repeat the last one."""
    levels = list(scoring_round.version.levels.order_by("position"))
    dimensions = list(scoring_round.version.dimensions.order_by("position"))
    response = RoundResponse.objects.create(
        round=scoring_round,
        role_category=role,
        submitted_at=timezone.now() if submitted else None,
    )
    DimensionScore.objects.bulk_create(
        DimensionScore(
            response=response,
            dimension=dimension,
            level=None
            if numbers[min(i, len(numbers) - 1)] is None
            else levels[numbers[min(i, len(numbers) - 1)] - 1],
            comment=comment if i == 0 else "",
        )
        for i, dimension in enumerate(dimensions)
    )
    return response


def make_link(scoring_round, role="young_person", label="Youth forum member"):
    """One unnamed personal link; returns (invitation, token)."""
    [(invitation, token)] = services.invitations_create(
        scoring_round=scoring_round, role_category=role, count=1, label=label
    )
    return invitation, token
