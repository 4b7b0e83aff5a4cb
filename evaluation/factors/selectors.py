"""Reads for factors: the catalogue with its use, the observations behind the
cross-case heatmap, and the + / − entries of the Double Diamond stage table."""

from django.db.models import Count, Prefetch, Q, QuerySet

from evaluation.evidence.access import quotes_visible_with
from evaluation.models import (
    Document,
    Effect,
    Factor,
    FactorGroup,
    FactorObservation,
    Quote,
)
from projects import selectors as project_selectors
from projects.models import DiamondStage, Programme, Project


def factor_catalogue(programme: Programme) -> QuerySet[FactorGroup]:
    """Groups with their factors and how often each factor was observed (2 queries)."""
    factors = Factor.objects.annotate(
        enabler_count=Count("observations", filter=Q(observations__effect="enabler")),
        barrier_count=Count("observations", filter=Q(observations__effect="barrier")),
    ).order_by("position", "name")
    return FactorGroup.objects.filter(programme=programme).prefetch_related(
        Prefetch("factors", queryset=factors)
    )


def factor_choices(programme: Programme) -> QuerySet[Factor]:
    return Factor.objects.filter(group__programme=programme).select_related("group")


def _observations_with_evidence(access) -> QuerySet[FactorObservation]:
    quotes = quotes_visible_with(access, Quote.objects.all())
    return FactorObservation.objects.select_related(
        "factor__group", "project"
    ).prefetch_related(
        Prefetch("quotes", queryset=quotes),
        Prefetch("documents", Document.objects.all()),
    )


def project_observations(project: Project, access) -> QuerySet[FactorObservation]:
    return _observations_with_evidence(access).filter(project=project)


def observations_matching(
    programme: Programme,
    access,
    *,
    factor: str = "",
    project: str = "",
    stage: str = "",
    effect: str = "",
    status: str = "",
    partner_kind: str = "",
) -> QuerySet[FactorObservation]:
    """Observations behind a heatmap cell or row; ``factor='none'`` lists those not
    yet linked to the catalogue."""
    from evaluation.factors.analysis import filtered_projects

    projects = filtered_projects(programme, status=status, partner_kind=partner_kind)
    observations = _observations_with_evidence(access).filter(project__in=projects)
    if factor == "none":
        observations = observations.filter(factor__isnull=True)
    elif factor.isdigit():
        observations = observations.filter(factor_id=int(factor))
    if project:
        observations = observations.filter(project__slug=project)
    if stage:
        observations = observations.filter(stage=stage)
    if effect:
        observations = observations.filter(effect=effect)
    return observations.order_by("project__title", "stage", "effect", "created_at")


def factor_for_programme(programme: Programme, pk: str) -> Factor | None:
    """The programme's factor with this id (as typed in a link), or None."""
    if not pk.isdigit():
        return None
    return (
        Factor.objects.filter(pk=pk, group__programme=programme)
        .select_related("group")
        .first()
    )


def project_observation_summary(project: Project, access) -> dict:
    """The project's observations for its evidence page: ``by_stage`` as (stage
    label, enablers, barriers) for every Double Diamond stage in order, and how many
    are ``unlinked`` to the catalogue (3 queries)."""
    observations = list(project_observations(project, access))
    return {
        "by_stage": observations_by_stage(observations),
        "unlinked": sum(1 for o in observations if o.factor_id is None),
    }


def observations_by_stage(observations) -> list[tuple[str, list, list]]:
    """(stage label, enablers, barriers) for every Double Diamond stage, in order."""
    rows = []
    for value, label in DiamondStage.choices:
        in_stage = [o for o in observations if o.stage == value]
        rows.append(
            (
                label,
                [o for o in in_stage if o.effect == Effect.ENABLER],
                [o for o in in_stage if o.effect == Effect.BARRIER],
            )
        )
    return rows


def stage_entries(project, stage: str | None = None) -> QuerySet[FactorObservation]:
    """The project's + / − entries (of one stage), in the order the stage table
    shows them (1 query)."""
    entries = FactorObservation.objects.filter(project=project).select_related(
        "factor__group", "recorded_by"
    )
    if stage:
        entries = entries.filter(stage=stage)
    return entries.order_by("stage", "-effect", "created_at", "id")


def stage_table(project) -> list[dict]:
    """One column per Double Diamond stage, in order (the layout of the case-study
    table): the plan, the facilitators' contribution, the + and − entries, the
    activities done and what was achieved. Three queries whatever the size."""
    columns = project_selectors.stage_columns(project)
    by_stage = {column["stage"]: column for column in columns}
    for entry in stage_entries(project):
        if entry.stage in by_stage:
            key = "enablers" if entry.effect == Effect.ENABLER else "barriers"
            by_stage[entry.stage][key].append(entry)
    return columns
