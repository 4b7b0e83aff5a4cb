"""Dashboards: the commissioner's view of a programme, and the facilitator's and
evaluator's home pages. Every panel shows only projects the user may see."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from evaluation.dashboards import selectors
from evaluation.dashboards.forms import DashboardFilterForm
from evaluation.matrix.selectors import latest_rounds_overview
from evaluation.outcomes.selectors import contribution_rollup
from projects import selectors as project_selectors
from projects.access import (
    get_programme_for_user,
    programme_level_ids,
    projects_visible_to,
)
from projects.payments import selectors as payment_selectors
from projects.payments.access import can_see_amounts
from projects.progress import diagrams

# Rows of the matrix table on the commissioner dashboard; the scoring page has all.
MATRIX_ROWS = 10
# Stalled projects listed there, longest silent first; the programme's progress page
# lists them all.
STALLED_ROWS = 10


@login_required
def dashboard(request):
    """Send the user to the dashboard that fits their strongest role."""
    return redirect(selectors.dashboard_url(request.user))


@login_required
def programme_dashboard(request, slug):
    programme, access = get_programme_for_user(request.user, slug)
    form = DashboardFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    projects = selectors.programme_projects(request.user, programme, **filters)
    rows = selectors.diamond_rows(projects)
    latest = latest_rounds_overview(projects, limit=MATRIX_ROWS)
    stalled = project_selectors.stalled_projects(
        projects, weeks=selectors.STALLED_WEEKS
    )
    return render(
        request,
        "evaluation/dashboards/programme_dashboard.html",
        {
            "programme": programme,
            "access": access,
            "form": form,
            "filtered": any(filters.values()),
            "projects": rows,
            "diamond": diagrams.programme_diamond(programme, rows),
            "table": selectors.stage_status_table(rows),
            "stalled": stalled[:STALLED_ROWS],
            "stalled_count": len(stalled),
            "stalled_weeks": selectors.STALLED_WEEKS,
            "latest": latest["rows"],
            "latest_count": latest["count"],
            "latest_all_met": latest["all_met"],
            "rollup": contribution_rollup(programme, projects),
            "figures": project_selectors.participation(
                project_selectors.activities_of(projects)
            ),
            "reach": project_selectors.reach_counts(projects),
            "spend": payment_selectors.payments_total(
                payment_selectors.payments_of(projects)
            ),
            "spend_amounts": can_see_amounts(request.user),
            "case_studies": selectors.recent_case_studies(projects),
        },
    )


@login_required
def facilitator_home(request):
    user = request.user
    projects = selectors.projects_facilitated_by(user)
    rows = selectors.my_project_rows(projects)
    mine = {p.programme_id for p in rows}
    programme_ids = [pid for pid in programme_level_ids(user) if pid in mine]
    stalled = project_selectors.stalled_projects(
        projects, weeks=selectors.STALLED_WEEKS
    )
    rounds = selectors.open_rounds(projects)
    drafts = selectors.draft_logic_models(projects)
    links = selectors.expiring_links(projects, programme_ids)
    return render(
        request,
        "evaluation/dashboards/facilitator_home.html",
        {
            "projects": rows,
            "activities": selectors.recent_activities(projects),
            "stalled": stalled,
            "stalled_weeks": selectors.STALLED_WEEKS,
            "rounds": rounds,
            "drafts": drafts,
            "links": links,
            "expiry_days": selectors.EXPIRY_WARNING_DAYS,
            "attention_count": len(stalled) + len(rounds) + len(drafts) + len(links),
            "programmes": selectors.programme_dashboards_for(user),
        },
    )


@login_required
def evaluator_home(request):
    user = request.user
    projects = projects_visible_to(user)
    programme_ids = programme_level_ids(user)
    return render(
        request,
        "evaluation/dashboards/evaluator_home.html",
        {
            "coding": selectors.coding_progress(projects),
            "reviews": selectors.recent_theme_reviews(programme_ids),
            "checking": selectors.member_checking_totals(programme_ids),
            "jobs": selectors.recent_report_jobs(projects, programme_ids),
            "programmes": selectors.programme_dashboards_for(user),
        },
    )
