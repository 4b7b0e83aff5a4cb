"""Pages for outcomes: the theory of change (versions side by side, statements), the
outcome indicators, the roll-up of contribution claims and a project's claims."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from evaluation.evidence.access import (
    get_claim_for_user,
    get_evaluation_programme_for_user,
    get_evidence_project_for_user,
    get_indicator_for_user,
    get_statement_for_user,
    get_theory_version_for_user,
    quotes_visible_with,
)
from evaluation.evidence.views.common import form_page, programme_crumbs, project_crumbs
from evaluation.models import ContributionClaim, Quote
from evaluation.outcomes import selectors, services
from evaluation.outcomes.forms import (
    ClaimForm,
    IndicatorForm,
    StatementForm,
    TheoryVersionForm,
)


def _toc_url(slug, version=None) -> str:
    url = reverse("evaluation:theory_of_change", args=[slug])
    return f"{url}?right={version.number}" if version else url


def _toc_crumbs(programme):
    return programme_crumbs(programme, ("Theory of change", _toc_url(programme.slug)))


def _picked_versions(request, versions):
    """The (left, right) versions to compare: ``?left=`` and ``?right=`` numbers, by
    default the first and the last; never the same version twice."""
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        value = request.GET.get(name, "")
        return by_number.get(int(value)) if value.isdigit() else default

    right = pick("right", versions[0] if versions else None)
    left = pick("left", versions[-1] if len(versions) > 1 else None)
    if left is not None and right is not None and left.pk == right.pk:
        left = None
    return left, right


@login_required
def theory_of_change(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    versions = selectors.theory_versions(programme)
    left, right = _picked_versions(request, versions)
    return render(
        request,
        "evaluation/outcomes/theory_of_change.html",
        {
            "programme": programme,
            "access": access,
            "versions": versions,
            "left": left,
            "right": right,
        },
    )


@login_required
def theory_version_create(request, slug):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    form = TheoryVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.theory_version_create(
            programme=programme, data=form.cleaned_data, user=request.user
        )
        messages.success(
            request,
            f"Version {version.number} started; the previous statements were copied "
            "into it for you to revise.",
        )
        return redirect(_toc_url(slug, version))
    return form_page(
        request,
        title="Start a new version of the theory of change",
        form=form,
        crumbs=_toc_crumbs(programme),
        cancel=_toc_url(slug),
        intro="The statements of the latest version are copied into the new one, so "
        "the earlier version stays as it was and can be compared side by side.",
    )


@login_required
def theory_version_edit(request, slug, pk):
    version, programme, _ = get_theory_version_for_user(
        request.user, slug, pk, write=True
    )
    form = TheoryVersionForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        services.theory_version_update(version=version, data=form.cleaned_data)
        messages.success(request, "Version details saved.")
        return redirect("evaluation:theory_of_change", slug=slug)
    return form_page(
        request,
        title=f"Edit {version}",
        form=form,
        crumbs=_toc_crumbs(programme),
        cancel=_toc_url(slug),
    )


@login_required
def statement_edit(request, slug, version_pk=None, pk=None):
    if pk:
        statement, programme, _ = get_statement_for_user(
            request.user, slug, pk, write=True
        )
        version = statement.version
    else:
        statement = None
        version, programme, _ = get_theory_version_for_user(
            request.user, slug, version_pk, write=True
        )
    form = StatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        services.statement_save(
            version=version, data=form.cleaned_data, statement=statement
        )
        messages.success(request, "Statement saved.")
        return redirect(_toc_url(slug, version))
    return form_page(
        request,
        title=f"{'Edit a' if statement else 'Add a'} statement to {version}",
        form=form,
        crumbs=_toc_crumbs(programme),
        cancel=_toc_url(slug),
    )


@login_required
@require_POST
def statement_indicators(request, slug, pk):
    statement, _, _ = get_statement_for_user(request.user, slug, pk, write=True)
    made = services.indicators_from_statement(statement=statement)
    messages.success(
        request,
        f"{len(made)} new outcome indicator{'s' if len(made) != 1 else ''} made from "
        "the BECAUSE signs.",
    )
    return redirect("evaluation:indicator_list", slug=slug)


@login_required
def indicator_edit(request, slug, pk=None):
    if pk:
        indicator, programme, _ = get_indicator_for_user(
            request.user, slug, pk, write=True
        )
    else:
        indicator = None
        programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    form = IndicatorForm(request.POST or None, instance=indicator, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(
                programme=programme, data=form.cleaned_data, indicator=indicator
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Outcome indicator saved.")
            return redirect("evaluation:indicator_list", slug=slug)
    list_url = reverse("evaluation:indicator_list", args=[slug])
    return form_page(
        request,
        title=f"Edit indicator: {indicator}"
        if indicator
        else "Add an outcome indicator",
        form=form,
        crumbs=programme_crumbs(programme, ("Outcome indicators", list_url)),
        cancel=list_url,
        intro="Claims already made against this indicator keep the wording they "
        "were made against; their pages show both."
        if indicator
        else "",
    )


@login_required
def indicator_list(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    indicators = selectors.indicator_list(programme)
    return render(
        request,
        "evaluation/outcomes/indicator_list.html",
        {
            "programme": programme,
            "access": access,
            "in_use": [i for i in indicators if not i.is_retired],
            "retired": [i for i in indicators if i.is_retired],
        },
    )


@login_required
@require_POST
def indicator_move(request, slug, pk):
    indicator, _, _ = get_indicator_for_user(request.user, slug, pk, write=True)
    services.indicator_move(indicator=indicator, up=request.POST.get("to") == "up")
    return redirect(reverse("evaluation:indicator_list", args=[slug]) + f"#i{pk}")


@login_required
@require_POST
def indicator_retire(request, slug, pk):
    indicator, _, _ = get_indicator_for_user(request.user, slug, pk, write=True)
    retire = request.POST.get("retire") == "1"
    services.indicator_retire(indicator=indicator, retired=retire)
    messages.success(
        request,
        f"“{indicator}” retired: its claims are kept and it is no longer offered "
        "for new claims."
        if retire
        else f"“{indicator}” is in use again.",
    )
    return redirect("evaluation:indicator_list", slug=slug)


@login_required
def contribution_rollup(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    return render(
        request,
        "evaluation/outcomes/contribution_rollup.html",
        {
            "programme": programme,
            "access": access,
            "rows": selectors.contribution_rollup(programme),
            "status_labels": selectors.claim_status_labels(),
            "contribution_labels": selectors.contribution_labels(),
        },
    )


def _claim_save(request, form, project, claim) -> None:
    """Create or update from a valid form; raises EditConflict or ValidationError."""
    data = dict(form.cleaned_data)
    linked = {"quotes": data.pop("quotes"), "documents": data.pop("documents")}
    seen_version = data.pop("edit_version")
    if claim:
        services.claim_update(
            claim=claim, data=data, seen_version=seen_version, **linked
        )
    else:
        services.claim_create(project=project, data=data, user=request.user, **linked)


@login_required
def claim_edit(request, slug, pk=None):
    if pk:
        claim, project, access = get_claim_for_user(request.user, slug, pk, write=True)
    else:
        claim = None
        project, access = get_evidence_project_for_user(request.user, slug, write=True)
    form = ClaimForm(
        request.POST or None,
        instance=claim,
        project=project,
        quotes=quotes_visible_with(access, Quote.objects.filter(project=project)),
        initial={"edit_version": claim.edit_version}
        if claim
        else {"indicator": request.GET.get("indicator")},
    )
    conflict = ()
    if request.method == "POST" and form.is_valid():
        try:
            _claim_save(request, form, project, claim)
        except EditConflict:
            saved = ContributionClaim.objects.get(pk=claim.pk)
            conflict = conflict_notice(request, form, saved)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Contribution claim saved.")
            return redirect("evaluation:project_evidence", slug=slug)
    return form_page(
        request,
        title="Edit a contribution claim" if claim else "Add a contribution claim",
        form=form,
        crumbs=project_crumbs(project),
        cancel=reverse("evaluation:project_evidence", args=[slug]),
        conflict=conflict,
        intro="For one outcome indicator: was it achieved, how much did the programme "
        "contribute, and what evidence shows it?",
    )
