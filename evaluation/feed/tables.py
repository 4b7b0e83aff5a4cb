"""The programme's data feed for Power BI and Excel: flat tables with stable column
names and ISO dates, one row per project, activity, attendance by role, round and
dimension, and outcome claim.

Figures come from the same selectors as the pages (the matrix's
``rounds_dimension_results`` applies the small-group rule), claims from the evidence
export's own table (redaction and consent applied there), and CSV goes through the
one formula guard (``coproduce.exports``). Each table takes a fixed number of
queries, whatever the programme's size."""

import io
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from coproduce.exports import csv_writer
from evaluation.evidence.exports import claims_table
from evaluation.matrix.selectors import rounds_dimension_results
from evaluation.models import ScoringRound
from projects.models import Activity, Attendance, Headcount, Programme, Project
from projects.selectors import with_totals


@dataclass(frozen=True)
class Feed:
    name: str
    title: str
    description: str
    columns: list[str]
    rows: list[tuple]

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv_writer(out)
        writer.writerow(self.columns)
        writer.writerows([_csv_value(v) for v in row] for row in self.rows)
        return out.getvalue()


def _csv_value(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def column_name(heading: str) -> str:
    """A stable column name from an export heading: "Speaker's role" → speakers_role."""
    return re.sub(r"[^a-z0-9]+", "_", heading.lower().replace("'", "")).strip("_")


def projects_feed(programme: Programme) -> Feed:
    """One row per project (2 queries)."""
    activity_counts = dict(
        Activity.objects.filter(project__programme=programme)
        .values("project_id")
        .annotate(n=Count("id"))
        .values_list("project_id", "n")
    )
    rows = [
        (
            p.pk,
            p.slug,
            p.title,
            p.status,
            p.cycle_part,
            p.involvement_aim,
            p.current_stage,
            p.start_date,
            p.target_end_date,
            activity_counts.get(p.pk, 0),
        )
        for p in Project.objects.filter(programme=programme).order_by("id")
    ]
    return Feed(
        "projects",
        "Projects",
        "One row per project: status, stage and dates.",
        [
            "project_id",
            "slug",
            "title",
            "status",
            "cycle_part",
            "involvement_aim",
            "current_stage",
            "start_date",
            "target_end_date",
            "activities",
        ],
        rows,
    )


def activities_feed(programme: Programme) -> Feed:
    """One row per activity with its totals (1 query)."""
    activities = with_totals(
        Activity.objects.filter(project__programme=programme)
    ).order_by("held_on", "id")
    rows = [
        (
            a.pk,
            a.project_id,
            a.held_on,
            a.ends_on,
            a.kind,
            a.title,
            a.stage,
            a.co_constructed,
            a.decided_by,
            a.total,
            a.seldom_total,
        )
        for a in activities
    ]
    return Feed(
        "activities",
        "Activities",
        "One row per meeting, workshop or other activity, with how many came.",
        [
            "activity_id",
            "project_id",
            "held_on",
            "ends_on",
            "kind",
            "title",
            "stage",
            "co_constructed",
            "decided_by",
            "people",
            "seldom_heard",
        ],
        rows,
    )


def attendance_feed(programme: Programme) -> Feed:
    """One row per activity and role: named attendees plus headcounts (3 queries)."""
    named = (
        Attendance.objects.filter(activity__project__programme=programme)
        .values("activity_id", "role_category")
        .annotate(n=Count("id"), seldom=Count("id", filter=Q(seldom_heard=True)))
        .order_by()
    )
    counted = (
        Headcount.objects.filter(activity__project__programme=programme)
        .values("activity_id", "role_category")
        .annotate(n=Sum("count"), seldom=Sum("seldom_heard_count"))
        .order_by()
    )
    cells = defaultdict(lambda: [0, 0, 0])
    for row in named:
        cell = cells[(row["activity_id"], row["role_category"])]
        cell[0] += row["n"]
        cell[2] += row["seldom"]
    for row in counted:
        cell = cells[(row["activity_id"], row["role_category"])]
        cell[1] += row["n"] or 0
        cell[2] += row["seldom"] or 0
    activities = {
        a["id"]: a
        for a in Activity.objects.filter(project__programme=programme).values(
            "id", "project_id", "held_on", "stage"
        )
    }
    rows = []
    for (activity_id, role), (n_named, n_counted, seldom) in sorted(
        cells.items(), key=lambda item: (item[0][0], item[0][1])
    ):
        activity = activities[activity_id]
        rows.append(
            (
                activity_id,
                activity["project_id"],
                activity["held_on"],
                activity["stage"],
                role,
                n_named,
                n_counted,
                n_named + n_counted,
                seldom,
            )
        )
    return Feed(
        "attendance",
        "Attendance by role",
        "One row per activity and role: people named, people counted, and how many "
        "were from seldom-heard groups.",
        [
            "activity_id",
            "project_id",
            "held_on",
            "stage",
            "role_category",
            "named",
            "counted",
            "people",
            "seldom_heard",
        ],
        rows,
    )


def _median(figures):
    return figures.median if figures.shown else None


def scores_feed(programme: Programme) -> Feed:
    """One row per scoring round and dimension, with only the figures the results
    page shows: groups below the small-group size are left empty (3 queries)."""
    rounds = list(
        ScoringRound.objects.filter(project__programme=programme)
        .select_related("version__framework")
        .order_by("project_id", "number")
    )
    results = rounds_dimension_results(rounds)
    rows = []
    for scoring_round in rounds:
        for result in results[scoring_round.pk]:
            rows.append(
                (
                    scoring_round.pk,
                    scoring_round.project_id,
                    scoring_round.number,
                    scoring_round.held_on,
                    scoring_round.stage,
                    scoring_round.status,
                    scoring_round.version.framework.name,
                    scoring_round.version.number,
                    result.dimension.name,
                    result.target_number,
                    result.overall.n,
                    _median(result.overall),
                    _median(result.professionals),
                    _median(result.lived),
                    result.distance,
                    result.gap,
                )
            )
    return Feed(
        "scores",
        "Scores by round and dimension",
        "One row per scoring round and dimension: medians for everyone, for "
        "professionals and for people with lived experience (left empty when too "
        "few answered to show), distance to the target and the gap between them.",
        [
            "round_id",
            "project_id",
            "round",
            "held_on",
            "stage",
            "round_status",
            "framework",
            "framework_version",
            "dimension",
            "target_level",
            "answers",
            "median_everyone",
            "median_professionals",
            "median_lived_experience",
            "distance_to_target",
            "perception_gap",
        ],
        rows,
    )


def claims_feed(programme: Programme) -> Feed:
    """One row per outcome claim: the evidence export's table, with its redaction
    and consent rules, under stable column names (3 queries)."""
    table = claims_table(programme)
    return Feed(
        "claims",
        "Outcome claims",
        table.description,
        [column_name(h) for h in table.header],
        table.rows,
    )


FEEDS = {
    "projects": projects_feed,
    "activities": activities_feed,
    "attendance": attendance_feed,
    "scores": scores_feed,
    "claims": claims_feed,
}
