"""Pages of the decision log: a project's decisions (logged on their own or from an
activity page), each decision with whose input was asked for and whose changed it,
and the programme's decisions beside its matrix scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from evaluation.decisions import charts, selectors, services
from evaluation.decisions.access import (
    get_decision_for_user,
    get_decision_input_for_user,
    get_decision_project_for_user,
    get_decisions_programme_for_user,
)
from evaluation.decisions.forms import DecisionForm, DecisionInputForm
from evaluation.evidence.views.common import confirm_delete_page, form_page
from evaluation.models import Decision, DecisionInput


def _log_url(project) -> str:
    return reverse("evaluation:decision_log", args=[project.slug])


def _crumbs(project, decision=None):
    crumbs = [
        (project.title, project.get_absolute_url()),
        ("Decisions", _log_url(project)),
    ]
    if decision is not None:
        crumbs.append((decision.title[:60], decision.get_absolute_url()))
    return crumbs


@login_required
def decision_log(request, slug):
    project, access = get_decision_project_for_user(request.user, slug)
    decisions = selectors.project_decisions(project, access)
    return render(
        request,
        "evaluation/decisions/decision_log.html",
        {
            "project": project,
            "access": access,
            "decisions": decisions,
            "who_may_add": selectors.WHO_MAY_ADD,
        },
    )


@login_required
def decision_detail(request, slug, pk):
    decision, project, access = get_decision_for_user(request.user, slug, pk)
    return render(
        request,
        "evaluation/decisions/decision_detail.html",
        {
            "project": project,
            "access": access,
            "decision": selectors.decision_detail(decision, access),
        },
    )


def _decision_save(request, form, project, decision) -> Decision:
    """Create or update from a valid form; raises EditConflict or ValidationError."""
    data = dict(form.cleaned_data)
    decided_by = data.pop("decided_by")
    seen_version = data.pop("edit_version")
    if decision is None:
        return services.decision_create(
            project=project, data=data, decided_by=decided_by, user=request.user
        )
    services.decision_update(
        decision=decision, data=data, decided_by=decided_by, seen_version=seen_version
    )
    return decision


@login_required
def decision_edit(request, slug, pk=None):
    if pk:
        decision, project, _ = get_decision_for_user(request.user, slug, pk, write=True)
        initial = {"edit_version": decision.edit_version}
    else:
        decision = None
        project, _ = get_decision_project_for_user(request.user, slug, write=True)
        initial = selectors.activity_defaults(project, request.GET.get("activity"))
    form = DecisionForm(
        request.POST or None, instance=decision, project=project, initial=initial
    )
    conflict = ()
    if request.method == "POST" and form.is_valid():
        try:
            saved = _decision_save(request, form, project, decision)
        except EditConflict:
            stored = Decision.objects.get(pk=decision.pk)
            conflict = conflict_notice(request, form, stored)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if decision is None:
                messages.success(
                    request,
                    "Decision logged. Now record whose input was asked for, and "
                    "whether it changed the outcome.",
                )
            else:
                messages.success(request, "Decision saved.")
            return redirect(saved.get_absolute_url())
    from_activity = form.initial.get("activity") if decision is None else None
    return form_page(
        request,
        title="Edit the decision" if decision else "Log a decision",
        form=form,
        crumbs=_crumbs(project, decision),
        cancel=decision.get_absolute_url() if decision else _log_url(project),
        conflict=conflict,
        intro="The activity, its stage and its date are filled in from the meeting "
        "the decision came out of; change them if they are not right."
        if from_activity
        else "What was decided, when, by whom and how. Whose input was asked for "
        "is added on the next page.",
    )


@login_required
def decision_delete(request, slug, pk):
    decision, project, _ = get_decision_for_user(request.user, slug, pk, write=True)
    if request.method == "POST":
        services.decision_delete(decision=decision, user=request.user)
        messages.success(request, "Decision deleted.")
        return redirect(_log_url(project))
    return confirm_delete_page(
        request,
        crumbs=_crumbs(project, decision),
        title="Delete this decision?",
        what=f"“{decision.title}” and everything recorded about whose input was "
        "asked for on it will be deleted.",
        cancel=decision.get_absolute_url(),
    )


def _input_save(form, decision, item) -> None:
    data = dict(form.cleaned_data)
    linked = {"quotes": data.pop("quotes"), "activities": data.pop("activities")}
    seen_version = data.pop("edit_version")
    if item is None:
        services.decision_input_create(decision=decision, data=data, **linked)
    else:
        services.decision_input_update(
            item=item, data=data, seen_version=seen_version, **linked
        )


@login_required
def decision_input_edit(request, slug, pk, input_pk=None):
    if input_pk:
        item, decision, access = get_decision_input_for_user(
            request.user, slug, pk, input_pk, write=True
        )
        initial = {"edit_version": item.edit_version}
    else:
        item = None
        decision, _, access = get_decision_for_user(request.user, slug, pk, write=True)
        initial = {}
    project = decision.project
    form = DecisionInputForm(
        request.POST or None,
        instance=item,
        project=project,
        access=access,
        initial=initial,
    )
    conflict = ()
    if request.method == "POST" and form.is_valid():
        try:
            _input_save(form, decision, item)
        except EditConflict:
            stored = DecisionInput.objects.get(pk=item.pk)
            conflict = conflict_notice(request, form, stored)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Saved whose input was asked for.")
            return redirect(decision.get_absolute_url())
    return form_page(
        request,
        title="Edit whose input was asked for"
        if item
        else "Add whose input was asked for",
        form=form,
        crumbs=_crumbs(project, decision),
        cancel=decision.get_absolute_url(),
        conflict=conflict,
        intro=f"On the decision “{decision.title}”: whose view was asked for, did it "
        "change what was decided, and what shows it?",
    )


@login_required
def decision_input_delete(request, slug, pk, input_pk):
    item, decision, _ = get_decision_input_for_user(
        request.user, slug, pk, input_pk, write=True
    )
    if request.method == "POST":
        services.decision_input_delete(item=item, user=request.user)
        messages.success(request, "Input removed from the decision.")
        return redirect(decision.get_absolute_url())
    return confirm_delete_page(
        request,
        crumbs=_crumbs(decision.project, decision),
        title="Remove this input?",
        what=f"The {item.get_role_category_display().lower()} input on “"
        f"{decision.title}” will be removed.",
        cancel=decision.get_absolute_url(),
    )


@login_required
def programme_decisions(request, slug):
    programme, access = get_decisions_programme_for_user(request.user, slug)
    projects = programme.projects.all()
    stages = selectors.decisions_by_stage(projects)
    totals = selectors.stage_totals(stages)
    rows, without = selectors.project_rows(projects)
    return render(
        request,
        "evaluation/decisions/programme_decisions.html",
        {
            "programme": programme,
            "access": access,
            "stages": stages,
            "totals": totals,
            "chart": charts.stage_counts_svg(stages, ident="decisions-by-stage"),
            "roles": selectors.inputs_by_role(projects),
            "rows": rows,
            "without": without,
        },
    )
