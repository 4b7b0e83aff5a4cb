"""Reads for the decision log, the programme's decisions view and the reports.

Every function issues a fixed number of queries, whatever the number of decisions,
inputs or projects. "People with lived experience" are the roles the matrix counts
as such (``evaluation.matrix.selectors.LIVED_EXPERIENCE_ROLES``), so the decisions
view and the matrix scores beside it split people the same way.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from evaluation.evidence.access import quotes_visible_with
from evaluation.matrix import selectors as matrix_selectors
from evaluation.matrix.selectors import LIVED_EXPERIENCE_ROLES, role_label
from evaluation.models import (
    Decision,
    DecisionInput,
    InputEffect,
    MatrixLevel,
    Quote,
    ScoringRound,
)
from projects.access import Access
from projects.models import Activity, DiamondStage, Project, RoleCategory
from projects.selectors import project_people

LIVED = [str(role) for role in LIVED_EXPERIENCE_ROLES]
# Said wherever a decision log, or a report's decisions section, is empty.
WHO_MAY_ADD = (
    "Facilitators and evaluators of the project can add decisions, from the "
    "project's decision log or from the page of the activity they came out of."
)
CHANGED_BY_LIVED = Q(
    inputs__role_category__in=LIVED, inputs__effect=InputEffect.CHANGED
)
ASKED_LIVED = Q(inputs__role_category__in=LIVED)


# --- Score changes cited as evidence --------------------------------------------------


@dataclass(frozen=True)
class ScoreChange:
    """How a round's scores compare with the round before it on the same framework:
    averages of the dimension medians, each shown only where enough people in the
    group answered (the matrix's rule for small groups)."""

    round: ScoringRound
    previous: ScoringRound | None
    group_label: str
    group_before: float | None
    group_after: float | None
    lived_before: float | None
    lived_after: float | None
    everyone_before: float | None
    everyone_after: float | None
    level_count: int
    group_is_lived: bool

    def lines(self) -> list[tuple[str, str]]:
        """(group, how its scores moved) for the input's role, people with lived
        experience (unless that is the same group) and everyone."""
        groups = [(self.group_label, self.group_before, self.group_after)]
        if not self.group_is_lived:
            groups.append(
                ("People with lived experience", self.lived_before, self.lived_after)
            )
        groups.append(("Everyone", self.everyone_before, self.everyone_after))
        return [(label, self._movement(a, b)) for label, a, b in groups]

    def _movement(self, before, after) -> str:
        if after is None:
            return "too few people answered to show their scores"
        now = f"{after:g} in round {self.round.number}"
        if self.previous is None:
            return f"{now} (the first round on this framework)"
        if before is None:
            return f"{now}; too few answered in round {self.previous.number} to compare"
        change = round(after - before, 1)
        if change == 0:
            moved = "no change"
        else:
            moved = f"{'up' if change > 0 else 'down'} {abs(change):g}"
        return f"{before:g} in round {self.previous.number}, {now} ({moved})"


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def _figures(results, role: str) -> dict:
    if results is None:
        return {"group": None, "lived": None, "everyone": None}
    return {
        "group": _mean(
            r.by_group[role].median
            for r in results
            if role in r.by_group and r.by_group[role].shown
        ),
        "lived": _mean(r.lived.median for r in results if r.lived.shown),
        "everyone": _mean(r.overall.median for r in results),
    }


def _previous_rounds(linked: list[ScoringRound]) -> dict[int, ScoringRound]:
    """For each linked round, the round before it (by date) on the same framework
    and project (one query)."""
    if not linked:
        return {}
    siblings = list(
        ScoringRound.objects.filter(project_id__in={r.project_id for r in linked})
        .select_related("version")
        .order_by("held_on", "number")
    )
    out = {}
    for scoring_round in linked:
        earlier = [
            r
            for r in siblings
            if r.project_id == scoring_round.project_id
            and r.version.framework_id == scoring_round.version.framework_id
            and (r.held_on, r.number) < (scoring_round.held_on, scoring_round.number)
        ]
        if earlier:
            out[scoring_round.pk] = earlier[-1]
    return out


def _attach_score_changes(inputs: list[DecisionInput]) -> None:
    """Set ``score_change`` on every input (None where no round is cited): four
    queries for any number of inputs."""
    linked = {i.scoring_round.pk: i.scoring_round for i in inputs if i.scoring_round}
    previous = _previous_rounds(list(linked.values()))
    results = matrix_selectors.rounds_dimension_results(
        list(linked.values()) + list(previous.values())
    )
    levels = (
        dict(
            MatrixLevel.objects.filter(
                version_id__in={r.version_id for r in linked.values()}
            )
            .values_list("version_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        if linked
        else {}
    )
    for item in inputs:
        scoring_round = item.scoring_round
        if scoring_round is None:
            item.score_change = None
            continue
        before_round = previous.get(scoring_round.pk)
        after = _figures(results.get(scoring_round.pk), item.role_category)
        before = _figures(
            results.get(before_round.pk) if before_round else None, item.role_category
        )
        item.score_change = ScoreChange(
            round=scoring_round,
            previous=before_round,
            group_label=role_label(item.role_category),
            group_before=before["group"],
            group_after=after["group"],
            lived_before=before["lived"],
            lived_after=after["lived"],
            everyone_before=before["everyone"],
            everyone_after=after["everyone"],
            level_count=levels.get(scoring_round.version_id, 0),
            group_is_lived=item.role_category in LIVED,
        )


# --- Decisions -----------------------------------------------------------------------


def _decisions(queryset: QuerySet[Decision], access: Access) -> list[Decision]:
    """Decisions with who decided, their inputs and the evidence of each (five
    queries, and four more when scoring rounds are cited). Quotes follow the quote rule for ``access`` ("may not quote" is seen
    only by evaluators and facilitators)."""
    quotes = quotes_visible_with(access, Quote.objects.all())
    inputs = DecisionInput.objects.select_related(
        "stakeholder", "scoring_round__version__framework"
    ).prefetch_related(
        Prefetch("quotes", quotes), Prefetch("activities", Activity.objects.all())
    )
    decisions = list(
        queryset.select_related("activity", "project").prefetch_related(
            "decided_by", Prefetch("inputs", inputs)
        )
    )
    _attach_score_changes([i for d in decisions for i in d.inputs.all()])
    return decisions


def project_decisions(project: Project, access: Access) -> list[Decision]:
    """The project's decision log, newest first."""
    return _decisions(Decision.objects.filter(project=project), access)


def decision_detail(decision: Decision, access: Access) -> Decision:
    return _decisions(Decision.objects.filter(pk=decision.pk), access)[0]


def programme_decisions(projects: QuerySet[Project], access: Access) -> list[Decision]:
    """Every decision of ``projects``, by project then newest first (for the
    programme report)."""
    return _decisions(
        Decision.objects.filter(project__in=projects.values("pk")).order_by(
            "project__title", "-decided_on", "-pk"
        ),
        access,
    )


def activity_defaults(project: Project, activity_pk) -> dict:
    """What a decision logged from an activity page starts with: the activity, its
    stage and date (one query; nothing when the activity is not the project's)."""
    if not str(activity_pk or "").isdigit():
        return {}
    activity = Activity.objects.filter(project=project, pk=activity_pk).first()
    if activity is None:
        return {}
    return {
        "activity": activity.pk,
        "stage": activity.stage,
        "decided_on": activity.ends_on or activity.held_on,
    }


def decision_activities(project: Project) -> QuerySet[Activity]:
    return Activity.objects.filter(project=project).order_by("-held_on", "-pk")


def decision_people(project: Project):
    return project_people(project)


def decision_rounds(project: Project) -> QuerySet[ScoringRound]:
    return (
        ScoringRound.objects.filter(project=project)
        .select_related("version__framework")
        .order_by("-held_on", "-number")
    )


def decision_quotes(project: Project, access: Access) -> QuerySet[Quote]:
    return quotes_visible_with(access, Quote.objects.filter(project=project))


# --- The programme view ---------------------------------------------------------------


@dataclass
class StageCount:
    stage: str
    label: str
    total: int
    lived_asked: int
    lived_changed: int

    @property
    def share_changed(self) -> float | None:
        return self.lived_changed / self.total if self.total else None


@dataclass
class RoleCount:
    role: str
    label: str
    asked: int
    changed: int

    @property
    def is_lived(self) -> bool:
        return self.role in LIVED


@dataclass
class ProjectDecisions:
    project: Project
    total: int
    lived_asked: int
    lived_changed: int
    latest: object  # matrix_selectors.ProjectLatest or None


def _counts(decisions: QuerySet[Decision], key: str) -> dict:
    return {
        row[key]: row
        for row in decisions.values(key)
        .annotate(
            total=Count("pk", distinct=True),
            lived_asked=Count("pk", filter=ASKED_LIVED, distinct=True),
            lived_changed=Count("pk", filter=CHANGED_BY_LIVED, distinct=True),
        )
        .order_by()
    }


def decisions_by_stage(projects: QuerySet[Project]) -> list[StageCount]:
    """Per Double Diamond stage: decisions, those on which people with lived
    experience were asked, and those their input changed (one query)."""
    counts = _counts(
        Decision.objects.filter(project__in=projects.values("pk")), "stage"
    )
    return [
        StageCount(
            stage=stage,
            label=label,
            total=counts.get(stage, {}).get("total", 0),
            lived_asked=counts.get(stage, {}).get("lived_asked", 0),
            lived_changed=counts.get(stage, {}).get("lived_changed", 0),
        )
        for stage, label in DiamondStage.choices
    ]


def stage_totals(stages: list[StageCount]) -> StageCount:
    return StageCount(
        stage="",
        label="All stages",
        total=sum(s.total for s in stages),
        lived_asked=sum(s.lived_asked for s in stages),
        lived_changed=sum(s.lived_changed for s in stages),
    )


def inputs_by_role(projects: QuerySet[Project]) -> list[RoleCount]:
    """Per role: on how many decisions their input was asked for and on how many it
    changed the outcome (one query). Roles never asked are left out."""
    rows = (
        DecisionInput.objects.filter(decision__project__in=projects.values("pk"))
        .values("role_category")
        .annotate(
            asked=Count("decision", distinct=True),
            changed=Count(
                "decision", filter=Q(effect=InputEffect.CHANGED), distinct=True
            ),
        )
        .order_by()
    )
    by_role = {row["role_category"]: row for row in rows}
    return [
        RoleCount(
            role=role,
            label=label,
            **{k: by_role[role][k] for k in ("asked", "changed")},
        )
        for role, label in RoleCategory.choices
        if role in by_role
    ]


def project_rows(projects: QuerySet[Project]) -> tuple[list[ProjectDecisions], int]:
    """Projects with decisions, each beside the scores of its latest scoring round,
    and how many projects have none logged (at most eight queries: two here and the
    matrix's latest rounds)."""
    counts = _counts(
        Decision.objects.filter(project__in=projects.values("pk")), "project"
    )
    latest = {
        row.project.pk: row
        for row in matrix_selectors.programme_latest_rounds(
            projects.filter(pk__in=list(counts)), sort="project"
        )
    }
    with_decisions = list(projects.filter(pk__in=list(counts)).order_by("title"))
    rows = [
        ProjectDecisions(
            project=project,
            total=counts[project.pk]["total"],
            lived_asked=counts[project.pk]["lived_asked"],
            lived_changed=counts[project.pk]["lived_changed"],
            latest=latest.get(project.pk),
        )
        for project in with_decisions
    ]
    return rows, projects.count() - len(rows)
