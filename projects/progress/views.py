"""Pages for the progress log, the Double Diamond stages, the timeline and the
programme's progress picture."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors as _apply_errors
from coproduce.forms import typed_initial
from projects import selectors
from projects.access import get_programme_for_user, get_project_for_user
from projects.memo import remembered_html
from projects.models import DiamondStage
from projects.progress import diagrams, services
from projects.progress.forms import (
    ActivityFilterForm,
    ActivityForm,
    HeadcountFormSet,
    ProjectStopForm,
    QuickActivityForm,
    StageMoveForm,
    StalledForm,
    TimelineFilterForm,
)


def _adding_row(request) -> bool:
    """ "Add another row" was pressed: show the form again, one headcount row longer,
    without saving (this works without JavaScript)."""
    return request.method == "POST" and "add_row" in request.POST


def _headcount_formset(request, activity=None):
    if _adding_row(request):
        typed = HeadcountFormSet(request.POST, prefix="count")
        rows = [typed_initial(form, request.POST) for form in typed.forms]
        formset = HeadcountFormSet(prefix="count", initial=rows)
        formset.extra = 1
        last = formset.forms[-1]
        last.fields["role_category"].widget.attrs["autofocus"] = True
        return formset
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
        "projects/progress/activity_list.html",
        {
            "project": project,
            "access": access,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "figures": selectors.participation(project.activities.all()),
        },
    )


def _activity_logged(request, activity, *, quick: bool):
    """After logging: a quick entry goes on to the full form to add the rest."""
    if quick:
        messages.success(
            request,
            f"“{activity.title}” logged. Add headcounts, support, "
            "outputs and a reflection when you have them.",
        )
        return redirect(
            "projects:activity_edit", slug=activity.project.slug, pk=activity.pk
        )
    messages.success(request, f"“{activity.title}” logged.")
    return redirect(activity)


def _quick_as_full(request, form, choices):
    """A refused quick entry comes back as the whole form, with what was typed and
    the errors."""
    full = ActivityForm(request.POST, attendee_choices=choices)
    full.is_valid()
    for field, errors in form.errors.items():
        if field not in full.errors:
            full.add_error(None if field == "__all__" else field, errors)
    return full


@login_required
def activity_create(request, slug):
    project, access = get_project_for_user(request.user, slug, write=True)
    choices = selectors.attendee_choices(project)
    quick = request.method == "POST" and "quick" in request.POST
    form_class = QuickActivityForm if quick else ActivityForm
    adding_row = _adding_row(request)
    form = form_class(
        None if adding_row else (request.POST or None),
        attendee_choices=choices,
        initial={
            "stage": project.current_stage or DiamondStage.DISCOVER,
            "held_on": timezone.localdate(),
        },
    )
    if adding_row:
        form.initial.update(typed_initial(form, request.POST))
    formset = _headcount_formset(request)
    if request.method == "POST" and not adding_row:
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
                _apply_errors(form, error)
            else:
                return _activity_logged(request, activity, quick=quick)
        if quick:
            form = _quick_as_full(request, form, choices)
    return render(
        request,
        "projects/progress/activity_form.html",
        {"project": project, "form": form, "formset": formset, "creating": True},
    )


@login_required
def activity_detail(request, slug, pk):
    project, access = get_project_for_user(request.user, slug)
    activity = selectors.activity_detail(project, pk)
    return render(
        request,
        "projects/progress/activity_detail.html",
        {"project": project, "access": access, "activity": activity},
    )


def _activity_conflict(request, form, saved) -> list[dict]:
    """The conflict notice for an activity someone else saved, with who came."""
    named = [a.stakeholder for a in saved.attendances.all() if a.stakeholder]
    total = f"{saved.total} ({saved.seldom_total} from seldom-heard groups)"
    return conflict_notice(
        request,
        form,
        saved,
        extra=[(form["attendees"].label, named), ("People in total", total)],
    )


def _activity_edit_form(request, project, activity):
    """The full activity form over the saved activity, its people ticked."""
    adding_row = _adding_row(request)
    form = ActivityForm(
        None if adding_row else (request.POST or None),
        instance=activity,
        attendee_choices=selectors.attendee_choices(project, activity),
        initial={
            "edit_version": activity.edit_version,
            "attendees": selectors.activity_attendee_ids(activity),
        },
    )
    if adding_row:
        form.initial.update(typed_initial(form, request.POST))
    return form


@login_required
def activity_edit(request, slug, pk):
    project, access = get_project_for_user(request.user, slug, write=True)
    activity = selectors.project_activity(project, pk)
    form = _activity_edit_form(request, project, activity)
    formset = _headcount_formset(request, activity)
    conflict = None
    if (
        request.method == "POST"
        and not _adding_row(request)
        and form.is_valid()
        and formset.is_valid()
    ):
        try:
            services.activity_update(
                activity=activity,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                headcounts=formset.rows(),
                seen_version=form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            saved = selectors.activity_detail(project, pk)
            conflict = _activity_conflict(request, form, saved)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Activity saved.")
            return redirect("projects:activity_detail", slug=slug, pk=pk)
    return render(
        request,
        "projects/progress/activity_form.html",
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
    activity = selectors.project_activity(project, pk)
    if request.method == "POST":
        try:
            services.activity_delete(activity=activity)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(activity)
        messages.success(request, f"“{activity.title}” deleted.")
        return redirect("projects:activity_list", slug=slug)
    return render(
        request,
        "projects/progress/activity_confirm_delete.html",
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


def _stage_changed(request, error: services.StageChanged, project):
    """Someone moved or stopped the project while this form was open: say what they
    did, reload the project, and return the typed data (now checked against their
    change) with the stage history, for the form to re-display."""
    change = error.transition
    what = selectors.transition_sentence(change) if change else "changed"
    messages.error(
        request,
        f"Someone else changed this project's stage while you were working: {what}. "
        "The page now shows where it is; your text is still in the form. Check, "
        "then save again.",
    )
    project.refresh_from_db()
    transitions = selectors.project_transitions(project)
    typed = {
        **request.POST.dict(),
        "seen_transition": selectors.last_transition_id(transitions),
    }
    return typed, transitions


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
            typed, transitions = _stage_changed(request, error, project)
            form = StageMoveForm(typed, current_stage=project.current_stage)
            form.is_valid()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{selectors.transition_sentence(move)}.")
            return redirect("evaluation:stage_table", slug=slug)
    return render(
        request,
        "projects/progress/stage_move.html",
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
            typed, transitions = _stage_changed(request, error, project)
            form = ProjectStopForm(typed)
            form.is_valid()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{selectors.transition_sentence(stop)}.")
            return redirect("evaluation:stage_table", slug=slug)
    return render(
        request,
        "projects/progress/stage_move.html",
        _stage_context(project, access, transitions, form=form, action="stop"),
    )


@login_required
def project_timeline(request, slug):
    project, access = get_project_for_user(request.user, slug)

    def context() -> dict:
        form = TimelineFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        events = selectors.project_timeline(
            project, what=filters.get("what", ""), stage=filters.get("stage", "")
        )
        page = Paginator(events, 100).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "project": project,
            "access": access,
            "form": form,
            "page": page,
            "query": query.urlencode(),
        }

    # Remembered until anything in the programme changes (projects/memo.py).
    body = remembered_html(
        request,
        "project-timeline",
        "projects/progress/_timeline_body.html",
        context,
        programme_id=project.programme_id,
    )
    return render(
        request,
        "projects/progress/project_timeline.html",
        {"project": project, "body": body},
    )


@login_required
def programme_progress(request, slug):
    """Where every project is, participation across the programme, and stalled
    projects."""
    programme, access = get_programme_for_user(request.user, slug)
    form = StalledForm(request.GET or None, initial={"weeks": 8})
    weeks = (form.cleaned_data.get("weeks") if form.is_valid() else None) or 8
    visible = selectors.project_list(request.user, programme=programme)
    return render(
        request,
        "projects/progress/programme_progress.html",
        {
            "programme": programme,
            "access": access,
            "diamond": diagrams.programme_diamond(
                programme,
                selectors.programme_stage_projects(request.user, programme),
                counts=selectors.stage_status_counts(visible),
                link=diagrams.dashboard_link(programme),
            ),
            "figures": selectors.participation(selectors.activities_of(visible)),
            "stalled": selectors.stalled_projects(visible, weeks=weeks),
            "weeks": weeks,
            "form": form,
        },
    )
