"""Dashboards: the commissioner's view of a programme, and the facilitator's and
evaluator's home pages. Every panel shows only projects the user may see."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from evaluation.dashboards import selectors
from evaluation.dashboards.forms import DashboardFilterForm
from evaluation.matrix.selectors import latest_rounds_by_framework
from evaluation.outcomes.selectors import contribution_rollup
from projects import selectors as project_selectors
from projects.access import (
    get_programme_for_user,
    programme_level_ids,
    projects_visible_to,
)
from projects.memo import remembered
from projects.models import AccessRole
from projects.payments import selectors as payment_selectors
from projects.payments.access import can_see_amounts
from projects.progress import diagrams

# Rows of each framework's score table on the commissioner dashboard; the scoring
# page has all.
MATRIX_ROWS = 10
# Stalled projects listed on the dashboards, longest silent first; the programme's
# progress page lists them all.
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

    spend_amounts = can_see_amounts(request.user)

    def summary() -> dict:
        figures = figures_of()
        shown = {
            **figures,
            "programme": programme,
            "stalled_weeks": selectors.STALLED_WEEKS,
            "spend_amounts": spend_amounts,
        }
        # Rendered here, so a remembered dashboard skips the templates too.
        figures["sections"] = {
            part: render_to_string(
                f"evaluation/dashboards/_dashboard_{part}.html", shown
            )
            for part in ("top", "rest")
        }
        return figures

    def figures_of() -> dict:
        counts = project_selectors.stage_status_counts(projects)
        weeks = selectors.STALLED_WEEKS
        return {
            "project_count": sum(counts.values()),
            "diamond": diagrams.programme_diamond(
                programme,
                selectors.diamond_rows(projects),
                counts=counts,
                link=diagrams.dashboard_link(programme),
            ),
            "table": selectors.stage_status_table(counts),
            "stalled": project_selectors.stalled_projects(
                projects, weeks=weeks, limit=STALLED_ROWS
            ),
            "stalled_count": project_selectors.stalled_count(projects, weeks=weeks),
            "score_groups": latest_rounds_by_framework(projects, limit=MATRIX_ROWS),
            "rollup": contribution_rollup(programme, projects),
            "figures": project_selectors.participation(
                project_selectors.activities_of(projects)
            ),
            "reach": project_selectors.reach_counts(projects),
            "spend": payment_selectors.payments_total(
                payment_selectors.payments_of(projects)
            ),
        }

    # A partner's kind lives on the organisation, whose changes the programme's
    # history does not hold: that filter is always worked out afresh.
    figures = (
        summary()
        if filters.get("partner_kind")
        else remembered(
            "commissioner-dashboard",
            summary,
            programme_id=programme.pk,
            user=request.user,
            parts=[filters, spend_amounts],
        )
    )
    return render(
        request,
        "evaluation/dashboards/programme_dashboard.html",
        {
            "programme": programme,
            "access": access,
            "form": form,
            "filtered": any(filters.values()),
            **figures,
            "stalled_weeks": selectors.STALLED_WEEKS,
            "spend_amounts": spend_amounts,
            "case_studies": selectors.recent_case_studies(projects),
        },
    )


@login_required
def facilitator_home(request):
    user = request.user
    homes = selectors.home_roles(user)
    if AccessRole.FACILITATOR not in homes:
        # No empty home for a role the person does not hold: their own instead.
        return redirect(selectors.dashboard_url(user))
    number = request.GET.get("page") or "1"
    number = number if number.isdigit() else "1"
    weeks = selectors.STALLED_WEEKS

    def home() -> dict:
        projects = selectors.projects_facilitated_by(user)
        page = selectors.my_projects_page(projects, page=number)
        mine = selectors.programme_ids_of(projects)
        programme_ids = [pid for pid in programme_level_ids(user) if pid in mine]
        under_way = selectors.projects_under_way(projects)
        return {
            "rows": page.object_list,
            "number": page.number,
            "count": page.paginator.count,
            "per_page": page.paginator.per_page,
            "activities": selectors.recent_activities(projects),
            "stalled": project_selectors.stalled_projects(
                under_way, weeks=weeks, limit=STALLED_ROWS
            ),
            "stalled_count": project_selectors.stalled_count(under_way, weeks=weeks),
            "rounds": selectors.open_rounds(under_way),
            "drafts": selectors.draft_logic_models(under_way),
            "links": selectors.expiring_links(under_way, programme_ids),
            "programmes": selectors.programme_dashboards_for(user),
        }

    # Any programme's change gives a new key (the home spans them all).
    figures = remembered(
        "facilitator-home", home, programme_id=None, user=user, parts=[number]
    )
    page = project_selectors.page_of_rows(
        figures.pop("rows"),
        figures.pop("number"),
        count=figures.pop("count"),
        per_page=figures.pop("per_page"),
    )
    return render(
        request,
        "evaluation/dashboards/facilitator_home.html",
        {
            **figures,
            "projects": page.object_list,
            "page": page,
            "stalled_weeks": weeks,
            "expiry_days": selectors.EXPIRY_WARNING_DAYS,
            "attention_count": figures["stalled_count"]
            + len(figures["rounds"])
            + len(figures["drafts"])
            + len(figures["links"]),
            "homes": homes,
        },
    )


@login_required
def evaluator_home(request):
    user = request.user
    homes = selectors.home_roles(user)
    if AccessRole.EVALUATOR not in homes:
        return redirect(selectors.dashboard_url(user))
    projects = projects_visible_to(user)
    programme_ids = programme_level_ids(user)

    def figures() -> dict:
        return {
            "coding": selectors.coding_progress(projects),
            "reviews": selectors.recent_theme_reviews(programme_ids),
            "checking": selectors.member_checking_totals(programme_ids),
            "programmes": selectors.programme_dashboards_for(user),
        }

    return render(
        request,
        "evaluation/dashboards/evaluator_home.html",
        {
            # Any programme's change gives a new key (the home spans them all).
            **remembered("evaluator-home", figures, programme_id=None, user=user),
            "jobs": selectors.recent_report_jobs(projects, programme_ids),
            "homes": homes,
        },
    )
