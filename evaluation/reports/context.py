"""The data each report shows. Every section reads through the same selectors the
pages use, so a PDF never shows something the page would not."""

from dataclasses import dataclass

from django.utils import timezone

from projects import selectors as project_selectors
from projects.models import Programme, Project, RoleCategory

from ..models import ReportKind


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    template: str


def _people_by_role(involvements) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for inv in involvements:
        counts[inv.stakeholder.role_category] = (
            counts.get(inv.stakeholder.role_category, 0) + 1
        )
    return [(RoleCategory(role).label, n) for role, n in sorted(counts.items())]


def case_study_context(project: Project) -> dict:
    involvements = list(project_selectors.project_involvements(project))
    briefs = list(project_selectors.project_briefs(project))
    sections = [
        Section("story", "The story: what worked, for whom", "pdf/_story.html"),
        Section("people", "Who took part", "pdf/_people.html"),
    ]
    return {
        "kind_label": ReportKind.CASE_STUDY.label,
        "title": f"Case study: {project.title}",
        "scope_title": project.title,
        "project": project,
        "programme": project.programme,
        "partners": list(project.partners.all()),
        "briefs": briefs,
        "original_brief": briefs[-1] if briefs else None,
        "people_by_role": _people_by_role(involvements),
        "seldom_heard": sum(
            1 for inv in involvements if inv.stakeholder.seldom_heard_groups.all()
        ),
        "people_total": len(involvements),
        "sections": sections,
        "generated_at": timezone.now(),
    }


def summary_context(project: Project) -> dict:
    context = case_study_context(project)
    context.update(
        kind_label=ReportKind.SUMMARY.label,
        title=f"Summary for commissioners: {project.title}",
        sections=[],
    )
    return context


def programme_context(programme: Programme) -> dict:
    projects = (
        Project.objects.filter(programme=programme)
        .select_related("programme")
        .prefetch_related("partners")
        .order_by("title")
    )
    reach = project_selectors.reach_counts(projects)
    sections = [
        Section("portfolio", "The portfolio", "pdf/_portfolio.html"),
        Section("reach", "Participation and seldom-heard reach", "pdf/_reach.html"),
    ]
    return {
        "kind_label": ReportKind.PROGRAMME.label,
        "title": f"Cross-case report: {programme.name}",
        "scope_title": programme.name,
        "programme": programme,
        "projects": list(projects),
        "status_summary": project_selectors.status_summary(projects),
        "reach": reach,
        "reach_by_role": [
            (RoleCategory(role).label, n)
            for role, n in sorted(reach["by_role"].items())
        ],
        "sections": sections,
        "generated_at": timezone.now(),
    }


def report_context(kind: str, *, project=None, programme=None) -> dict:
    if kind == ReportKind.CASE_STUDY:
        return case_study_context(project)
    if kind == ReportKind.SUMMARY:
        return summary_context(project)
    return programme_context(programme)
