"""Reads and results for matrix scoring, shared by pages, CSV and PDF reports.

Every function here issues a fixed number of queries, whatever the number of
responses. Levels are numbered from 1 (the lowest) and the figures are computed on
those numbers:

- median: the middle answer (halfway between the two middle ones for an even count);
- spread: highest minus lowest answer, in levels;
- distance to target: target level minus median (0 or less means the target is met);
- perception gap: median of professionals' answers minus median of the answers of
  people with lived experience (positive: professionals see it more positively).

Groups follow the one disclosure rule of ``coproduce.disclosure``: groups smaller than
``DISCLOSURE_MIN_GROUP`` are combined (or not shown), a group's figure for a dimension is
shown only when at least that many people in it gave a level (not "don't know"), and
comments from a small group carry no group label, so no one can be picked out.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    Max,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from coproduce import disclosure
from evaluation.models import (
    DimensionScore,
    Framework,
    FrameworkVersion,
    MatrixDescriptor,
    MatrixDimension,
    MatrixLevel,
    RoundInvitation,
    RoundResponse,
    RoundStatus,
    RoundStatusChange,
    ScoringRound,
)
from projects.models import RoleCategory
from projects.selectors import project_people

R = RoleCategory
PROFESSIONAL_ROLES = (
    R.COMMISSIONER,
    R.CLINICIAN,
    R.HEALTH_PROVIDER,
    R.PROVIDER,
    R.FACILITATOR,
    R.SUPPORT_WORKER,
)
LIVED_EXPERIENCE_ROLES = (R.PATIENT_REP, R.SERVICE_USER, R.YOUNG_PERSON)
ROLE_ORDER = {role: i for i, role in enumerate(RoleCategory.values)}
PROFESSIONALS = "professionals"
LIVED_EXPERIENCE = "lived_experience"
SIDE_LABELS = {
    PROFESSIONALS: "Professionals",
    LIVED_EXPERIENCE: "People with lived experience",
}


# --- Plain figures -------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    """Figures for a set of level numbers. ``hidden`` when too few to show."""

    n: int
    median: float | None = None
    low: int | None = None
    high: int | None = None
    hidden: bool = False

    @property
    def spread(self) -> int | None:
        if self.low is None:
            return None
        return self.high - self.low

    @property
    def shown(self) -> bool:
        return self.n > 0 and not self.hidden


def stat(values: list[int], *, min_n: int = 1) -> Stat:
    """Median and range of level numbers; hidden below ``min_n`` answers."""
    n = len(values)
    if n == 0:
        return Stat(n=0, hidden=min_n > 0)
    if n < min_n:
        return Stat(n=n, hidden=True)
    return Stat(
        n=n, median=statistics.median(values), low=min(values), high=max(values)
    )


def gap(professionals: Stat, lived: Stat) -> float | None:
    """Professionals' median minus lived-experience median, if both can be shown."""
    if not (professionals.shown and lived.shown):
        return None
    return professionals.median - lived.median


def distance(target_number: int, overall: Stat) -> float | None:
    """How many levels the median is below the target (negative: above it)."""
    if overall.median is None:
        return None
    return target_number - overall.median


def side_of(role: str) -> str | None:
    if role in PROFESSIONAL_ROLES:
        return PROFESSIONALS
    if role in LIVED_EXPERIENCE_ROLES:
        return LIVED_EXPERIENCE
    return None


def role_label(role: str) -> str:
    try:
        return RoleCategory(role).label
    except ValueError:
        return role


# --- Framework structure -------------------------------------------------------------


def version_levels(version: FrameworkVersion) -> list[MatrixLevel]:
    return list(MatrixLevel.objects.filter(version=version).order_by("position"))


def version_dimensions(version: FrameworkVersion) -> list[MatrixDimension]:
    return list(
        MatrixDimension.objects.filter(version=version)
        .select_related("target")
        .order_by("position")
    )


@dataclass
class MatrixRow:
    dimension: MatrixDimension
    cells: list[str]
    # The cells' rows by level id, for their Welsh and easy-read texts.
    descriptors: dict = field(default_factory=dict)


def version_matrix(
    version: FrameworkVersion,
) -> tuple[list[MatrixLevel], list[MatrixRow]]:
    """Levels and one row of cell descriptors per dimension (three queries)."""
    levels = version_levels(version)
    dimensions = version_dimensions(version)
    cells = {
        (d.dimension_id, d.level_id): d
        for d in MatrixDescriptor.objects.filter(dimension__version=version)
    }
    rows = []
    for d in dimensions:
        mine = [cells.get((d.pk, level.pk)) for level in levels]
        rows.append(
            MatrixRow(
                d,
                [cell.text if cell else "" for cell in mine],
                {cell.level_id: cell for cell in mine if cell},
            )
        )
    return levels, rows


# The Welsh and easy-read texts of each part of a framework (participant pages).
LEVEL_TEXTS = ("label_cy", "label_easy", "description_cy", "description_easy")
DIMENSION_TEXTS = ("name_cy", "name_easy", "description_cy", "description_easy")
CELL_TEXTS = ("text_cy", "text_easy")


def _texts(row, fields) -> dict:
    return {name: getattr(row, name) for name in fields if row and getattr(row, name)}


def _with_texts(part: dict, **texts) -> dict:
    """``part`` with the translations that exist (none: the plain shipped shape)."""
    kept = {k: v for k, v in texts.items() if (any(v) if isinstance(v, list) else v)}
    return {**part, **kept}


def version_spec(version: FrameworkVersion) -> dict:
    """The version in the plain spec shape of frameworks.py (for copies and edits),
    with any Welsh and easy-read texts under ``texts`` and ``descriptor_texts``."""
    levels, rows = version_matrix(version)
    position = {level.pk: i for i, level in enumerate(levels)}
    return {
        "name": version.framework.name,
        "description": version.description,
        "levels": [
            _with_texts(
                {"label": lv.label, "description": lv.description},
                texts=_texts(lv, LEVEL_TEXTS),
            )
            for lv in levels
        ],
        "dimensions": [
            _with_texts(
                {
                    "name": row.dimension.name,
                    "description": row.dimension.description,
                    "target": position[row.dimension.target_id],
                    "descriptors": list(row.cells),
                },
                texts=_texts(row.dimension, DIMENSION_TEXTS),
                descriptor_texts=[
                    _texts(row.descriptors.get(level.pk), CELL_TEXTS)
                    for level in levels
                ],
            )
            for row in rows
        ],
    }


def programme_frameworks(programme) -> list[Framework]:
    """The programme's frameworks with their latest version number and use count."""
    return list(
        Framework.objects.filter(programme=programme)
        .annotate(
            latest_number=Max("versions__number"),
            round_count=Count("versions__rounds", distinct=True),
        )
        .order_by("name")
    )


def framework_versions(framework: Framework) -> QuerySet[FrameworkVersion]:
    return (
        FrameworkVersion.objects.filter(framework=framework)
        .select_related("created_by")
        .annotate(round_count=Count("rounds"))
        .order_by("-number")
    )


def framework_saved(pk: int) -> Framework:
    """The framework as stored now (after a refused save)."""
    return Framework.objects.get(pk=pk)


def framework_latest(framework: Framework) -> FrameworkVersion | None:
    return framework.versions.order_by("-number").first()


def version_in_use(version: FrameworkVersion) -> bool:
    return version.rounds.exists()


def latest_versions(programme) -> QuerySet[FrameworkVersion]:
    """The newest version of each of the programme's frameworks (for new rounds)."""
    return (
        FrameworkVersion.objects.filter(framework__programme=programme)
        .annotate(newest=Max("framework__versions__number"))
        .filter(number=F("newest"))
        .select_related("framework")
        .order_by("framework__name")
    )


# --- Rounds --------------------------------------------------------------------------


def project_rounds(project) -> QuerySet[ScoringRound]:
    """A project's rounds, newest first, with response and link counts."""
    return (
        ScoringRound.objects.filter(project=project)
        .select_related("version__framework")
        .annotate(
            response_count=Count(
                "responses",
                filter=Q(responses__submitted_at__isnull=False),
                distinct=True,
            ),
            link_count=Count("invitations", distinct=True),
        )
        .order_by("-number")
    )


def round_history(scoring_round) -> QuerySet[RoundStatusChange]:
    """Every close and reopen of a round, oldest first, with who did it."""
    return RoundStatusChange.objects.filter(round=scoring_round).select_related(
        "changed_by"
    )


def round_link_counts(scoring_round) -> dict[str, int]:
    """How many of a round's links would work if it were open, and how many have
    expired or been withdrawn (one query)."""
    now = timezone.now()
    return RoundInvitation.objects.filter(round=scoring_round).aggregate(
        working=Count("pk", filter=Q(revoked_at__isnull=True, expires_at__gt=now)),
        expired=Count("pk", filter=Q(revoked_at__isnull=True, expires_at__lte=now)),
        withdrawn=Count("pk", filter=Q(revoked_at__isnull=False)),
    )


def round_people_not_invited(scoring_round) -> QuerySet:
    """People on the project without a working link to this round."""
    invited = scoring_round.invitations.filter(
        stakeholder__isnull=False, revoked_at__isnull=True
    ).values("stakeholder_id")
    return project_people(scoring_round.project).exclude(pk__in=invited)


def has_member_response(scoring_round, user) -> bool:
    """Whether the signed-in member has scored this round (asked only while open)."""
    return scoring_round.is_open and scoring_round.responses.filter(user=user).exists()


def round_invitations(scoring_round) -> QuerySet[RoundInvitation]:
    return (
        RoundInvitation.objects.filter(round=scoring_round)
        .select_related("stakeholder__communication_needs", "response")
        .order_by("label", "pk")
    )


def round_invitations_shown(scoring_round, *, user, access) -> dict:
    """The round's links, each with whether this reader may see if it was answered
    (the person who made the link; anyone managing the round for links with no
    recorded maker), and the counts everyone sees (1 query)."""
    rows, answered = [], 0
    for invitation in round_invitations(scoring_round):
        # A missing reverse one-to-one raises an AttributeError subclass.
        response = getattr(invitation, "response", None)
        sent = response is not None and response.submitted_at is not None
        answered += bool(sent)
        rows.append(
            (
                invitation,
                disclosure.names_visible(
                    sent_by_id=invitation.sent_by_id,
                    viewer_id=user.pk,
                    manages=access.can_edit_evaluation,
                ),
            )
        )
    return {
        "rows": rows,
        "answered": answered,
        "hidden": sum(1 for _, visible in rows if not visible),
    }


def link_response(invitation) -> tuple[RoundResponse | None, dict[int, DimensionScore]]:
    """The response behind a link and its answers by dimension id."""
    response = RoundResponse.objects.filter(invitation=invitation).first()
    if response is None:
        return None, {}
    scores = {s.dimension_id: s for s in response.scores.select_related("level")}
    return response, scores


def member_response(scoring_round, user):
    response = RoundResponse.objects.filter(round=scoring_round, user=user).first()
    if response is None:
        return None, {}
    return response, {s.dimension_id: s for s in response.scores.all()}


# --- Results -------------------------------------------------------------------------


@dataclass
class DimensionResult:
    dimension: MatrixDimension
    target_number: int
    overall: Stat
    distance: float | None
    by_group: dict[str, Stat]
    professionals: Stat
    lived: Stat
    gap: float | None
    dont_know: int
    # (group label, or "" when the group is too small to name; level; text)
    comments: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def at_target(self) -> bool:
        return self.distance is not None and self.distance <= 0


@dataclass
class GroupRate:
    role: str
    label: str
    invited: int
    responded_by_link: int
    members: int

    @property
    def rate(self) -> float | None:
        if not self.invited:
            return None
        return self.responded_by_link / self.invited


@dataclass
class RoundResults:
    round: ScoringRound
    levels: list[MatrixLevel]
    dimensions: list[DimensionResult]
    groups: list[tuple[str, str, int]]
    rates: list[GroupRate]
    response_count: int
    grouping: disclosure.Grouping = field(default_factory=disclosure.Grouping)
    rates_grouping: disclosure.Grouping = field(default_factory=disclosure.Grouping)

    @property
    def sides(self):
        return [
            (PROFESSIONALS, SIDE_LABELS[PROFESSIONALS]),
            (LIVED_EXPERIENCE, SIDE_LABELS[LIVED_EXPERIENCE]),
        ]

    @property
    def mean_distance(self) -> float | None:
        values = [d.distance for d in self.dimensions if d.distance is not None]
        return sum(values) / len(values) if values else None

    @property
    def mean_gap(self) -> float | None:
        values = [d.gap for d in self.dimensions if d.gap is not None]
        return sum(values) / len(values) if values else None

    @property
    def level_count(self) -> int:
        return len(self.levels)

    @property
    def group_table(self) -> list[tuple[DimensionResult, list[Stat | None]]]:
        """Per dimension, each group's figures in the order of ``groups``."""
        return [
            (result, [result.by_group.get(role) for role, _, _ in self.groups])
            for result in self.dimensions
        ]


def dimension_result(
    dimension: MatrixDimension,
    answers: list[tuple[str, int | None]],
    comments: list[tuple[str, str, str]] | None = None,
    *,
    into: dict[str, str] | None = None,
) -> DimensionResult:
    """Figures for one dimension from (role, level number or None) answers.

    ``into`` maps each role to the group it is shown in (``disclosure.groups_merge``);
    roles missing from it are withheld. Without it every role is its own group."""
    given = [(role, number) for role, number in answers if number is not None]
    by_role = defaultdict(list)
    sides = defaultdict(list)
    for role, number in given:
        key = role if into is None else into.get(role)
        if key is not None:
            by_role[key].append(number)
        side = side_of(role)
        if side:
            sides[side].append(number)
    overall = stat([number for _, number in given])
    min_n = disclosure.min_group()
    professionals = stat(sides[PROFESSIONALS], min_n=min_n)
    lived = stat(sides[LIVED_EXPERIENCE], min_n=min_n)
    target_number = dimension.target.position + 1
    return DimensionResult(
        dimension=dimension,
        target_number=target_number,
        overall=overall,
        distance=distance(target_number, overall),
        by_group={key: stat(values, min_n=min_n) for key, values in by_role.items()},
        professionals=professionals,
        lived=lived,
        gap=gap(professionals, lived),
        dont_know=len(answers) - len(given),
        comments=comments or [],
    )


def _merged_rates(
    rates: list[GroupRate],
) -> tuple[list[GroupRate], disclosure.Grouping]:
    """Response rates by group under the disclosure rule: a group's size is the
    people counted in its row (links sent plus members who scored)."""
    grouping = disclosure.groups_merge(
        [(r.role, r.label, r.invited + r.members) for r in rates]
    )
    merged = {key: GroupRate(key, label, 0, 0, 0) for key, label, _ in grouping.shown}
    for rate in rates:
        if (key := grouping.key_for(rate.role)) is not None:
            merged[key].invited += rate.invited
            merged[key].responded_by_link += rate.responded_by_link
            merged[key].members += rate.members
    return list(merged.values()), grouping


def round_results(scoring_round: ScoringRound) -> RoundResults:
    """Everything the results page, CSV and PDF show for a round (six queries).

    Only sent responses count; answers still being given through a link do not.
    Groups, comments and response rates follow ``coproduce.disclosure``.
    """
    version = scoring_round.version
    levels = version_levels(version)
    dimensions = version_dimensions(version)
    label_of = {level.position + 1: level.label for level in levels}
    rows = DimensionScore.objects.filter(
        response__round=scoring_round, response__submitted_at__isnull=False
    ).values_list(
        "response__role_category", "dimension_id", "level__position", "comment"
    )
    responded = {
        row["role_category"]: row
        for row in RoundResponse.objects.filter(
            round=scoring_round, submitted_at__isnull=False
        )
        .values("role_category")
        .annotate(n=Count("id"), members=Count("id", filter=Q(invitation__isnull=True)))
        .order_by()
    }
    invited = {
        row["role_category"]: row
        for row in RoundInvitation.objects.filter(round=scoring_round)
        .values("role_category")
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(response__submitted_at__isnull=False)),
        )
        .order_by()
    }
    roles = sorted(set(responded) | set(invited), key=lambda r: ROLE_ORDER.get(r, 99))
    grouping = disclosure.groups_merge(
        [
            (role, role_label(role), responded[role]["n"])
            for role in roles
            if role in responded
        ]
    )
    answers = defaultdict(list)
    comments = defaultdict(list)
    for role, dimension_id, position, comment in rows:
        number = None if position is None else position + 1
        answers[dimension_id].append((role, number))
        if comment:
            label = disclosure.comment_label(role_label(role), responded[role]["n"])
            comments[dimension_id].append(
                (label, label_of.get(number, "Don't know"), comment)
            )
    results = [
        dimension_result(
            d,
            answers[d.pk],
            # Labelled comments first by group; unlabelled ones after, by text, so
            # their place in the list does not give their group away.
            sorted(comments[d.pk], key=lambda c: (not c[0], c[0], c[2])),
            into=grouping.into,
        )
        for d in dimensions
    ]
    rates, rates_grouping = _merged_rates(
        [
            GroupRate(
                role=role,
                label=role_label(role),
                invited=invited.get(role, {}).get("n", 0),
                responded_by_link=invited.get(role, {}).get("done", 0),
                members=responded.get(role, {}).get("members", 0),
            )
            for role in roles
        ]
    )
    return RoundResults(
        round=scoring_round,
        levels=levels,
        dimensions=results,
        groups=grouping.shown,
        rates=rates,
        response_count=sum(row["n"] for row in responded.values()),
        grouping=grouping,
        rates_grouping=rates_grouping,
    )


# --- Trends and the programme view ---------------------------------------------------


@dataclass
class TrendPoint:
    round: ScoringRound
    everyone: float | None
    professionals: float | None
    lived: float | None
    distance: float | None
    dimension_medians: dict[str, float | None]


@dataclass
class FrameworkTrend:
    framework: Framework
    level_labels: list[str]
    points: list[TrendPoint]
    dimension_names: list[str]


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _results_summary(scoring_round, results) -> TrendPoint:
    return TrendPoint(
        round=scoring_round,
        everyone=_mean(r.overall.median for r in results),
        professionals=_mean(
            r.professionals.median for r in results if r.professionals.shown
        ),
        lived=_mean(r.lived.median for r in results if r.lived.shown),
        distance=_mean(r.distance for r in results),
        dimension_medians={r.dimension.name: r.overall.median for r in results},
    )


def _dimension_results(dimensions, rows) -> list[DimensionResult]:
    by_dimension = defaultdict(list)
    for role, dimension_id, number in rows:
        by_dimension[dimension_id].append((role, number))
    return [dimension_result(d, by_dimension[d.pk]) for d in dimensions]


def _round_summary(scoring_round, dimensions, rows) -> TrendPoint:
    return _results_summary(scoring_round, _dimension_results(dimensions, rows))


def _scores_by_round(round_ids) -> dict[int, list]:
    rows = DimensionScore.objects.filter(
        response__round_id__in=round_ids, response__submitted_at__isnull=False
    ).values_list(
        "response__round_id",
        "response__role_category",
        "dimension_id",
        "level__position",
    )
    out = defaultdict(list)
    for round_id, role, dimension_id, position in rows:
        out[round_id].append(
            (role, dimension_id, None if position is None else position + 1)
        )
    return out


def _dimensions_by_version(version_ids) -> dict[int, list[MatrixDimension]]:
    out = defaultdict(list)
    for d in (
        MatrixDimension.objects.filter(version_id__in=version_ids)
        .select_related("target")
        .order_by("version_id", "position")
    ):
        out[d.version_id].append(d)
    return out


def rounds_dimension_results(rounds) -> dict[int, list[DimensionResult]]:
    """Each round's figures per dimension, by round id, for any number of rounds
    (two queries): what other features cite when they point at a round's scores."""
    rounds = list(rounds)
    if not rounds:
        return {}
    dimensions = _dimensions_by_version({r.version_id for r in rounds})
    scores = _scores_by_round([r.pk for r in rounds])
    return {
        r.pk: _dimension_results(dimensions[r.version_id], scores[r.pk]) for r in rounds
    }


def project_trend(project) -> list[FrameworkTrend]:
    """Each framework the project was scored on, with a summary per round in date
    order: average of the dimension medians for everyone, professionals and people
    with lived experience, and the average distance to target (five queries).
    Dimensions are matched across framework versions by name."""
    rounds = list(
        ScoringRound.objects.filter(project=project)
        .select_related("version__framework")
        .order_by("held_on", "number")
    )
    if not rounds:
        return []
    version_ids = {r.version_id for r in rounds}
    dimensions = _dimensions_by_version(version_ids)
    scores = _scores_by_round([r.pk for r in rounds])
    labels = defaultdict(list)
    for level in MatrixLevel.objects.filter(version_id__in=version_ids).order_by(
        "version_id", "position"
    ):
        labels[level.version_id].append(level.label)
    trends: dict[int, FrameworkTrend] = {}
    for scoring_round in rounds:
        framework = scoring_round.version.framework
        trend = trends.setdefault(framework.pk, FrameworkTrend(framework, [], [], []))
        trend.level_labels = labels[scoring_round.version_id]
        version_dims = dimensions[scoring_round.version_id]
        for d in version_dims:
            if d.name not in trend.dimension_names:
                trend.dimension_names.append(d.name)
        trend.points.append(
            _round_summary(scoring_round, version_dims, scores[scoring_round.pk])
        )
    return list(trends.values())


@dataclass
class ProjectLatest:
    project: object
    round: ScoringRound
    point: TrendPoint
    dimension_count: int
    at_target: int
    response_count: int
    # The mean target level of the round's parts.
    target: float | None = None

    @property
    def gap(self) -> float | None:
        if self.point.professionals is None or self.point.lived is None:
            return None
        return self.point.professionals - self.point.lived


@dataclass
class _LatestRow:
    """A project's latest round before it is loaded whole: enough to sort on."""

    pk: int
    title: str
    held_on: object
    response_count: int
    figures: dict
    framework_id: int = 0
    project_id: int = 0

    @property
    def distance(self):
        return self.figures["distance"]

    @property
    def gap(self) -> float | None:
        professionals, lived = self.figures["professionals"], self.figures["lived"]
        if professionals is None or lived is None:
            return None
        return professionals - lived


PROGRAMME_SORTS = {
    "project": lambda row: row.title.lower(),
    "date": lambda row: row.held_on,
    "distance": lambda row: (row.distance is None, -(row.distance or 0)),
    "gap": lambda row: (row.gap is None, -(abs(row.gap) if row.gap is not None else 0)),
    "at_target": lambda row: -row.figures["at_target"],
}


def _stamp(moment) -> str:
    return moment.isoformat() if moment else ""


def _summary_key(row: dict) -> str:
    """Changes whenever an answer is sent or changed (a sent response's
    ``updated_at`` moves with every answer, also after a reopen), or the round is
    closed or reopened."""
    return (
        f"matrix-latest-2:{disclosure.min_group()}:{row['pk']}:{row['version_id']}:"
        f"{row['status']}:{row['response_count']}:"
        f"{_stamp(row['last_answer'])}:{_stamp(row['closed_at'])}:"
        f"{_stamp(row['reopened_at'])}"
    )


def _round_figures(rows: list[dict]) -> dict[int, dict]:
    """Each round's summary figures by round id, from the cache where the round has
    not changed since it was last computed (two queries for the rest)."""
    keys = {row["pk"]: _summary_key(row) for row in rows}
    cached = cache.get_many(list(keys.values()))
    missing = [row for row in rows if keys[row["pk"]] not in cached]
    if missing:
        dimensions = _dimensions_by_version({row["version_id"] for row in missing})
        scores = _scores_by_round([row["pk"] for row in missing])
        fresh = {}
        for row in missing:
            version_dims = dimensions[row["version_id"]]
            results = _dimension_results(version_dims, scores[row["pk"]])
            point = _results_summary(None, results)
            fresh[keys[row["pk"]]] = {
                "everyone": point.everyone,
                "professionals": point.professionals,
                "lived": point.lived,
                "distance": point.distance,
                "dimension_medians": point.dimension_medians,
                "dimension_count": len(version_dims),
                "at_target": sum(1 for r in results if r.at_target),
                "target": _mean(d.target.number for d in version_dims),
            }
        cache.set_many(fresh, timeout=24 * 3600)
        cached.update(fresh)
    return {pk: cached[key] for pk, key in keys.items()}


def latest_round_ids(projects: QuerySet, *, per_framework: bool = False) -> QuerySet:
    """The id of each project's latest round (by date, then number), or of its
    latest round on each framework, as a subquery: one pass over the rounds
    numbered by a window function, rather than a correlated subquery run for every
    project (or every round)."""
    partition = [F("project_id")]
    if per_framework:
        partition.append(F("version__framework_id"))
    return (
        ScoringRound.objects.filter(project__in=projects.order_by().values("pk"))
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=partition,
                order_by=[F("held_on").desc(), F("number").desc()],
            )
        )
        .filter(place=1)
        .values("pk")
    )


def _sorted_latest(projects: QuerySet, sort: str) -> list[_LatestRow]:
    """Each project's latest round (by date) as a plain row with its figures, sorted
    (two queries, plus two for rounds whose figures are not in the cache)."""
    return _latest_rows(latest_round_ids(projects), sort)


def _latest_rows(round_ids, sort: str) -> list[_LatestRow]:
    """These rounds as plain rows with their figures, sorted."""
    rows = list(
        ScoringRound.objects.filter(pk__in=round_ids)
        .annotate(
            response_count=Count(
                "responses", filter=Q(responses__submitted_at__isnull=False)
            ),
            last_answer=Max(
                "responses__updated_at",
                filter=Q(responses__submitted_at__isnull=False),
            ),
        )
        .values(
            "pk",
            "version_id",
            "status",
            "held_on",
            "closed_at",
            "reopened_at",
            "response_count",
            "last_answer",
            "project_id",
            "project__title",
            "version__framework_id",
        )
        .order_by()
    )
    # Title order for ties, in Python: sorting in SQL sorted every response row.
    rows.sort(key=lambda r: (r["project__title"], r["pk"]))
    if not rows:
        return []
    figures = _round_figures(rows)
    latest = [
        _LatestRow(
            pk=r["pk"],
            title=r["project__title"],
            held_on=r["held_on"],
            response_count=r["response_count"],
            figures=figures[r["pk"]],
            framework_id=r["version__framework_id"],
            project_id=r["project_id"],
        )
        for r in rows
    ]
    latest.sort(key=PROGRAMME_SORTS.get(sort, PROGRAMME_SORTS["distance"]))
    return latest


def _as_objects(rows: list[_LatestRow]) -> list[ProjectLatest]:
    """The rows with their rounds, projects and frameworks loaded (one query)."""
    loaded = ScoringRound.objects.select_related(
        "project", "version__framework"
    ).in_bulk([row.pk for row in rows])
    out = []
    for row in rows:
        scoring_round, numbers = loaded[row.pk], row.figures
        out.append(
            ProjectLatest(
                project=scoring_round.project,
                round=scoring_round,
                point=TrendPoint(
                    round=scoring_round,
                    everyone=numbers["everyone"],
                    professionals=numbers["professionals"],
                    lived=numbers["lived"],
                    distance=numbers["distance"],
                    dimension_medians=numbers["dimension_medians"],
                ),
                dimension_count=numbers["dimension_count"],
                at_target=numbers["at_target"],
                target=numbers["target"],
                response_count=row.response_count,
            )
        )
    return out


def programme_latest_rounds(projects: QuerySet, *, sort: str = "distance") -> list:
    """Each project's latest round (by date) against its targets.

    A round's figures are kept in the cache under a key that changes with every
    answer, so a programme of hundreds of projects reads only the scores of rounds
    that changed since the last view (at most five queries)."""
    return _as_objects(_sorted_latest(projects, sort))


def sorted_latest_rows(projects: QuerySet, sort: str = "distance") -> list:
    """Every project's latest round as a plain, sorted row (what a page of
    ``latest_rounds_page`` is cut from; plain values, so it can be remembered)."""
    return _sorted_latest(projects, sort)


def latest_rounds_page(
    projects: QuerySet,
    *,
    sort: str = "distance",
    page=None,
    per_page: int = 50,
    rows: list | None = None,
):
    """One page of ``programme_latest_rounds``: every round is sorted (or ``rows``
    from ``sorted_latest_rows`` are used), only the page's rounds are loaded."""
    if rows is None:
        rows = _sorted_latest(projects, sort)
    page = Paginator(rows, per_page).get_page(page)
    page.object_list = _as_objects(list(page.object_list))
    return page


def latest_rounds_overview(projects: QuerySet, *, limit: int) -> dict:
    """The ``limit`` latest rounds furthest from target, how many projects were
    scored and how many met every target: a big programme's dashboard loads only
    the rounds it shows."""
    latest = _sorted_latest(projects, "distance")
    return {
        "rows": _as_objects(latest[:limit]),
        "count": len(latest),
        "all_met": sum(
            1
            for row in latest
            if row.figures["at_target"] == row.figures["dimension_count"]
        ),
    }


def open_round_invitations(programme, today):
    """People holding a working link to an open scoring round of the programme, as
    (stakeholder id, round): an invitation source for the unmet-needs list."""
    rows = (
        RoundInvitation.objects.filter(
            round__project__programme=programme,
            round__status=RoundStatus.OPEN,
            stakeholder__isnull=False,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .filter(Q(round__closes_on__isnull=True) | Q(round__closes_on__gte=today))
        .values_list("stakeholder_id", "round__number", "round__project__title")
        .order_by("round__project__title", "round__number")
    )
    for stakeholder_id, number, title in rows:
        yield stakeholder_id, f"Scoring round {number}, {title}"


@dataclass
class FrameworkLatest:
    """One framework's latest rounds across projects: only rounds on the same
    framework share an average or a distance from target."""

    framework: Framework
    rows: list[ProjectLatest]
    count: int
    all_met: int
    # Every project scored on it and the latest round's day, with only the
    # ``limit`` furthest from target in ``rows``.
    project_ids: frozenset = frozenset()
    latest_held_on: object = None


def latest_rounds_by_framework(projects: QuerySet, *, limit: int) -> list:
    """Per framework, each project's latest round on it, furthest from target
    first, the ``limit`` furthest loaded whole (three queries, plus two for rounds
    whose figures are not in the cache)."""
    round_ids = latest_round_ids(projects, per_framework=True)
    groups: dict[int, list[_LatestRow]] = defaultdict(list)
    for row in _latest_rows(round_ids, "distance"):
        groups[row.framework_id].append(row)
    shown = _as_objects([row for rows in groups.values() for row in rows[:limit]])
    by_framework = defaultdict(list)
    for item in shown:
        by_framework[item.round.version.framework_id].append(item)
    out = [
        FrameworkLatest(
            framework=by_framework[framework_id][0].round.version.framework,
            rows=by_framework[framework_id],
            count=len(rows),
            all_met=sum(
                1
                for row in rows
                if row.figures["at_target"] == row.figures["dimension_count"]
            ),
            project_ids=frozenset(row.project_id for row in rows),
            latest_held_on=max((r.held_on for r in rows if r.held_on), default=None),
        )
        for framework_id, rows in groups.items()
    ]
    out.sort(key=lambda group: group.framework.name.lower())
    return out
