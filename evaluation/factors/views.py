"""Pages for factors: the programme's factor catalogue, the cross-case heatmap and its
evidence, the evaluation form of one observation, and the Double Diamond stage table
with its + / − entries (the pages that show or write factor observations)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from evaluation.evidence.access import (
    get_evaluation_programme_for_user,
    get_evidence_project_for_user,
    get_factor_for_user,
    get_factor_group_for_user,
    get_observation_for_user,
    get_stage_entry_for_user,
)
from evaluation.evidence.views.common import form_page, programme_crumbs, project_crumbs
from evaluation.factors import analysis, selectors, services
from evaluation.factors.forms import (
    CrossCaseFilterForm,
    FactorForm,
    FactorGroupForm,
    ObservationForm,
    StageEntryForm,
)
from evaluation.factors.heatmap import heatmap_rows_html
from evaluation.models import FactorObservation, Quote
from projects import selectors as project_selectors
from projects.access import get_project_for_user
from projects.memo import remembered
from projects.models import DiamondStage, StagePlan
from projects.progress import diagrams
from projects.progress import services as progress_services
from projects.progress.forms import StagePlanForm

# Projects per page of the cross-case heatmap: a page's cost stays the same however
# many projects the programme has.
HEATMAP_ROWS = 50

# --- Factor catalogue -----------------------------------------------------------------


@login_required
def factor_catalogue(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    return render(
        request,
        "evaluation/factors/factor_catalogue.html",
        {
            "programme": programme,
            "access": access,
            "groups": selectors.factor_catalogue(programme),
        },
    )


@login_required
@require_POST
def factor_catalogue_seed(request, slug):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    added = services.factor_catalogue_seed(programme=programme)
    messages.success(
        request,
        f"Added {added} factor{'s' if added != 1 else ''} from the standard catalogue."
        if added
        else "The programme already has every factor of the standard catalogue.",
    )
    return redirect("evaluation:factor_catalogue", slug=slug)


@login_required
def factor_group_edit(request, slug, pk=None):
    if pk:
        group, programme, _ = get_factor_group_for_user(
            request.user, slug, pk, write=True
        )
    else:
        group = None
        programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    form = FactorGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.factor_group_save(
                programme=programme, data=form.cleaned_data, group=group
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Factor group “{group}” saved.")
            return redirect("evaluation:factor_catalogue", slug=slug)
    catalogue_url = reverse("evaluation:factor_catalogue", args=[slug])
    return form_page(
        request,
        title=f"Edit group: {group}" if group else "Add a factor group",
        form=form,
        crumbs=programme_crumbs(programme, ("Factors", catalogue_url)),
        cancel=catalogue_url,
    )


@login_required
def factor_edit(request, slug, pk=None):
    if pk:
        factor, programme, _ = get_factor_for_user(request.user, slug, pk, write=True)
    else:
        factor = None
        programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    form = FactorForm(
        request.POST or None,
        instance=factor,
        programme=programme,
        initial={"group": request.GET.get("group")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            factor = services.factor_save(
                programme=programme, data=form.cleaned_data, factor=factor
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Factor “{factor}” saved.")
            return redirect("evaluation:factor_catalogue", slug=slug)
    catalogue_url = reverse("evaluation:factor_catalogue", args=[slug])
    return form_page(
        request,
        title=f"Edit factor: {factor}" if factor else "Add a factor",
        form=form,
        crumbs=programme_crumbs(programme, ("Factors", catalogue_url)),
        cancel=catalogue_url,
    )


# --- Cross-case analysis ----------------------------------------------------------------


@login_required
def cross_case(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    form = CrossCaseFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = {k: cleaned.get(k, "") for k in ("stage", "status", "partner_kind")}
    all_factors = request.GET.get("factors") == "all"
    query = request.GET.copy()
    query.pop("factors", None)
    query.pop("page", None)
    # The other parameters, for the page links (the factor choice included).
    page_query = query.copy()
    if all_factors:
        page_query["factors"] = "all"

    def results() -> str:
        heatmap = analysis.heatmap(
            programme,
            **filters,
            only_observed_factors=not all_factors,
            per_page=HEATMAP_ROWS,
            page_number=request.GET.get("page"),
        )
        return render_to_string(
            "evaluation/factors/_cross_case_results.html",
            {
                "programme": programme,
                "heatmap": heatmap,
                "heatmap_rows": heatmap_rows_html(
                    heatmap, programme, stage=filters["stage"]
                ),
                "comparison": analysis.barrier_comparison(
                    programme,
                    stage=filters["stage"],
                    partner_kind=filters["partner_kind"],
                ),
                "all_factors": all_factors,
                "filters": filters,
                "query": query.urlencode(),
                "page_query": page_query.urlencode(),
            },
        )

    # The heatmap is kept as the HTML it makes, until the programme changes. A
    # partner's kind lives on the organisation, whose changes the programme's
    # history does not hold: that filter is always worked out afresh.
    shown = (
        results()
        if filters["partner_kind"]
        else remembered(
            "cross-case-heatmap",
            results,
            programme_id=programme.pk,
            user=request.user,
            parts=sorted(request.GET.lists()),
        )
    )
    return render(
        request,
        "evaluation/factors/cross_case.html",
        {
            "programme": programme,
            "access": access,
            "form": form,
            "results": mark_safe(shown),
            "all_factors": all_factors,
            "query": query.urlencode(),
        },
    )


@login_required
def cross_case_evidence(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    params = {
        key: request.GET.get(key, "")[:80]
        for key in ("factor", "project", "stage", "effect", "status", "partner_kind")
    }
    observations = selectors.observations_matching(programme, access, **params)
    page = Paginator(observations, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "evaluation/factors/cross_case_evidence.html",
        {
            "programme": programme,
            "access": access,
            "page": page,
            "factor": selectors.factor_for_programme(programme, params["factor"]),
            "params": params,
            "query": query.urlencode(),
        },
    )


# --- One observation, as evaluators edit it ----------------------------------------------


def _observation_save(request, form, project, observation) -> None:
    """Create or update from a valid form; raises EditConflict or ValidationError."""
    data = dict(form.cleaned_data)
    linked = {"quotes": data.pop("quotes"), "documents": data.pop("documents")}
    seen_version = data.pop("edit_version")
    if observation:
        services.observation_update(
            observation=observation, data=data, seen_version=seen_version, **linked
        )
    else:
        services.observation_create(
            project=project, data=data, user=request.user, **linked
        )


@login_required
def observation_edit(request, slug, pk=None):
    if pk:
        observation, project, _ = get_observation_for_user(
            request.user, slug, pk, write=True
        )
    else:
        observation = None
        project, _ = get_evidence_project_for_user(request.user, slug, write=True)
    form = ObservationForm(
        request.POST or None,
        instance=observation,
        project=project,
        quotes=Quote.objects.filter(project=project),
        initial={"edit_version": observation.edit_version} if observation else None,
    )
    conflict = ()
    if request.method == "POST" and form.is_valid():
        try:
            _observation_save(request, form, project, observation)
        except EditConflict:
            saved = FactorObservation.objects.get(pk=observation.pk)
            conflict = conflict_notice(request, form, saved)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Observation saved.")
            return redirect("evaluation:project_evidence", slug=slug)
    return form_page(
        request,
        title="Edit an enabler or barrier"
        if observation
        else "Add an enabler or barrier",
        form=form,
        crumbs=project_crumbs(project),
        cancel=reverse("evaluation:project_evidence", args=[slug]),
        conflict=conflict,
        intro="Link what was noticed to a factor in the programme's catalogue, say how "
        "strongly it helped or hindered, and attach the quotes and documents that "
        "show it.",
    )


# --- The Double Diamond stage table and its + / − entries ---------------------------------


@login_required
def stage_table(request, slug):
    project, access = get_project_for_user(request.user, slug)
    transitions = project_selectors.project_transitions(project)
    return render(
        request,
        "evaluation/factors/stage_table.html",
        {
            "project": project,
            "access": access,
            "transitions": transitions,
            "path_svg": diagrams.project_path_svg(project, transitions),
            "columns": selectors.stage_table(project),
            "figures": project_selectors.participation(project.activities.all()),
        },
    )


def _stage_or_404(stage: str) -> DiamondStage:
    if stage not in DiamondStage.values:
        raise Http404("No such stage.")
    return DiamondStage(stage)


def _plan_form(project, stage, data=None) -> StagePlanForm:
    plan = StagePlan.objects.filter(project=project, stage=stage).first()
    return StagePlanForm(
        data, instance=plan, initial={"edit_version": plan.edit_version if plan else 0}
    )


def _render_stage(request, project, access, stage, plan_form, entry_form, conflict=()):
    return render(
        request,
        "evaluation/factors/stage_detail.html",
        {
            "project": project,
            "access": access,
            "stage": stage,
            "stages": DiamondStage.choices,
            "plan": plan_form.instance if plan_form.instance.pk else None,
            "plan_form": plan_form,
            "entry_form": entry_form,
            "entries": selectors.stage_entries(project, stage),
            "activities": project_selectors.project_activities(project, stage=stage),
            "conflict": conflict,
        },
    )


@login_required
def stage_detail(request, slug, stage):
    """One stage: its plan, contribution and achievements, and its + / − entries."""
    stage = _stage_or_404(stage)
    project, access = get_project_for_user(
        request.user, slug, write=request.method == "POST"
    )
    plan_form = _plan_form(project, stage, request.POST or None)
    conflict = ()
    if request.method == "POST" and plan_form.is_valid():
        try:
            progress_services.stage_plan_save(
                project=project,
                stage=stage,
                data=plan_form.cleaned_data,
                user=request.user,
                seen_version=plan_form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            saved = StagePlan.objects.get(project=project, stage=stage)
            conflict = conflict_notice(request, plan_form, saved)
        else:
            messages.success(request, f"{stage.label} plan saved.")
            return redirect("evaluation:stage_detail", slug=slug, stage=stage.value)
    return _render_stage(
        request,
        project,
        access,
        stage,
        plan_form,
        StageEntryForm(project=project),
        conflict,
    )


@login_required
@require_POST
def stage_entry_add(request, slug, stage):
    stage = _stage_or_404(stage)
    project, access = get_project_for_user(request.user, slug, write=True)
    form = StageEntryForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.observation_create(
                project=project,
                data={"stage": stage, **form.cleaned_data},
                user=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Entry added.")
            url = reverse("evaluation:stage_detail", args=[slug, stage.value])
            return redirect(f"{url}#entries")
    plan_form = _plan_form(project, stage)
    return _render_stage(request, project, access, stage, plan_form, form)


@login_required
def stage_entry_delete(request, slug, pk):
    entry, project, _ = get_stage_entry_for_user(request.user, slug, pk, write=True)
    if request.method == "POST":
        services.observation_delete(observation=entry)
        messages.success(request, "Entry deleted.")
        url = reverse("evaluation:stage_detail", args=[slug, entry.stage])
        return redirect(f"{url}#entries")
    return render(
        request,
        "evaluation/factors/stage_entry_confirm_delete.html",
        {"project": project, "entry": entry},
    )
