"""Pages of the evaluation workspace: factors and cross-case analysis, theory of change
and contribution, quotes, documents, themes, member checking, consent, audit, exports.

Every view gets its programme or project through an access helper; writes need
``access.can_edit_evaluation`` (evaluators and facilitators).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.forms import apply_errors as _apply_errors
from evaluation.evidence import exports, selectors, services, workbook
from evaluation.evidence.access import (
    get_evaluation_programme_for_user,
    get_evidence_project_for_user,
    quotes_visible_with,
)
from evaluation.evidence.forms import (
    ClaimForm,
    ConsentForm,
    CrossCaseFilterForm,
    DocumentForm,
    FactorForm,
    FactorGroupForm,
    GeneralCommentForm,
    IndicatorForm,
    InvitationForm,
    ObservationForm,
    QuoteForm,
    StageForm,
    StatementForm,
    ThemeForm,
    ThemeReviewForm,
    TheoryVersionForm,
)
from evaluation.factors import analysis
from evaluation.factors.heatmap import heatmap_rows_html
from evaluation.models import (
    AuditAction,
    ContributionClaim,
    Document,
    EvaluationStage,
    Factor,
    FactorGroup,
    FactorObservation,
    Invitation,
    OutcomeIndicator,
    Quote,
    ReviewVerdict,
    Theme,
    TheoryStatement,
    TheoryVersion,
)
from projects.access import programmes_visible_to
from projects.models import RoleCategory

CONFLICT_MESSAGE = (
    "Someone else saved changes while you were editing. Your text is still in the "
    "form; check it against theirs, then save again."
)
T = "evaluation/evidence/"


def _programme_crumbs(programme, *extra):
    return [
        (programme.name, programme.get_absolute_url()),
        (
            "Evaluation",
            reverse("evaluation:programme_evaluation", args=[programme.slug]),
        ),
        *extra,
    ]


def _project_crumbs(project, *extra):
    return [
        (project.title, project.get_absolute_url()),
        ("Evidence", reverse("evaluation:project_evidence", args=[project.slug])),
        *extra,
    ]


def _form_page(request, *, title, form, crumbs, submit="Save", cancel="", **extra):
    return render(
        request,
        T + "form.html",
        {
            "title": title,
            "form": form,
            "crumbs": crumbs,
            "submit": submit,
            "cancel": cancel,
            **extra,
        },
    )


def _conflict(request, form, current_version):
    form.data = form.data.copy()
    form.data["edit_version"] = current_version
    messages.error(request, CONFLICT_MESSAGE)


# --- Programme overview ------------------------------------------------------------


@login_required
def evaluation_home(request):
    """The top-level "Evaluation" link: straight to the programme when there is one."""
    programmes = list(programmes_visible_to(request.user).order_by("name")[:50])
    if len(programmes) == 1:
        return redirect("evaluation:programme_evaluation", slug=programmes[0].slug)
    return render(request, T + "evaluation_home.html", {"programmes": programmes})


@login_required
def programme_evaluation(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    return render(
        request,
        T + "programme_evaluation.html",
        {
            "programme": programme,
            "access": access,
            "counts": {
                "factors": Factor.objects.filter(group__programme=programme).count(),
                "unlinked": FactorObservation.objects.filter(
                    project__programme=programme, factor__isnull=True
                ).count(),
                "themes": Theme.objects.filter(programme=programme).count(),
                "versions": TheoryVersion.objects.filter(programme=programme).count(),
                "indicators": OutcomeIndicator.objects.filter(
                    programme=programme
                ).count(),
                "stages": EvaluationStage.objects.filter(programme=programme).count(),
            },
            "workbook_size": workbook.workbook_size_estimate(programme),
        },
    )


# --- Factor catalogue -----------------------------------------------------------------


@login_required
def factor_catalogue(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    return render(
        request,
        T + "factor_catalogue.html",
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
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    group = get_object_or_404(FactorGroup, pk=pk, programme=programme) if pk else None
    form = FactorGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.factor_group_save(
                programme=programme, data=form.cleaned_data, group=group
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Factor group “{group}” saved.")
            return redirect("evaluation:factor_catalogue", slug=slug)
    catalogue_url = reverse("evaluation:factor_catalogue", args=[slug])
    return _form_page(
        request,
        title=f"Edit group: {group}" if group else "Add a factor group",
        form=form,
        crumbs=_programme_crumbs(programme, ("Factors", catalogue_url)),
        cancel=catalogue_url,
    )


@login_required
def factor_edit(request, slug, pk=None):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    factor = (
        get_object_or_404(Factor, pk=pk, group__programme=programme) if pk else None
    )
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
            _apply_errors(form, error)
        else:
            messages.success(request, f"Factor “{factor}” saved.")
            return redirect("evaluation:factor_catalogue", slug=slug)
    catalogue_url = reverse("evaluation:factor_catalogue", args=[slug])
    return _form_page(
        request,
        title=f"Edit factor: {factor}" if factor else "Add a factor",
        form=form,
        crumbs=_programme_crumbs(programme, ("Factors", catalogue_url)),
        cancel=catalogue_url,
    )


# --- Cross-case analysis ---------------------------------------------------------------


@login_required
def cross_case(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    form = CrossCaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    stage = filters.get("stage", "")
    status = filters.get("status", "")
    partner_kind = filters.get("partner_kind", "")
    all_factors = request.GET.get("factors") == "all"
    heatmap = analysis.heatmap(
        programme,
        stage=stage,
        status=status,
        partner_kind=partner_kind,
        only_observed_factors=not all_factors,
    )
    query = request.GET.copy()
    query.pop("factors", None)
    return render(
        request,
        T + "cross_case.html",
        {
            "programme": programme,
            "access": access,
            "form": form,
            "heatmap": heatmap,
            "heatmap_rows": heatmap_rows_html(heatmap, programme, stage=stage),
            "comparison": analysis.barrier_comparison(
                programme, stage=stage, partner_kind=partner_kind
            ),
            "all_factors": all_factors,
            "filters": {"stage": stage, "status": status, "partner_kind": partner_kind},
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
    factor = None
    if params["factor"].isdigit():
        factor = (
            Factor.objects.filter(pk=params["factor"], group__programme=programme)
            .select_related("group")
            .first()
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        T + "cross_case_evidence.html",
        {
            "programme": programme,
            "access": access,
            "page": page,
            "factor": factor,
            "params": params,
            "query": query.urlencode(),
        },
    )


# --- Theory of change ---------------------------------------------------------------


@login_required
def theory_of_change(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    versions = selectors.theory_versions(programme)
    by_number = {v.number: v for v in versions}

    def pick(name, default):
        value = request.GET.get(name, "")
        return by_number.get(int(value)) if value.isdigit() else default

    right = pick("right", versions[0] if versions else None)
    left = pick("left", versions[-1] if len(versions) > 1 else None)
    if left is not None and right is not None and left.pk == right.pk:
        left = None
    return render(
        request,
        T + "theory_of_change.html",
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
        return redirect(
            reverse("evaluation:theory_of_change", args=[slug])
            + f"?right={version.number}"
        )
    toc_url = reverse("evaluation:theory_of_change", args=[slug])
    return _form_page(
        request,
        title="Start a new version of the theory of change",
        form=form,
        crumbs=_programme_crumbs(programme, ("Theory of change", toc_url)),
        cancel=toc_url,
        intro="The statements of the latest version are copied into the new one, so "
        "the earlier version stays as it was and can be compared side by side.",
    )


@login_required
def theory_version_edit(request, slug, pk):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    version = get_object_or_404(TheoryVersion, pk=pk, programme=programme)
    form = TheoryVersionForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        services.theory_version_update(version=version, data=form.cleaned_data)
        messages.success(request, "Version details saved.")
        return redirect("evaluation:theory_of_change", slug=slug)
    toc_url = reverse("evaluation:theory_of_change", args=[slug])
    return _form_page(
        request,
        title=f"Edit {version}",
        form=form,
        crumbs=_programme_crumbs(programme, ("Theory of change", toc_url)),
        cancel=toc_url,
    )


@login_required
def statement_edit(request, slug, version_pk=None, pk=None):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    if pk:
        statement = get_object_or_404(
            TheoryStatement.objects.select_related("version"),
            pk=pk,
            version__programme=programme,
        )
        version = statement.version
    else:
        statement = None
        version = get_object_or_404(TheoryVersion, pk=version_pk, programme=programme)
    form = StatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        services.statement_save(
            version=version, data=form.cleaned_data, statement=statement
        )
        messages.success(request, "Statement saved.")
        return redirect(
            reverse("evaluation:theory_of_change", args=[slug])
            + f"?right={version.number}"
        )
    toc_url = reverse("evaluation:theory_of_change", args=[slug])
    return _form_page(
        request,
        title=f"{'Edit a' if statement else 'Add a'} statement to {version}",
        form=form,
        crumbs=_programme_crumbs(programme, ("Theory of change", toc_url)),
        cancel=toc_url,
    )


@login_required
@require_POST
def statement_indicators(request, slug, pk):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    statement = get_object_or_404(
        TheoryStatement.objects.select_related("version__programme"),
        pk=pk,
        version__programme=programme,
    )
    made = services.indicators_from_statement(statement=statement)
    messages.success(
        request,
        f"{len(made)} new outcome indicator{'s' if len(made) != 1 else ''} made from "
        "the BECAUSE signs.",
    )
    return redirect("evaluation:contribution_rollup", slug=slug)


@login_required
def indicator_edit(request, slug, pk=None):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    indicator = (
        get_object_or_404(OutcomeIndicator, pk=pk, programme=programme) if pk else None
    )
    form = IndicatorForm(request.POST or None, instance=indicator, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(
                programme=programme, data=form.cleaned_data, indicator=indicator
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Outcome indicator saved.")
            return redirect("evaluation:contribution_rollup", slug=slug)
    rollup_url = reverse("evaluation:contribution_rollup", args=[slug])
    return _form_page(
        request,
        title=f"Edit indicator: {indicator}"
        if indicator
        else "Add an outcome indicator",
        form=form,
        crumbs=_programme_crumbs(programme, ("Outcomes and contribution", rollup_url)),
        cancel=rollup_url,
    )


@login_required
def contribution_rollup(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    return render(
        request,
        T + "contribution_rollup.html",
        {
            "programme": programme,
            "access": access,
            "rows": selectors.contribution_rollup(programme),
            "status_labels": [
                label
                for _, label in ContributionClaim._meta.get_field("status").choices
            ],
            "contribution_labels": [
                label
                for _, label in ContributionClaim._meta.get_field(
                    "contribution"
                ).choices
            ],
        },
    )


# --- Themes -----------------------------------------------------------------------------


@login_required
def theme_list(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    nodes = selectors.theme_tree(programme, access)
    roles = selectors.roles_in(nodes)
    return render(
        request,
        T + "theme_list.html",
        {
            "programme": programme,
            "access": access,
            "rows": [
                (node, [node.counts.get(value, 0) for value, _ in roles])
                for node in nodes
            ],
            "roles": roles,
        },
    )


@login_required
def theme_detail(request, slug, pk):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    theme = get_object_or_404(
        Theme.objects.select_related("parent"), pk=pk, programme=programme
    )
    services.audit_record(
        programme=programme,
        user=request.user,
        action=AuditAction.VIEWED,
        subject=f"Quotes of theme “{theme.name}”",
    )
    return render(
        request,
        T + "theme_detail.html",
        {
            "programme": programme,
            "access": access,
            "theme": theme,
            "children": theme.children.all(),
            "groups": selectors.theme_quotes_by_role(theme, access),
        },
    )


@login_required
def theme_edit(request, slug, pk=None):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    theme = get_object_or_404(Theme, pk=pk, programme=programme) if pk else None
    form = ThemeForm(
        request.POST or None,
        instance=theme,
        programme=programme,
        initial={"parent": request.GET.get("parent")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_save(
                programme=programme, data=form.cleaned_data, theme=theme
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Theme “{theme}” saved.")
            return redirect("evaluation:theme_list", slug=slug)
    themes_url = reverse("evaluation:theme_list", args=[slug])
    return _form_page(
        request,
        title=f"Edit theme: {theme}" if theme else "Add a theme",
        form=form,
        crumbs=_programme_crumbs(programme, ("Themes", themes_url)),
        cancel=themes_url,
    )


# --- Evaluation stages and member checking ------------------------------------------


@login_required
def evaluation_stage_list(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    stages = selectors.programme_stages(programme)
    rates = selectors.response_rates(stages)
    return render(
        request,
        T + "stage_list.html",
        {
            "programme": programme,
            "access": access,
            "stages": [
                (
                    stage,
                    rates.get(stage.pk, []),
                    selectors.stage_totals(rates.get(stage.pk, [])),
                )
                for stage in stages
            ],
        },
    )


@login_required
def evaluation_stage_edit(request, slug, pk=None):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    stage = (
        get_object_or_404(EvaluationStage, pk=pk, programme=programme) if pk else None
    )
    form = StageForm(request.POST or None, instance=stage, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            stage = services.stage_save(
                programme=programme, data=data, themes=themes, stage=stage
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Stage “{stage}” saved.")
            return redirect(
                "evaluation:evaluation_stage_detail", slug=slug, pk=stage.pk
            )
    stages_url = reverse("evaluation:evaluation_stage_list", args=[slug])
    return _form_page(
        request,
        title=f"Edit stage: {stage}" if stage else "Add an evaluation stage",
        form=form,
        crumbs=_programme_crumbs(programme, ("Evaluation stages", stages_url)),
        cancel=stages_url,
    )


def _stage_context(request, programme, access, stage, invite_form, new_link=None):
    rates = selectors.response_rates([stage]).get(stage.pk, [])
    return render(
        request,
        T + "stage_detail.html",
        {
            "programme": programme,
            "access": access,
            "stage": stage,
            "rates": rates,
            "total": selectors.stage_totals(rates),
            "invitations": selectors.stage_invitations(stage),
            "reviews": selectors.stage_reviews(stage)
            if stage.is_member_checking
            else [],
            "invite_form": invite_form,
            "new_link": new_link,
            "verdicts": ReviewVerdict.choices,
        },
    )


@login_required
def evaluation_stage_detail(request, slug, pk):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    stage = get_object_or_404(
        EvaluationStage.objects.prefetch_related("themes"), pk=pk, programme=programme
    )
    form = InvitationForm(programme=programme) if access.can_edit_evaluation else None
    return _stage_context(request, programme, access, stage, form)


@login_required
@require_POST
def invitation_create(request, slug, pk):
    programme, access = get_evaluation_programme_for_user(
        request.user, slug, write=True
    )
    stage = get_object_or_404(EvaluationStage, pk=pk, programme=programme)
    form = InvitationForm(request.POST, programme=programme)
    if form.is_valid():
        data = form.cleaned_data
        try:
            count = 1 if data["stakeholder"] else data["number"]
            for _ in range(count):
                services.invitation_create(
                    stage=stage,
                    stakeholder=data["stakeholder"],
                    role_category=data["role_category"],
                    took_part=data["took_part"],
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Invitation recorded.")
            return redirect("evaluation:evaluation_stage_detail", slug=slug, pk=pk)
    return _stage_context(request, programme, access, stage, form)


def _invitation(programme, pk):
    return get_object_or_404(
        Invitation.objects.select_related("stage", "stakeholder"),
        pk=pk,
        stage__programme=programme,
    )


@login_required
@require_POST
def invitation_link(request, slug, pk):
    """Issue a new personal review link and show it once."""
    programme, access = get_evaluation_programme_for_user(
        request.user, slug, write=True
    )
    invitation = _invitation(programme, pk)
    try:
        token = services.invitation_link_issue(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(
            "evaluation:evaluation_stage_detail", slug=slug, pk=invitation.stage_id
        )
    link = request.build_absolute_uri(reverse("evaluation:member_review", args=[token]))
    form = InvitationForm(programme=programme)
    return _stage_context(
        request, programme, access, invitation.stage, form, (invitation, link)
    )


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    invitation = _invitation(programme, pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, "The review link no longer works.")
    return redirect(
        "evaluation:evaluation_stage_detail", slug=slug, pk=invitation.stage_id
    )


@login_required
@require_POST
def invitation_took_part(request, slug, pk):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    invitation = _invitation(programme, pk)
    services.invitation_took_part_set(
        invitation=invitation, took_part=request.POST.get("took_part") == "yes"
    )
    messages.success(request, "Participation updated.")
    return redirect(
        "evaluation:evaluation_stage_detail", slug=slug, pk=invitation.stage_id
    )


LINK_PROBLEMS = {
    "unknown": (
        404,
        "This link does not work",
        "Please check you copied the whole link. If it still does not work, ask "
        "the person who sent it for a new one.",
    ),
    "expired": (
        410,
        "This link has expired",
        "The review has closed, or the link is older than it may be. Thank you for "
        "your interest; if you would still like to comment, ask the evaluation team "
        "for a new link.",
    ),
    "revoked": (
        410,
        "This link has been switched off",
        "The evaluation team has replaced or withdrawn this link. Ask them for a new "
        "one if you would like to take part.",
    ),
}


def member_review(request, token):
    """Public page: a respondent without an account reviews the draft themes."""
    invitation, state = services.invitation_for_token(token)
    if state != "active":
        status, heading, text = LINK_PROBLEMS.get(state, LINK_PROBLEMS["unknown"])
        return render(
            request,
            T + "review_problem.html",
            {"heading": heading, "text": text},
            status=status,
        )
    stage = invitation.stage
    themes = list(stage.themes.all())
    existing = {r.theme_id: r for r in invitation.reviews.all()}
    data = request.POST if request.method == "POST" else None
    forms = [
        (
            theme,
            ThemeReviewForm(
                data,
                prefix=f"theme-{theme.pk}",
                initial={
                    "verdict": existing[theme.pk].verdict,
                    "comment": existing[theme.pk].comment,
                }
                if theme.pk in existing
                else None,
            ),
        )
        for theme in themes
    ]
    general = GeneralCommentForm(
        data, initial={"general_comment": invitation.general_comment}
    )
    if data is not None and all(f.is_valid() for _, f in forms) and general.is_valid():
        try:
            services.review_submit(
                invitation=invitation,
                answers={
                    theme.pk: (f.cleaned_data["verdict"], f.cleaned_data["comment"])
                    for theme, f in forms
                },
                general_comment=general.cleaned_data["general_comment"],
            )
        except ValidationError as error:
            general.add_error(None, error.messages)
        else:
            return render(
                request,
                T + "review_thanks.html",
                {"stage": stage, "token": token},
            )
    return render(
        request,
        T + "review.html",
        {
            "stage": stage,
            "programme": stage.programme,
            "forms": forms,
            "general": general,
            "error_count": sum(len(f.errors) for _, f in forms) + len(general.errors),
            "answered": bool(existing),
        },
    )


# --- Consent and audit --------------------------------------------------------------


@login_required
def consent_list(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    return render(
        request,
        T + "consent_list.html",
        {
            "programme": programme,
            "access": access,
            "records": selectors.consent_records(programme),
        },
    )


@login_required
def consent_create(request, slug):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    form = ConsentForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record_create(
                programme=programme, data=form.cleaned_data, user=request.user
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                "Consent recorded. Any of this person's quotes that were more open "
                "have been made to match it.",
            )
            return redirect("evaluation:consent_list", slug=slug)
    consent_url = reverse("evaluation:consent_list", args=[slug])
    return _form_page(
        request,
        title="Record consent",
        form=form,
        crumbs=_programme_crumbs(programme, ("Consent", consent_url)),
        cancel=consent_url,
    )


@login_required
def audit_log(request, slug):
    programme, access = get_evaluation_programme_for_user(
        request.user, slug, write=True
    )
    page = Paginator(selectors.audit_events(programme), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        T + "audit_log.html",
        {"programme": programme, "access": access, "page": page},
    )


# --- Exports ------------------------------------------------------------------------


def _download(content, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


EXPORTS = {
    "quotes": (exports.quotes_csv, "quotes.csv", "text/csv; charset=utf-8"),
    "observations": (
        exports.observations_csv,
        "factor-observations.csv",
        "text/csv; charset=utf-8",
    ),
    "contribution": (
        exports.claims_csv,
        "contribution-claims.csv",
        "text/csv; charset=utf-8",
    ),
    "qdpx": (exports.qdpx_bytes, "refi-qda.qdpx", "application/zip"),
}


def _recorded_download(request, programme, content, filename, content_type):
    services.audit_record(
        programme=programme,
        user=request.user,
        action=AuditAction.EXPORTED,
        subject=f"Export: {filename}",
    )
    return _download(content, f"{programme.slug}-{filename}", content_type)


def _export(request, slug, kind):
    programme, _ = get_evaluation_programme_for_user(request.user, slug)
    build, filename, content_type = EXPORTS[kind]
    return _recorded_download(
        request, programme, build(programme), filename, content_type
    )


@login_required
def export_quotes(request, slug):
    return _export(request, slug, "quotes")


@login_required
def export_observations(request, slug):
    return _export(request, slug, "observations")


@login_required
def export_contribution(request, slug):
    return _export(request, slug, "contribution")


@login_required
def export_qdpx(request, slug):
    return _export(request, slug, "qdpx")


@login_required
def export_workbook(request, slug):
    programme, _ = get_evaluation_programme_for_user(request.user, slug)
    content = workbook.programme_workbook(programme, exported_by=request.user)
    return _recorded_download(
        request, programme, content, "evaluation.xlsx", workbook.CONTENT_TYPE
    )


# --- Project evidence ----------------------------------------------------------------


@login_required
def project_evidence(request, slug):
    project, access = get_evidence_project_for_user(request.user, slug)
    observations = list(selectors.project_observations(project, access))
    by_stage = []
    for value, label in FactorObservation._meta.get_field("stage").choices:
        in_stage = [o for o in observations if o.stage == value]
        by_stage.append(
            (
                label,
                [o for o in in_stage if o.effect == "enabler"],
                [o for o in in_stage if o.effect == "barrier"],
            )
        )
    return render(
        request,
        T + "project_evidence.html",
        {
            "project": project,
            "access": access,
            "by_stage": by_stage,
            "unlinked": sum(1 for o in observations if o.factor_id is None),
            "claims": selectors.project_claims(project, access),
            "quote_count": selectors.project_quotes(project, access).count(),
            "document_count": Document.objects.filter(project=project).count(),
        },
    )


@login_required
def observation_edit(request, slug, pk=None):
    project, _ = get_evidence_project_for_user(request.user, slug, write=True)
    observation = (
        get_object_or_404(FactorObservation, pk=pk, project=project) if pk else None
    )
    quotes = Quote.objects.filter(project=project)
    form = ObservationForm(
        request.POST or None,
        instance=observation,
        project=project,
        quotes=quotes,
        initial={"edit_version": observation.edit_version} if observation else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        linked = {"quotes": data.pop("quotes"), "documents": data.pop("documents")}
        try:
            if observation:
                services.observation_update(
                    observation=observation,
                    data=data,
                    seen_version=data.pop("edit_version") or 0,
                    **linked,
                )
            else:
                services.observation_create(
                    project=project, data=data, user=request.user, **linked
                )
        except services.EditConflict:
            _conflict(request, form, FactorObservation.objects.get(pk=pk).edit_version)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Observation saved.")
            return redirect("evaluation:project_evidence", slug=slug)
    evidence_url = reverse("evaluation:project_evidence", args=[slug])
    return _form_page(
        request,
        title="Edit an enabler or barrier"
        if observation
        else "Add an enabler or barrier",
        form=form,
        crumbs=_project_crumbs(project),
        cancel=evidence_url,
        intro="Link what was noticed to a factor in the programme's catalogue, say how "
        "strongly it helped or hindered, and attach the quotes and documents that "
        "show it.",
    )


@login_required
def quote_list(request, slug):
    project, access = get_evidence_project_for_user(request.user, slug)
    quotes = selectors.project_quotes(project, access)
    role = request.GET.get("role", "")
    if role in RoleCategory.values:
        quotes = quotes.filter(role_category=role)
    page = Paginator(quotes, 50).get_page(request.GET.get("page"))
    services.audit_record(
        programme=project.programme,
        project=project,
        user=request.user,
        action=AuditAction.VIEWED,
        subject=f"Quotes of {project.title}",
    )
    return render(
        request,
        T + "quote_list.html",
        {
            "project": project,
            "access": access,
            "page": page,
            "role": role,
            "roles": RoleCategory.choices,
        },
    )


@login_required
def quote_edit(request, slug, pk=None):
    project, _ = get_evidence_project_for_user(request.user, slug, write=True)
    quote = get_object_or_404(Quote, pk=pk, project=project) if pk else None
    form = QuoteForm(
        request.POST or None,
        instance=quote,
        project=project,
        initial={"edit_version": quote.edit_version} if quote else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        extra = {
            "redaction_text": data.pop("redactions"),
            "themes": data.pop("themes"),
            "observations": data.pop("observations"),
            "user": request.user,
        }
        try:
            if quote:
                services.quote_update(
                    quote=quote,
                    data=data,
                    seen_version=data.pop("edit_version") or 0,
                    **extra,
                )
            else:
                services.quote_create(project=project, data=data, **extra)
        except services.EditConflict:
            _conflict(request, form, Quote.objects.get(pk=pk).edit_version)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Quote saved.")
            return redirect("evaluation:quote_list", slug=slug)
    elif quote:
        services.audit_record(
            programme=project.programme,
            project=project,
            user=request.user,
            action=AuditAction.VIEWED,
            subject=f"Quote {quote.pk} (unredacted, for editing)",
        )
    quotes_url = reverse("evaluation:quote_list", args=[slug])
    return _form_page(
        request,
        title="Edit a quote" if quote else "Add a quote",
        form=form,
        crumbs=_project_crumbs(project, ("Quotes", quotes_url)),
        cancel=quotes_url,
        preview=quote.shown_text() if quote else "",
    )


@login_required
def quote_delete(request, slug, pk):
    project, _ = get_evidence_project_for_user(request.user, slug, write=True)
    quote = get_object_or_404(Quote, pk=pk, project=project)
    if request.method == "POST":
        services.quote_delete(quote=quote, user=request.user)
        messages.success(request, "Quote deleted.")
        return redirect("evaluation:quote_list", slug=slug)
    return render(
        request,
        T + "confirm_delete.html",
        {
            "crumbs": _project_crumbs(
                project, ("Quotes", reverse("evaluation:quote_list", args=[slug]))
            ),
            "title": "Delete this quote?",
            "what": f"“{quote.shown_text()}” ({quote.attribution})",
            "cancel": reverse("evaluation:quote_list", args=[slug]),
        },
    )


@login_required
def document_list(request, slug):
    project, access = get_evidence_project_for_user(request.user, slug)
    return render(
        request,
        T + "document_list.html",
        {
            "project": project,
            "access": access,
            "documents": selectors.project_documents(project),
        },
    )


@login_required
def document_upload(request, slug):
    project, _ = get_evidence_project_for_user(request.user, slug, write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploaded = data.pop("file")
        try:
            document = services.document_upload(
                project=project, uploaded=uploaded, data=data, user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, f"“{document.title}” uploaded.")
            return redirect("evaluation:document_list", slug=slug)
    documents_url = reverse("evaluation:document_list", args=[slug])
    return _form_page(
        request,
        title="Upload a document",
        form=form,
        crumbs=_project_crumbs(project, ("Documents", documents_url)),
        cancel=documents_url,
        submit="Upload",
        multipart=True,
    )


@login_required
def document_download(request, slug, pk):
    """Files are served only here, after the permission check; never by URL."""
    project, _ = get_evidence_project_for_user(request.user, slug)
    document = get_object_or_404(Document, pk=pk, project=project)
    try:
        handle = document.file.open("rb")
    except OSError as error:
        raise Http404("The file is missing from storage.") from error
    services.audit_record(
        programme=project.programme,
        project=project,
        user=request.user,
        action=AuditAction.DOWNLOADED,
        subject=f"Document {document.pk}: {document.title}",
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
def document_delete(request, slug, pk):
    project, _ = get_evidence_project_for_user(request.user, slug, write=True)
    document = get_object_or_404(Document, pk=pk, project=project)
    documents_url = reverse("evaluation:document_list", args=[slug])
    if request.method == "POST":
        services.document_delete(document=document, user=request.user)
        messages.success(request, "Document deleted.")
        return redirect(documents_url)
    return render(
        request,
        T + "confirm_delete.html",
        {
            "crumbs": _project_crumbs(project, ("Documents", documents_url)),
            "title": "Delete this document?",
            "what": f"{document.title} ({document.original_name})",
            "cancel": documents_url,
        },
    )


@login_required
def claim_edit(request, slug, pk=None):
    project, access = get_evidence_project_for_user(request.user, slug, write=True)
    claim = get_object_or_404(ContributionClaim, pk=pk, project=project) if pk else None
    quotes = quotes_visible_with(access, Quote.objects.filter(project=project))
    form = ClaimForm(
        request.POST or None,
        instance=claim,
        project=project,
        quotes=quotes,
        initial={"edit_version": claim.edit_version}
        if claim
        else {"indicator": request.GET.get("indicator")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        linked = {"quotes": data.pop("quotes"), "documents": data.pop("documents")}
        try:
            if claim:
                services.claim_update(
                    claim=claim,
                    data=data,
                    seen_version=data.pop("edit_version") or 0,
                    **linked,
                )
            else:
                services.claim_create(
                    project=project, data=data, user=request.user, **linked
                )
        except services.EditConflict:
            _conflict(request, form, ContributionClaim.objects.get(pk=pk).edit_version)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Contribution claim saved.")
            return redirect("evaluation:project_evidence", slug=slug)
    return _form_page(
        request,
        title="Edit a contribution claim" if claim else "Add a contribution claim",
        form=form,
        crumbs=_project_crumbs(project),
        cancel=reverse("evaluation:project_evidence", args=[slug]),
        intro="For one outcome indicator: was it achieved, how much did the programme "
        "contribute, and what evidence shows it?",
    )
