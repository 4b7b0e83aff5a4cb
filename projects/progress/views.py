"""Pages for the progress log, the Double Diamond stages, the timeline and the
programme's progress picture."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coproduce.forms import apply_errors as _apply_errors
from evaluation.models import FactorObservation
from projects import selectors
from projects.access import get_programme_for_user, get_project_for_user
from projects.models import Activity, DiamondStage, StagePlan
from projects.progress import diagrams, services
from projects.progress.forms import (
    ActivityFilterForm,
    ActivityForm,
    HeadcountFormSet,
    ProjectStopForm,
    QuickActivityForm,
    StageEntryForm,
    StageMoveForm,
    StagePlanForm,
    StalledForm,
    TimelineFilterForm,
)
from projects.services import EditConflict
from projects.views import CONFLICT_MESSAGE


def _attendee_choices(project, activity=None):
    """People on the project, plus anyone already listed at this activity."""
    condition = Q(involvements__project=project)
    if activity is not None:
        condition |= Q(attendances__activity=activity)
    return (
        project.programme.stakeholders.filter(condition)
        .distinct()
        .order_by("display_name")
    )


def _headcount_formset(request, activity=None):
    if request.method == "POST" and "count-TOTAL_FORMS" in request.POST:
        return HeadcountFormSet(request.POST, prefix="count")
    initial = []
    if activity is not None:
        initial = [
            {
                "role_category": h.role_category,
                "count": h.count,
                "seldom_heard_count": h.seldom_heard_count,
            }
            for h in activity.headcounts.all()
        ]
    return HeadcountFormSet(prefix="count", initial=initial)


def _services_error(form, formset, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        _apply_errors(form, error)
    else:
        form.add_error(None, error.messages)


@login_required
def activity_list(request, slug):
    project, access = get_project_for_user(request.user, slug)
    form = ActivityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    activities = selectors.project_activities(
        project, kind=filters.get("kind", ""), stage=filters.get("stage", "")
    )
    page = Paginator(activities, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/activity_list.html",
        {
            "project": project,
            "access": access,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "figures": selectors.participation(project.activities.all()),
        },
    )


@login_required
def activity_create(request, slug):
    project, access = get_project_for_user(request.user, slug, write=True)
    choices = _attendee_choices(project)
    quick = request.method == "POST" and "quick" in request.POST
    form_class = QuickActivityForm if quick else ActivityForm
    form = form_class(
        request.POST or None,
        attendee_choices=choices,
        initial={
            "stage": project.current_stage or DiamondStage.DISCOVER,
            "held_on": timezone.localdate(),
        },
    )
    formset = _headcount_formset(request)
    if request.method == "POST":
        form_ok = form.is_valid()
        counts_ok = formset.is_valid() if formset.is_bound else True
        if form_ok and counts_ok:
            try:
                activity = services.activity_create(
                    project=project,
                    data=form.cleaned_data,
                    attendees=form.cleaned_data["attendees"],
                    headcounts=formset.rows() if formset.is_bound else [],
                    recorded_by=request.user,
                )
            except ValidationError as error:
                _services_error(form, formset, error)
            else:
                if quick:
                    messages.success(
                        request,
                        f"“{activity.title}” logged. Add headcounts, support, "
                        "outputs and a reflection when you have them.",
                    )
                    return redirect(
                        "projects:activity_edit", slug=project.slug, pk=activity.pk
                    )
                messages.success(request, f"“{activity.title}” logged.")
                return redirect(activity)
        if quick:
            # Show the whole form with what was typed and the errors.
            full = ActivityForm(request.POST, attendee_choices=choices)
            full.is_valid()
            for field, errors in form.errors.items():
                if field not in full.errors:
                    full.add_error(None if field == "__all__" else field, errors)
            form = full
    return render(
        request,
        "projects/activity_form.html",
        {"project": project, "form": form, "formset": formset, "creating": True},
    )


@login_required
def activity_detail(request, slug, pk):
    project, access = get_project_for_user(request.user, slug)
    activity = selectors.activity_detail(project, pk)
    return render(
        request,
        "projects/activity_detail.html",
        {"project": project, "access": access, "activity": activity},
    )


@login_required
def activity_edit(request, slug, pk):
    project, access = get_project_for_user(request.user, slug, write=True)
    activity = get_object_or_404(
        Activity.objects.select_related("project"), pk=pk, project=project
    )
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        attendee_choices=_attendee_choices(project, activity),
        initial={
            "edit_version": activity.edit_version,
            "attendees": list(
                activity.attendances.filter(stakeholder__isnull=False).values_list(
                    "stakeholder_id", flat=True
                )
            ),
        },
    )
    formset = _headcount_formset(request, activity)
    conflict = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.activity_update(
                activity=activity,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                headcounts=formset.rows(),
                seen_version=form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            conflict = selectors.activity_detail(project, pk)
            form.data = form.data.copy()
            form.data["edit_version"] = conflict.edit_version
            messages.error(request, CONFLICT_MESSAGE)
        except ValidationError as error:
            _services_error(form, formset, error)
        else:
            messages.success(request, "Activity saved.")
            return redirect("projects:activity_detail", slug=slug, pk=pk)
    return render(
        request,
        "projects/activity_form.html",
        {
            "project": project,
            "activity": activity,
            "form": form,
            "formset": formset,
            "conflict": conflict,
        },
    )


@login_required
def activity_delete(request, slug, pk):
    project, access = get_project_for_user(request.user, slug, write=True)
    activity = get_object_or_404(Activity, pk=pk, project=project)
    if request.method == "POST":
        services.activity_delete(activity=activity)
        messages.success(request, f"“{activity.title}” deleted.")
        return redirect("projects:activity_list", slug=slug)
    return render(
        request,
        "projects/activity_confirm_delete.html",
        {"project": project, "activity": activity},
    )


def _stage_context(project, access, transitions, **forms):
    seen = selectors.last_transition_id(transitions)
    return {
        "project": project,
        "access": access,
        "transitions": transitions,
        "path_svg": diagrams.project_path_svg(project, transitions),
        "seen_transition": seen,
        **forms,
    }


@login_required
def stage_table(request, slug):
    project, access = get_project_for_user(request.user, slug)
    transitions = selectors.project_transitions(project)
    return render(
        request,
        "projects/stage_table.html",
        {
            **_stage_context(project, access, transitions),
            "columns": selectors.stage_table(project),
            "figures": selectors.participation(project.activities.all()),
        },
    )


def _conflict_note(request, error: services.StageChanged) -> None:
    change = error.transition
    what = selectors.transition_sentence(change) if change else "changed"
    messages.error(
        request,
        f"Someone else changed this project's stage while you were working: {what}. "
        "The page now shows where it is; your text is still in the form. Check, "
        "then save again.",
    )


@login_required
def stage_move(request, slug):
    project, access = get_project_for_user(request.user, slug, write=True)
    transitions = selectors.project_transitions(project)
    form = StageMoveForm(
        request.POST or None,
        current_stage=project.current_stage,
        initial={"seen_transition": selectors.last_transition_id(transitions)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            move = services.stage_move(
                project=project,
                to_stage=data["to_stage"],
                happened_on=data["happened_on"],
                rationale=data["rationale"],
                recorded_by=request.user,
                seen_transition=data["seen_transition"] or 0,
            )
        except services.StageChanged as error:
            _conflict_note(request, error)
            project.refresh_from_db()
            transitions = selectors.project_transitions(project)
            form = StageMoveForm(
                {
                    **request.POST.dict(),
                    "seen_transition": selectors.last_transition_id(transitions),
                },
                current_stage=project.current_stage,
            )
            form.is_valid()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{selectors.transition_sentence(move)}.")
            return redirect("projects:stage_table", slug=slug)
    return render(
        request,
        "projects/stage_move.html",
        _stage_context(project, access, transitions, form=form, action="move"),
    )


@login_required
def project_stop(request, slug):
    project, access = get_project_for_user(request.user, slug, write=True)
    transitions = selectors.project_transitions(project)
    form = ProjectStopForm(
        request.POST or None,
        initial={"seen_transition": selectors.last_transition_id(transitions)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stop = services.project_stop(
                project=project,
                status=data["status"],
                reason=data["reason"],
                happened_on=data["happened_on"],
                recorded_by=request.user,
                seen_transition=data["seen_transition"] or 0,
            )
        except services.StageChanged as error:
            _conflict_note(request, error)
            project.refresh_from_db()
            transitions = selectors.project_transitions(project)
            form = ProjectStopForm(
                {
                    **request.POST.dict(),
                    "seen_transition": selectors.last_transition_id(transitions),
                }
            )
            form.is_valid()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{selectors.transition_sentence(stop)}.")
            return redirect("projects:stage_table", slug=slug)
    return render(
        request,
        "projects/stage_move.html",
        _stage_context(project, access, transitions, form=form, action="stop"),
    )


def _stage_or_404(stage: str) -> DiamondStage:
    if stage not in DiamondStage.values:
        raise Http404("No such stage.")
    return DiamondStage(stage)


def _render_stage(
    request, project, access, stage, plan_form, entry_form, conflict=None
):
    return render(
        request,
        "projects/stage_detail.html",
        {
            "project": project,
            "access": access,
            "stage": stage,
            "stages": DiamondStage.choices,
            "plan": StagePlan.objects.filter(project=project, stage=stage).first(),
            "plan_form": plan_form,
            "entry_form": entry_form,
            "entries": selectors.stage_entries(project, stage),
            "activities": selectors.project_activities(project, stage=stage),
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
    plan = StagePlan.objects.filter(project=project, stage=stage).first()
    plan_form = StagePlanForm(
        request.POST or None,
        instance=plan,
        initial={"edit_version": plan.edit_version if plan else 0},
    )
    conflict = None
    if request.method == "POST" and plan_form.is_valid():
        try:
            services.stage_plan_save(
                project=project,
                stage=stage,
                data=plan_form.cleaned_data,
                user=request.user,
                seen_version=plan_form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            conflict = StagePlan.objects.get(project=project, stage=stage)
            plan_form.data = plan_form.data.copy()
            plan_form.data["edit_version"] = conflict.edit_version
            messages.error(request, CONFLICT_MESSAGE)
        else:
            messages.success(request, f"{stage.label} plan saved.")
            return redirect("projects:stage_detail", slug=slug, stage=stage.value)
    return _render_stage(
        request, project, access, stage, plan_form, StageEntryForm(), conflict
    )


@login_required
@require_POST
def stage_entry_add(request, slug, stage):
    stage = _stage_or_404(stage)
    project, access = get_project_for_user(request.user, slug, write=True)
    form = StageEntryForm(request.POST)
    if form.is_valid():
        try:
            services.stage_entry_add(
                project=project,
                stage=stage,
                recorded_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Entry added.")
            url = reverse("projects:stage_detail", args=[slug, stage.value])
            return redirect(f"{url}#entries")
    plan = StagePlan.objects.filter(project=project, stage=stage).first()
    plan_form = StagePlanForm(
        instance=plan, initial={"edit_version": plan.edit_version if plan else 0}
    )
    return _render_stage(request, project, access, stage, plan_form, form)


@login_required
def stage_entry_delete(request, slug, pk):
    project, access = get_project_for_user(request.user, slug, write=True)
    entry = get_object_or_404(FactorObservation, pk=pk, project=project)
    if request.method == "POST":
        services.stage_entry_delete(observation=entry)
        messages.success(request, "Entry deleted.")
        url = reverse("projects:stage_detail", args=[slug, entry.stage])
        return redirect(f"{url}#entries")
    return render(
        request,
        "projects/stage_entry_confirm_delete.html",
        {"project": project, "entry": entry},
    )


@login_required
def project_timeline(request, slug):
    project, access = get_project_for_user(request.user, slug)
    form = TimelineFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.project_timeline(
        project, what=filters.get("what", ""), stage=filters.get("stage", "")
    )
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/project_timeline.html",
        {
            "project": project,
            "access": access,
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
def programme_progress(request, slug):
    """Where every project is, participation across the programme, and stalled
    projects."""
    programme, access = get_programme_for_user(request.user, slug)
    form = StalledForm(request.GET or None, initial={"weeks": 8})
    weeks = (form.cleaned_data.get("weeks") if form.is_valid() else None) or 8
    projects = list(selectors.programme_stage_projects(request.user, programme))
    visible = selectors.project_list(request.user, programme=programme)
    return render(
        request,
        "projects/programme_progress.html",
        {
            "programme": programme,
            "access": access,
            "projects": projects,
            "diamond": diagrams.programme_diamond(programme, projects),
            "figures": selectors.participation(
                Activity.objects.filter(project__in=visible.values("id"))
            ),
            "stalled": selectors.stalled_projects(visible, weeks=weeks),
            "weeks": weeks,
            "form": form,
        },
    )
