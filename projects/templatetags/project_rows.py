"""The rows of the project table, put together in Python: a page of fifty projects
rendered through template tags cost more than the rest of the programme page."""

from django import template
from django.utils.safestring import mark_safe

from coproduce.svg import esc

register = template.Library()

NONE_RECORDED = '<span class="text-body-secondary">None recorded</span>'


@register.filter
def project_rows(projects) -> str:
    """``<tr>`` per project (with ``programme`` selected, ``partners`` prefetched and
    ``stakeholder_count`` annotated, as ``projects.selectors.project_list`` gives)."""
    rows = []
    for project in projects:
        partners = "; ".join(esc(p.name) for p in project.partners.all())
        rows.append(
            f'<tr><td><a href="{esc(project.get_absolute_url())}">'
            f"{esc(project.title)}</a></td>"
            f"<td>{esc(project.programme.name)}</td>"
            f"<td>{partners or NONE_RECORDED}</td>"
            f'<td><span class="status-badge status-{esc(project.status)}">'
            f"{esc(project.get_status_display())}</span></td>"
            f"<td>{esc(project.get_current_stage_display() or 'Not started')}</td>"
            f"<td>{esc(project.get_cycle_part_display())}</td>"
            f'<td class="text-end">{project.stakeholder_count}</td></tr>'
        )
    if not rows:
        return mark_safe('<tr><td colspan="7">No projects match.</td></tr>')
    return mark_safe("".join(rows))
