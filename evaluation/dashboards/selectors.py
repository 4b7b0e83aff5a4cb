"""Reads for the three dashboards (commissioner, facilitator, evaluator).

Every function works on a queryset of projects the user may see (from
``projects.access``) and issues a fixed number of queries, whatever the number of
projects: counts and dates are computed in the database, never per project.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from evaluation.evidence.selectors import replies_labelled
from evaluation.models import (
    EvaluationStageKind,
    Invitation,
    JobStatus,
    Quote,
    ReportJob,
    ReportKind,
    RoundInvitation,
    RoundStatus,
    ScoringRound,
    ThemeReview,
)
from logicmodels.models import LogicModelVersion, VersionStatus
from projects.access import (
    ROLE_ORDER,
    programmes_visible_to,
    projects_visible_to,
)
from projects.models import (
    AccessRole,
    Activity,
    DiamondStage,
    ProgrammeMembership,
    Project,
    ProjectMembership,
    ProjectStatus,
)
from projects.progress import diagrams

# A project with no activity for this many weeks needs attention.
STALLED_WEEKS = 6
# Participant and review links that stop working within this many days.
EXPIRY_WARNING_DAYS = 7
# How many rows the "recent" panels show.
RECENT = 8
# Value of the stage filter for projects that have not started Discover.
NOT_STARTED = diagrams.NOT_STARTED_FILTER


# --- Where each user starts ----------------------------------------------------------


def dashboard_url(user) -> str:
    """The dashboard that fits the user's strongest role.

    Facilitators (of a programme or a project) go to the facilitator home, evaluators
    to the evaluator home, programme commissioners to their programme's dashboard;
    viewers and members of single projects to the project list. Administrators
    without memberships see the first programme's dashboard.
    """
    programme_roles = list(
        ProgrammeMembership.objects.filter(user=user)
        .select_related("programme")
        .order_by("programme__name")
    )
    roles = {m.role for m in programme_roles} | _project_roles(user)
    strongest = next((role for role in ROLE_ORDER if role in roles), None)
    if strongest == AccessRole.FACILITATOR:
        return reverse("evaluation:facilitator_home")
    if strongest == AccessRole.EVALUATOR:
        return reverse("evaluation:evaluator_home")
    commissioned = [m for m in programme_roles if m.role == AccessRole.COMMISSIONER]
    if commissioned:
        return reverse(
            "evaluation:commissioner_dashboard", args=[commissioned[0].programme.slug]
        )
    if user.is_superuser:
        first = programmes_visible_to(user).order_by("name").first()
        if first is not None:
            return reverse("evaluation:commissioner_dashboard", args=[first.slug])
    return reverse("projects:project_list")


def _project_roles(user) -> set[str]:
    return set(
        ProjectMembership.objects.filter(user=user).values_list("role", flat=True)
    )


def home_roles(user) -> set[str]:
    """The role homes the user may open: "facilitator" and "evaluator" for the
    roles they hold on a programme or a project (administrators get both; two
    queries)."""
    if user.is_superuser:
        return {AccessRole.FACILITATOR, AccessRole.EVALUATOR}
    roles = set(
        ProgrammeMembership.objects.filter(user=user).values_list("role", flat=True)
    )
    roles |= _project_roles(user)
    return roles & {AccessRole.FACILITATOR, AccessRole.EVALUATOR}


# --- Commissioner dashboard -----------------------------------------------------------


def diamond_rows(projects: QuerySet) -> QuerySet:
    """The filtered projects, light enough for the diamond picture, in title order
    (read only when the picture draws one marker per project)."""
    return projects.only(
        "id", "slug", "title", "status", "current_stage", "programme_id"
    ).order_by("title")


def programme_projects(
    user, programme, *, partner_kind: str = "", status: str = "", stage: str = ""
) -> QuerySet[Project]:
    """The programme's projects the user may see, narrowed by the filters."""
    projects = projects_visible_to(user).filter(programme=programme)
    if status:
        projects = projects.filter(status=status)
    if stage:
        projects = projects.filter(current_stage="" if stage == NOT_STARTED else stage)
    if partner_kind:
        projects = projects.filter(
            pk__in=Project.objects.filter(partners__kind=partner_kind).values("pk")
        )
    return projects


def stage_status_table(counts: dict) -> dict:
    """Projects counted by Double Diamond stage (rows) and status (columns), from
    ``stage_status_counts`` ({(stage, status): n}; no query)."""
    stages = [("", "Not started"), *DiamondStage.choices]
    rows = [
        {
            "label": label,
            "cells": [
                counts.get((stage, status), 0) for status in ProjectStatus.values
            ],
            "total": sum(
                counts.get((stage, status), 0) for status in ProjectStatus.values
            ),
        }
        for stage, label in stages
    ]
    return {
        "statuses": ProjectStatus.labels,
        "rows": rows,
        "totals": [
            sum(row["cells"][i] for row in rows) for i in range(len(ProjectStatus))
        ],
        "total": sum(counts.values()),
    }


def recent_case_studies(projects: QuerySet, *, limit: int = RECENT) -> list[ReportJob]:
    """Finished case studies and commissioner summaries of these projects."""
    return list(
        ReportJob.objects.filter(
            project__in=projects.values("pk"),
            status=JobStatus.DONE,
            kind__in=[ReportKind.CASE_STUDY, ReportKind.SUMMARY],
        )
        .select_related("project", "programme")
        .order_by("-finished_at", "-pk")[:limit]
    )


# --- Facilitator home ----------------------------------------------------------------


def projects_facilitated_by(user) -> QuerySet[Project]:
    """Visible projects the user facilitates, through the programme or the project."""
    visible = projects_visible_to(user)
    if user.is_superuser:
        return visible
    through_programme = ProgrammeMembership.objects.filter(
        user=user, role=AccessRole.FACILITATOR
    ).values("programme_id")
    through_project = ProjectMembership.objects.filter(
        user=user, role=AccessRole.FACILITATOR
    ).values("project_id")
    return visible.filter(
        Q(programme_id__in=through_programme) | Q(pk__in=through_project)
    )


def _count(queryset, field: str = "project"):
    """A correlated count per project (a subquery: joins would multiply rows)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


LIVE = {ProjectStatus.PROPOSED, ProjectStatus.ACTIVE, ProjectStatus.PAUSED}
# Projects whose loose ends a facilitator is asked to tie up: completed, stopped
# and paused projects are left out of "What needs attention".
NEEDS_ATTENTION = [ProjectStatus.PROPOSED, ProjectStatus.ACTIVE]


def projects_under_way(projects: QuerySet) -> QuerySet[Project]:
    """The projects that are proposed or active (no query until read)."""
    return projects.filter(status__in=NEEDS_ATTENTION)


# Rows per page of the facilitator's "My projects" table.
MY_PROJECTS_ROWS = 50


def my_projects_page(
    projects: QuerySet, *, page=None, per_page: int = MY_PROJECTS_ROWS
):
    """One page of the projects with their last activity date and open rounds, by
    programme, those still running first within each (two queries: the count and
    the page)."""
    # Both as subqueries: a join for the date would run the count once per activity.
    last_activity = (
        Activity.objects.filter(project=OuterRef("pk"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    rows = (
        Project.objects.filter(pk__in=projects.values("pk"))
        .select_related("programme")
        .annotate(
            last_activity=Subquery(last_activity),
            open_rounds=_count(ScoringRound.objects.filter(status=RoundStatus.OPEN)),
            finished=Case(
                When(status__in=LIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("programme__name", "programme_id", "finished", "title", "pk")
    )
    page = Paginator(rows, per_page).get_page(page)
    page.object_list = list(page.object_list)
    return page


def programme_ids_of(projects: QuerySet) -> set[int]:
    """The programmes these projects belong to (one query)."""
    return set(projects.order_by().values_list("programme_id", flat=True).distinct())


def recent_activities(projects: QuerySet, *, limit: int = RECENT) -> list[Activity]:
    return list(
        Activity.objects.filter(project__in=projects.values("pk"))
        .select_related("project", "recorded_by")
        .order_by("-held_on", "-id")[:limit]
    )


def open_rounds(projects: QuerySet) -> list[ScoringRound]:
    return list(
        ScoringRound.objects.filter(
            project__in=projects.values("pk"), status=RoundStatus.OPEN
        )
        .select_related("project", "version__framework")
        .annotate(
            response_count=Count(
                "responses", filter=Q(responses__submitted_at__isnull=False)
            )
        )
        .order_by("held_on", "project__title")
    )


def draft_logic_models(projects: QuerySet) -> list[LogicModelVersion]:
    return list(
        LogicModelVersion.objects.filter(
            logic_model__project__in=projects.values("pk"),
            status=VersionStatus.DRAFT,
        )
        .select_related("logic_model__project")
        .order_by("updated_at")
    )


@dataclass
class ExpiringLinks:
    """Unused links of one scoring round or review stage that stop working soon."""

    label: str
    where: str
    url: str
    count: int
    soonest: dt.datetime


def expiring_links(
    projects: QuerySet,
    programme_ids,
    *,
    now=None,
    days: int = EXPIRY_WARNING_DAYS,
) -> list[ExpiringLinks]:
    """Unused scoring links of these projects and member-checking links of these
    programmes that expire within ``days`` days (two queries)."""
    now = now or timezone.now()
    until = now + dt.timedelta(days=days)
    out = []
    rounds = (
        RoundInvitation.objects.filter(
            round__project__in=projects.values("pk"),
            revoked_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=until,
        )
        .filter(Q(response__isnull=True) | Q(response__submitted_at__isnull=True))
        .values("round__number", "round__project__slug", "round__project__title")
        .annotate(n=Count("id"), soonest=Min("expires_at"))
        .order_by("soonest")
    )
    for row in rounds:
        out.append(
            ExpiringLinks(
                label=f"Scoring round {row['round__number']}",
                where=row["round__project__title"],
                url=reverse(
                    "evaluation:round_links",
                    args=[row["round__project__slug"], row["round__number"]],
                ),
                count=row["n"],
                soonest=row["soonest"],
            )
        )
    reviews = (
        Invitation.objects.filter(
            stage__programme_id__in=programme_ids,
            link_revoked_at__isnull=True,
            responded_at__isnull=True,
            link_expires_at__gt=now,
            link_expires_at__lte=until,
        )
        .exclude(token_hash="")
        .values("stage_id", "stage__name", "stage__programme__slug")
        .annotate(n=Count("id"), soonest=Min("link_expires_at"))
        .order_by("soonest")
    )
    for row in reviews:
        out.append(
            ExpiringLinks(
                label=f"Review links: {row['stage__name']}",
                where="Member checking",
                url=reverse(
                    "evaluation:evaluation_stage_detail",
                    args=[row["stage__programme__slug"], row["stage_id"]],
                ),
                count=row["n"],
                soonest=row["soonest"],
            )
        )
    out.sort(key=lambda item: item.soonest)
    return out


# --- Evaluator home ------------------------------------------------------------------


# Projects listed in the evaluator's coding panel (those with most uncoded first).
CODING_ROWS = 10


def coding_progress(projects: QuerySet, *, limit: int = CODING_ROWS) -> dict:
    """Quotes and quotes with no theme yet across these projects (one aggregate),
    and the ``limit`` projects with the most uncoded quotes (one query), so the
    panel costs the same for 25 projects or 2,000."""
    quotes = Quote.objects.filter(project__in=projects.values("pk"))
    uncoded_q = Q(themes__isnull=True)
    totals = quotes.aggregate(
        total=Count("pk", distinct=True),
        uncoded=Count("pk", filter=uncoded_q, distinct=True),
        with_quotes=Count("project_id", distinct=True),
        with_uncoded=Count("project_id", filter=uncoded_q, distinct=True),
    )
    rows = list(
        Project.objects.filter(pk__in=projects.values("pk"))
        .annotate(
            quote_count=_count(Quote.objects.all()),
            uncoded=_count(Quote.objects.filter(themes__isnull=True)),
        )
        .filter(uncoded__gt=0)
        .only("id", "slug", "title")
        .order_by("-uncoded", "title")[:limit]
    )
    total, uncoded = totals["total"], totals["uncoded"]
    return {
        "rows": rows,
        "rows_in_all": totals["with_uncoded"],
        "all_coded": totals["with_quotes"] - totals["with_uncoded"],
        "total": total,
        "uncoded": uncoded,
        "coded_share": round(100 * (total - uncoded) / total) if total else 0,
    }


def recent_theme_reviews(programme_ids, *, limit: int = RECENT) -> list:
    """The newest member-checking replies in these programmes, each with the role it
    may be shown with under the disclosure rule ("" for a small group; 2 queries)."""
    return replies_labelled(
        list(
            ThemeReview.objects.filter(
                invitation__stage__programme_id__in=programme_ids
            )
            .select_related("theme", "invitation__stage__programme")
            .order_by("-updated_at", "-pk")[:limit]
        )
    )


def member_checking_totals(programme_ids) -> dict:
    """People invited to member checking and replies received in these programmes."""
    return Invitation.objects.filter(
        stage__programme_id__in=programme_ids,
        stage__kind=EvaluationStageKind.MEMBER_CHECKING,
    ).aggregate(
        invited=Count("id"),
        replied=Count("id", filter=Q(responded_at__isnull=False)),
    )


def recent_report_jobs(projects: QuerySet, programme_ids, *, limit: int = RECENT):
    """Newest report jobs of these projects, and programme reports of these
    programmes."""
    return list(
        ReportJob.objects.filter(
            Q(project__in=projects.values("pk"))
            | Q(project__isnull=True, programme_id__in=programme_ids)
        )
        .select_related("project", "programme", "requested_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def programme_dashboards_for(user) -> list:
    """Programmes whose dashboard the user may open (for links between dashboards)."""
    return list(programmes_visible_to(user).order_by("name").only("id", "name", "slug"))
