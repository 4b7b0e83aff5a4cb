"""Reads shared by pages, exports and reports: a fixed number of queries per call."""

from django.db.models import Count, Q, QuerySet

from .access import projects_visible_to
from .models import (
    BriefRevision,
    ProjectComment,
    ProjectMembership,
    ProjectStakeholder,
    ProjectStatus,
    Stakeholder,
)


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
        .select_related("stakeholder__organisation")
        .prefetch_related("stakeholder__seldom_heard_groups")
        .order_by("stakeholder__display_name")
    )


def project_briefs(project) -> QuerySet:
    return BriefRevision.objects.filter(project=project).select_related("author")


def project_members(project) -> QuerySet:
    return ProjectMembership.objects.filter(project=project).select_related("user")


def project_comments(project) -> QuerySet:
    return ProjectComment.objects.filter(project=project).select_related("author")


def programme_stakeholders_not_on(project) -> QuerySet:
    return Stakeholder.objects.filter(programme_id=project.programme_id).exclude(
        involvements__project=project
    )


def status_summary(projects: QuerySet) -> list[tuple[str, str, int]]:
    """(status, label, number of projects) for every status, zeros included."""
    counts = dict(projects.order_by().values_list("status").annotate(n=Count("id")))
    return [
        (value, label, counts.get(value, 0)) for value, label in ProjectStatus.choices
    ]


def reach_counts(projects: QuerySet) -> dict:
    """Stakeholders by role, and how many belong to seldom-heard groups."""
    people = Stakeholder.objects.filter(involvements__project__in=projects).distinct()
    by_role = dict(
        people.order_by()
        .values_list("role_category")
        .annotate(n=Count("id", distinct=True))
    )
    seldom = people.filter(~Q(seldom_heard_groups=None)).count()
    return {"by_role": by_role, "seldom_heard": seldom, "total": people.count()}
