"""Reads shared by pages, exports and reports: a fixed number of queries per call."""

import datetime as dt
import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from projects.access import projects_visible_to
from projects.models import (
    Activity,
    ActivityKind,
    Attendance,
    BriefRevision,
    DiamondStage,
    Headcount,
    ProgrammeMembership,
    Project,
    ProjectComment,
    ProjectMembership,
    ProjectStakeholder,
    ProjectStatus,
    RoleCategory,
    StagePlan,
    StageTransition,
    Stakeholder,
    TransitionKind,
    stage_position,
)

# A safety net only: the cache key changes whenever an activity does.
PARTICIPATION_CACHE_SECONDS = 600


def project_list(user, *, q: str = "", programme=None, status: str = "") -> QuerySet:
    projects = (
        projects_visible_to(user)
        .select_related("programme")
        .prefetch_related("partners")
        .annotate(
            stakeholder_count=Count("involvements", distinct=True),
        )
        .order_by("title")
    )
    if q:
        projects = projects.filter(title__icontains=q)
    if programme is not None:
        projects = projects.filter(programme=programme)
    if status:
        projects = projects.filter(status=status)
    return projects


def project_involvements(project) -> QuerySet:
    return (
        ProjectStakeholder.objects.filter(project=project)
        .select_related("stakeholder__organisation", "stakeholder__communication_needs")
        .prefetch_related("stakeholder__seldom_heard_groups")
        .order_by("stakeholder__display_name")
    )


def project_briefs(project) -> QuerySet:
    return BriefRevision.objects.filter(project=project).select_related("author")


def project_members(project) -> QuerySet:
    return ProjectMembership.objects.filter(project=project).select_related("user")


def programme_members(programme) -> QuerySet:
    return ProgrammeMembership.objects.filter(programme=programme).select_related(
        "user"
    )


def programme_membership(programme, pk: int) -> ProgrammeMembership:
    """One membership of the programme (404 for any other)."""
    return get_object_or_404(ProgrammeMembership, pk=pk, programme=programme)


def project_membership(project, pk: int) -> ProjectMembership:
    """One membership of the project (404 for any other)."""
    return get_object_or_404(ProjectMembership, pk=pk, project=project)


def project_involvement(project, pk: int) -> ProjectStakeholder:
    """One person's involvement in the project, with the person (404 otherwise)."""
    return get_object_or_404(
        ProjectStakeholder.objects.select_related("stakeholder"), pk=pk, project=project
    )


def project_saved(pk: int) -> Project:
    """The project as stored now (after a refused save, the one in hand is stale)."""
    return Project.objects.get(pk=pk)


def stakeholder_saved(pk: int) -> Stakeholder:
    """The person's details as stored now."""
    return Stakeholder.objects.get(pk=pk)


def stakeholder_involvements(stakeholder) -> QuerySet:
    return stakeholder.involvements.select_related("project")


def programme_projects(user, programme) -> QuerySet:
    """The programme's projects the user may see."""
    return projects_visible_to(user).filter(programme=programme)


def project_comments(project) -> QuerySet:
    return ProjectComment.objects.filter(project=project).select_related("author")


def project_people(project) -> QuerySet:
    """The people involved in the project, by name."""
    return (
        Stakeholder.objects.filter(involvements__project=project)
        .select_related("communication_needs")
        .order_by("display_name")
    )


def programme_stakeholders_not_on(project) -> QuerySet:
    return Stakeholder.objects.filter(programme_id=project.programme_id).exclude(
        involvements__project=project
    )


def status_summary(projects: QuerySet) -> list[tuple[str, str, int]]:
    """(status, label, number of projects) for every status, zeros included."""
    # Count from a plain queryset: list annotations (joins) would multiply rows.
    plain = projects.model.objects.filter(pk__in=projects.order_by().values("pk"))
    counts = dict(plain.values_list("status").annotate(n=Count("id")))
    return [
        (value, label, counts.get(value, 0)) for value, label in ProjectStatus.choices
    ]


def stage_status_counts(projects: QuerySet) -> dict[tuple[str, str], int]:
    """{(current stage, status): number of projects} in one grouped query ("" is
    not started)."""
    plain = projects.model.objects.filter(pk__in=projects.order_by().values("pk"))
    return {
        (stage or "", status): n
        for stage, status, n in plain.order_by()
        .values_list("current_stage", "status")
        .annotate(n=Count("id"))
    }


def reach_counts(projects: QuerySet) -> dict:
    """Stakeholders by role, and how many belong to seldom-heard groups (one
    query: each person counted once, however many projects they are in)."""
    involved = ProjectStakeholder.objects.filter(
        project__in=projects.order_by().values("pk")
    ).values("stakeholder_id")
    in_group = Stakeholder.seldom_heard_groups.through.objects.filter(
        stakeholder_id=OuterRef("pk")
    )
    by_role, seldom = {}, 0
    for role, n, n_seldom in (
        Stakeholder.objects.filter(pk__in=involved)
        .order_by()
        .values_list("role_category")
        .annotate(n=Count("id"), seldom=Count("id", filter=Exists(in_group)))
    ):
        by_role[role] = n
        seldom += n_seldom
    return {"by_role": by_role, "seldom_heard": seldom, "total": sum(by_role.values())}


# --- Progress: activities, stages and participation ---------------------------------


def _count_of(model, *, filter_extra=None):
    rows = model.objects.filter(activity=OuterRef("pk"), **(filter_extra or {}))
    return Coalesce(
        Subquery(
            rows.order_by().values("activity").annotate(n=Count("id")).values("n")[:1]
        ),
        0,
    )


def _sum_of(field):
    rows = Headcount.objects.filter(activity=OuterRef("pk"))
    return Coalesce(
        Subquery(
            rows.order_by().values("activity").annotate(n=Sum(field)).values("n")[:1]
        ),
        0,
    )


def with_totals(activities: QuerySet) -> QuerySet:
    """Annotate each activity with computed totals: named attendees, people counted
    by role, everyone (``total``) and how many were from seldom-heard groups."""
    return activities.annotate(
        named_count=_count_of(Attendance),
        named_seldom=_count_of(Attendance, filter_extra={"seldom_heard": True}),
        counted=_sum_of("count"),
        counted_seldom=_sum_of("seldom_heard_count"),
    ).annotate(
        total=F("named_count") + F("counted"),
        seldom_total=F("named_seldom") + F("counted_seldom"),
    )


def project_activities(project, *, kind: str = "", stage: str = "") -> QuerySet:
    activities = with_totals(Activity.objects.filter(project=project))
    if kind:
        activities = activities.filter(kind=kind)
    if stage:
        activities = activities.filter(stage=stage)
    return activities.order_by("-held_on", "-id")


def project_activity(project, pk: int) -> Activity:
    """One of the project's activities (404 for any other)."""
    return get_object_or_404(
        Activity.objects.select_related("project"), pk=pk, project=project
    )


def activities_of(projects: QuerySet) -> QuerySet:
    """The activities of these projects (for participation figures)."""
    return Activity.objects.filter(project__in=projects.values("pk"))


def attendee_choices(project, activity=None) -> QuerySet:
    """People on the project, plus anyone already listed at this activity."""
    condition = Q(involvements__project=project)
    if activity is not None:
        condition |= Q(attendances__activity=activity)
    return (
        project.programme.stakeholders.filter(condition)
        .select_related("communication_needs")
        .distinct()
        .order_by("display_name")
    )


def activity_attendee_ids(activity) -> list[int]:
    """The named people at the activity (not the headcounts)."""
    return list(
        activity.attendances.filter(stakeholder__isnull=False).values_list(
            "stakeholder_id", flat=True
        )
    )


def activity_detail(project, pk: int) -> Activity:
    """One activity with its attendance, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        with_totals(Activity.objects.filter(project=project))
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related(
                    "stakeholder__communication_needs"
                ).order_by("role_category", "stakeholder__display_name"),
            ),
            "headcounts",
        ),
        pk=pk,
    )


def project_transitions(project) -> list[StageTransition]:
    return list(
        StageTransition.objects.filter(project=project)
        .select_related("recorded_by")
        .order_by("happened_on", "id")
    )


def last_transition_id(transitions) -> int:
    """The id of the newest change: forms carry it to detect concurrent moves."""
    return max((t.pk for t in transitions), default=0)


def stage_columns(project) -> list[dict]:
    """One column per Double Diamond stage, in order (the layout of the case-study
    table): the plan, the facilitators' contribution, the activities done and what
    was achieved (two queries). ``enablers`` and ``barriers`` start empty: the + / −
    entries belong to the factor observations, whose feature fills them in.
    """
    plans = {p.stage: p for p in StagePlan.objects.filter(project=project)}
    columns = {
        stage: {
            "stage": stage,
            "label": label,
            "position": stage_position(stage),
            "plan": plans.get(stage),
            "enablers": [],
            "barriers": [],
            "activities": [],
            "is_current": stage == project.current_stage,
            "reached": stage_position(stage) <= stage_position(project.current_stage),
        }
        for stage, label in DiamondStage.choices
    }
    activities = (
        Activity.objects.filter(project=project)
        .only("id", "project_id", "held_on", "title", "kind", "stage", "outputs")
        .order_by("held_on", "id")
    )
    for activity in activities:
        columns[activity.stage]["activities"].append(activity)
    return list(columns.values())


def _attendance_by_role(activities: QuerySet) -> tuple[dict, dict, int]:
    """People named and counted at these activities, by role, and how many of them
    were from seldom-heard groups (two queries)."""
    named, counted, seldom = {}, {}, 0
    for role, n, n_seldom in (
        Attendance.objects.filter(activity__in=activities)
        .order_by()
        .values_list("role_category")
        .annotate(n=Count("id"), seldom=Count("id", filter=Q(seldom_heard=True)))
    ):
        named[role] = n
        seldom += n_seldom
    for role, n, n_seldom in (
        Headcount.objects.filter(activity__in=activities)
        .order_by()
        .values_list("role_category")
        .annotate(n=Sum("count"), seldom=Sum("seldom_heard_count"))
    ):
        counted[role] = n or 0
        seldom += n_seldom or 0
    return named, counted, seldom


def participation(activities: QuerySet) -> dict:
    """Participation figures for a set of activities (one project or a programme):
    activities per stage, attendance by role, seldom-heard reach and the share that
    participants helped plan.

    Attendance and headcounts change only with their activity, which then gets a
    new ``edit_version`` (or is created or deleted). So the per-stage query also
    reads a stamp of the activities, and the attendance figures, the costly part
    for a big programme, are cached under it: one query while nothing changed,
    three otherwise."""
    activities = activities.order_by()
    per_stage, co_constructed = {}, 0
    stamp = [str(activities.query)]
    for stage, n, co, ids, versions, last in (
        activities.values_list("stage")
        .order_by("stage")
        .annotate(
            n=Count("id"),
            co=Count("id", filter=Q(co_constructed=True)),
            ids=Sum("id"),
            versions=Sum("edit_version"),
            last=Max("updated_at"),
        )
    ):
        per_stage[stage] = n
        co_constructed += co
        stamp.append(f"{stage}:{n}:{ids}:{versions}:{last}")
    total = sum(per_stage.values())
    key = "participation:" + hashlib.sha256("|".join(stamp).encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = _attendance_by_role(activities)
        cache.set(key, figures, timeout=PARTICIPATION_CACHE_SECONDS)
    named, counted, seldom = figures
    by_role = [
        (label, named.get(role, 0) + counted.get(role, 0))
        for role, label in RoleCategory.choices
        if named.get(role, 0) + counted.get(role, 0)
    ]
    attendance = sum(n for _, n in by_role)
    return {
        "activities": total,
        "per_stage": [
            (label, per_stage.get(stage, 0)) for stage, label in DiamondStage.choices
        ],
        "co_constructed": co_constructed,
        "co_constructed_share": round(100 * co_constructed / total) if total else 0,
        "by_role": by_role,
        "attendance": attendance,
        "seldom_heard": seldom,
    }


def _stalled(projects: QuerySet, *, weeks: int, today) -> QuerySet:
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(weeks=weeks)
    # The latest date per project from the (project, held_on) index: a join for
    # MAX(held_on) hashed every activity of the programme.
    last = (
        Activity.objects.filter(project=OuterRef("pk"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    plain = projects.model.objects.filter(pk__in=projects.order_by().values("pk"))
    return (
        plain.filter(status=ProjectStatus.ACTIVE)
        .annotate(last_activity=Subquery(last))
        .filter(Q(last_activity__lt=cutoff) | Q(last_activity__isnull=True))
    )


def stalled_projects(
    projects: QuerySet, *, weeks: int = 8, today=None, limit: int | None = None
) -> list:
    """Active projects with no activity in the last ``weeks`` weeks (or none at all),
    longest-silent first, each with ``last_activity`` set; the first ``limit``."""
    stalled = (
        _stalled(projects, weeks=weeks, today=today)
        .order_by(F("last_activity").asc(nulls_first=True), "title")
        .only("id", "slug", "title", "status")
    )
    return list(stalled[:limit] if limit else stalled)


def stalled_count(projects: QuerySet, *, weeks: int = 8, today=None) -> int:
    """How many projects ``stalled_projects`` would list without a limit."""
    return _stalled(projects, weeks=weeks, today=today).count()


def project_timeline(project, *, what: str = "", stage: str = "") -> list[dict]:
    """Activities, stage moves and stops, and brief revisions, newest first.

    ``what`` is "" (everything), "stage", "brief", "activities" or an activity kind;
    ``stage`` keeps activities and moves that concern that stage.
    """
    events = []
    want_activities = what in {"", "activities"} or what in ActivityKind.values
    if want_activities:
        activities = project_activities(
            project, kind=what if what in ActivityKind.values else "", stage=stage
        )
        for a in activities:
            events.append(
                {
                    "date": a.held_on,
                    "type": "activity",
                    "label": a.get_kind_display(),
                    "title": a.title,
                    "stage": a.get_stage_display(),
                    "detail": a.outputs,
                    "object": a,
                    "order": (a.held_on, 2, a.pk),
                }
            )
    if what in {"", "stage"}:
        for t in project_transitions(project):
            if stage and stage not in {t.from_stage, t.to_stage}:
                continue
            events.append(
                {
                    "date": t.happened_on,
                    "type": "stop" if t.kind == TransitionKind.STOP else "stage",
                    "label": t.get_kind_display(),
                    "title": transition_sentence(t),
                    "stage": t.get_to_stage_display() or "Not started",
                    "detail": t.rationale,
                    "object": t,
                    "order": (t.happened_on, 1, t.pk),
                }
            )
    if what in {"", "brief"} and not stage:
        for b in project_briefs(project):
            day = timezone.localdate(b.created_at)
            events.append(
                {
                    "date": day,
                    "type": "brief",
                    "label": "Brief revised" if b.number > 1 else "Brief written",
                    "title": f"Design brief version {b.number}",
                    "stage": "",
                    "detail": b.reason,
                    "object": b,
                    "order": (day, 0, b.pk),
                }
            )
    events.sort(key=lambda e: e["order"], reverse=True)
    return events


def transition_sentence(t: StageTransition) -> str:
    """Plain words for one change, e.g. 'Moved back from Develop to Define'."""
    to_label = t.get_to_stage_display()
    if t.kind == TransitionKind.STOP:
        status = ProjectStatus(t.status).label.lower() if t.status else "stopped"
        where = f"at {to_label}" if to_label else "before starting"
        return f"{status.capitalize()} {where}"
    if t.kind == TransitionKind.START:
        return f"Started at {to_label}"
    verb = "Moved back" if t.kind == TransitionKind.BACK else "Moved forward"
    return f"{verb} from {t.get_from_stage_display()} to {to_label}"


def programme_stage_projects(user, programme) -> QuerySet:
    """The programme's projects the user may see, with what the diamond picture
    needs, in title order (the picture numbers them in this order)."""
    return (
        projects_visible_to(user)
        .filter(programme=programme)
        .only("id", "slug", "title", "status", "current_stage", "programme_id")
        .order_by("title")
    )


def page_of_rows(rows: list, number: int, *, count: int, per_page: int):
    """A page of ``count`` rows in all, made again from a remembered page's rows
    (no query: the paginator counts a range)."""
    page = Paginator(range(count), per_page).page(number)
    page.object_list = rows
    return page
