"""Reads for outcomes: theory of change versions, contribution claims and the
roll-up of claims per outcome indicator (a fixed number of queries per call)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from evaluation.evidence.access import quotes_visible_with
from evaluation.models import (
    ClaimStatus,
    Consent,
    ContributionClaim,
    ContributionLevel,
    OutcomeIndicator,
    Quote,
    TheoryVersion,
)
from projects.models import Programme, Project


def theory_versions(programme: Programme) -> list[TheoryVersion]:
    return list(
        TheoryVersion.objects.filter(programme=programme).prefetch_related(
            "statements__indicators"
        )
    )


def project_claims(project: Project, access) -> QuerySet[ContributionClaim]:
    quotes = quotes_visible_with(access, Quote.objects.all())
    return (
        ContributionClaim.objects.filter(project=project)
        .select_related("indicator")
        .prefetch_related(Prefetch("quotes", queryset=quotes), "documents")
    )


def indicator_list(programme: Programme) -> list[OutcomeIndicator]:
    """The programme's indicators in order, each with its number of claims and the
    statement it comes from (1 query)."""
    # Written out: Django leaves Meta.ordering out of a query with GROUP BY, and
    # PostgreSQL then returns the rows in no set order.
    return list(
        OutcomeIndicator.objects.filter(programme=programme)
        .select_related("statement__version")
        .annotate(claim_count=Count("claims"))
        .order_by("position", "name")
    )


@dataclass
class RollupRow:
    indicator: OutcomeIndicator
    by_status: dict
    by_contribution: dict  # among projects that achieved it (fully or partly)
    claims: int

    def status_cells(self):
        return [(label, self.by_status.get(v, 0)) for v, label in ClaimStatus.choices]

    def contribution_cells(self):
        return [
            (label, self.by_contribution.get(v, 0))
            for v, label in ContributionLevel.choices
        ]

    @property
    def achieved(self) -> int:
        return self.by_status.get(ClaimStatus.ACHIEVED, 0)


def contribution_rollup(
    programme: Programme, projects: QuerySet | None = None
) -> list[RollupRow]:
    """Per indicator: claims by status, and the programme's contribution where the
    outcome was achieved or partly achieved (2 queries). ``projects`` narrows the
    claims to those projects (a dashboard's filters)."""
    indicators = list(OutcomeIndicator.objects.filter(programme=programme))
    by_status: dict = defaultdict(dict)
    by_contribution: dict = defaultdict(dict)
    claims = ContributionClaim.objects.filter(indicator__programme=programme)
    if projects is not None:
        claims = claims.filter(project__in=projects.values("pk"))
    rows = (
        claims.values_list("indicator_id", "status", "contribution")
        .annotate(n=Count("id"))
        .order_by()
    )
    for indicator_id, status, contribution, n in rows:
        by_status[indicator_id][status] = by_status[indicator_id].get(status, 0) + n
        if status in (ClaimStatus.ACHIEVED, ClaimStatus.PARTLY):
            levels = by_contribution[indicator_id]
            levels[contribution] = levels.get(contribution, 0) + n
    return [
        RollupRow(
            indicator=indicator,
            by_status=by_status[indicator.pk],
            by_contribution=by_contribution[indicator.pk],
            claims=sum(by_status[indicator.pk].values()),
        )
        for indicator in indicators
        # Retired indicators stay in the roll-up only while claims use them.
        if not indicator.is_retired or by_status[indicator.pk]
    ]


def claims_for_programme(programme: Programme) -> QuerySet[ContributionClaim]:
    return (
        ContributionClaim.objects.filter(project__programme=programme)
        .select_related("project", "indicator")
        .prefetch_related(
            Prefetch("quotes", Quote.objects.exclude(consent=Consent.MAY_NOT)),
            "documents",
        )
        .order_by("indicator__position", "indicator__name", "project__title")
    )


def claim_status_labels() -> list[str]:
    return [label for _, label in ClaimStatus.choices]


def contribution_labels() -> list[str]:
    return [label for _, label in ContributionLevel.choices]
