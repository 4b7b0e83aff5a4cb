"""Pages for matrix frameworks, scoring rounds, results and participant links."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coproduce import disclosure, history
from coproduce.concurrency import (
    EditConflict,
    conflict_notice,
    conflict_show,
    current_version,
)
from coproduce.forms import apply_errors as _apply_errors
from coproduce.middleware import participant_page
from evaluation.mail import selectors as mail_selectors
from evaluation.mail import services as mail_services
from evaluation.matrix import charts, exports, selectors, services
from evaluation.matrix.access import (
    can_respond,
    get_framework_for_user,
    get_framework_programme_for_user,
    get_invitation_for_token,
    get_programme_framework,
    get_round_for_user,
    get_round_link_for_user,
)
from evaluation.matrix.forms import (
    DONT_KNOW,
    FrameworkCopyForm,
    FrameworkEditForm,
    FrameworkTextsForm,
    LinksAddForm,
    MemberResponseForm,
    RenewForm,
    RoundCloseForm,
    RoundClosingDateForm,
    RoundOpenForm,
    RoundReopenForm,
    StepForm,
    member_default_role,
)
from evaluation.matrix.frameworks import SHIPPED
from evaluation.participants.texts import level_texts, question_texts
from evaluation.participants.views import participant_render, reading_start
from projects import selectors as project_selectors
from projects.access import get_project_for_user, programmes_visible_to
from projects.communication.selectors import sending_notes
from projects.memo import remembered, remembered_html
from projects.models import DiamondStage
from projects.selectors import project_people

T = "evaluation/matrix/"


# --- Frameworks ----------------------------------------------------------------------


@login_required
def scoring_home(request):
    """Top-level entry: the programmes the user can see, with their scores and
    frameworks."""
    return render(
        request,
        T + "scoring_home.html",
        {"programmes": programmes_visible_to(request.user).order_by("name")},
    )


def _framework_copy(request, programme, form):
    """Copy the chosen framework into the programme: the redirect, or None with the
    refusal on the form."""
    kind, _, key = form.cleaned_data["source"].partition(":")
    source = get_programme_framework(programme, key) if kind == "framework" else None
    try:
        framework = services.framework_copy(
            programme=programme,
            author=request.user,
            source_key=key if kind == "shipped" else "",
            source=source,
            name=form.cleaned_data["name"],
        )
    except ValidationError as error:
        _apply_errors(form, error)
        return None
    messages.success(request, f"“{framework}” added to the programme.")
    return redirect("evaluation:framework_detail", slug=programme.slug, pk=framework.pk)


@login_required
def framework_list(request, slug):
    programme, access = get_framework_programme_for_user(request.user, slug)
    frameworks = selectors.programme_frameworks(programme)
    form = FrameworkCopyForm(
        request.POST or None, shipped=SHIPPED, frameworks=frameworks
    )
    if request.method == "POST":
        if not access.can_edit_evaluation:
            raise PermissionDenied(
                "Only facilitators and evaluators can add frameworks."
            )
        if form.is_valid() and (done := _framework_copy(request, programme, form)):
            return done
    return render(
        request,
        T + "framework_list.html",
        {
            "programme": programme,
            "access": access,
            "frameworks": frameworks,
            "shipped": SHIPPED,
            "form": form,
        },
    )


@login_required
def framework_detail(request, slug, pk, number=None):
    framework, access = get_framework_for_user(request.user, slug, pk)
    versions = list(selectors.framework_versions(framework))
    if not versions:
        raise Http404("This framework has no versions.")
    version = versions[0]
    if number is not None:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            raise Http404("No such version.")
    levels, rows = selectors.version_matrix(version)
    return render(
        request,
        T + "framework_detail.html",
        {
            "programme": framework.programme,
            "framework": framework,
            "access": access,
            "version": version,
            "is_latest": version.pk == versions[0].pk,
            "versions": versions,
            "levels": levels,
            "rows": rows,
        },
    )


def _framework_saved(request, form, pk) -> list[dict]:
    """The conflict notice for a stale framework save: the name, description and
    change note saved instead."""
    saved = selectors.framework_saved(pk)
    theirs = selectors.framework_latest(saved)
    return conflict_notice(
        request,
        form,
        saved,
        extra=[
            ("Description", theirs.description),
            (form["change_note"].label, theirs.change_note),
        ],
    )


def _framework_saved_message(version, latest) -> str:
    if version.number == latest.number:
        return "Framework saved."
    return (
        f"Saved as version {version.number}. Rounds already scored keep "
        f"version {latest.number}."
    )


@login_required
def framework_edit(request, slug, pk):
    framework, access = get_framework_for_user(request.user, slug, pk, write=True)
    latest = selectors.framework_latest(framework)
    spec = selectors.version_spec(latest)
    form = FrameworkEditForm(
        request.POST or None,
        spec=spec,
        initial={"edit_version": framework.edit_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            version = services.framework_version_save(
                framework=framework,
                spec=form.cleaned_data["spec"],
                author=request.user,
                change_note=form.cleaned_data["change_note"],
                seen_edit_version=form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            conflict = _framework_saved(request, form, pk)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _framework_saved_message(version, latest))
            return redirect("evaluation:framework_detail", slug=slug, pk=pk)
    return render(
        request,
        T + "framework_edit.html",
        {
            "programme": framework.programme,
            "framework": framework,
            "latest": latest,
            "used": selectors.version_in_use(latest),
            "form": form,
            "conflict": conflict,
        },
    )


@login_required
def framework_texts(request, slug, pk):
    """The Welsh and easy-read texts of the latest version, for participant pages."""
    framework, access = get_framework_for_user(request.user, slug, pk, write=True)
    latest = selectors.framework_latest(framework)
    levels, rows = selectors.version_matrix(latest)
    form = FrameworkTextsForm(
        request.POST or None,
        levels=levels,
        rows=rows,
        initial={"edit_version": framework.edit_version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.framework_texts_save(
                framework=framework,
                version=latest,
                texts=form.texts(),
                seen_edit_version=form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            conflict_show(request, form, current_version(framework))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"Welsh and easy-read texts saved ({changed} part(s) changed)."
            )
            return redirect("evaluation:framework_detail", slug=slug, pk=pk)
    return render(
        request,
        T + "framework_texts.html",
        {
            "programme": framework.programme,
            "framework": framework,
            "latest": latest,
            "form": form,
        },
    )


@login_required
def programme_scoring(request, slug):
    programme, access = get_framework_programme_for_user(request.user, slug)
    sort = request.GET.get("sort", "distance")
    if sort not in selectors.PROGRAMME_SORTS:
        sort = "distance"
    projects = project_selectors.programme_projects(request.user, programme)
    query = urlencode({"sort": sort})

    def table() -> str:
        page = selectors.latest_rounds_page(
            projects, sort=sort, page=request.GET.get("page")
        )
        return render_to_string(
            T + "_programme_scoring_table.html",
            {"programme": programme, "page": page, "query": query},
        )

    return render(
        request,
        T + "programme_scoring.html",
        {
            "programme": programme,
            "access": access,
            # Kept as the HTML it makes until the programme changes.
            "table": remembered(
                "programme-scores",
                table,
                programme_id=programme.pk,
                user=request.user,
                parts=[sort, request.GET.get("page")],
            ),
            "sort": sort,
            "sorts": [
                ("distance", "Distance to target (furthest first)"),
                ("gap", "Perception gap (largest first)"),
                ("at_target", "Dimensions at target (most first)"),
                ("date", "Date of latest round"),
                ("project", "Project name"),
            ],
        },
    )


# --- Rounds --------------------------------------------------------------------------


@login_required
def round_list(request, slug):
    project, access = get_project_for_user(request.user, slug)
    trends = selectors.project_trend(project)
    return render(
        request,
        T + "round_list.html",
        {
            "project": project,
            "access": access,
            "rounds": selectors.project_rounds(project),
            "trends": [
                (trend, charts.trend_svg(trend, ident=f"trend-{trend.framework.pk}"))
                for trend in trends
            ],
            "min_group": disclosure.min_group(),
        },
    )


def _link_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("evaluation:score_start", args=[token]))


def _links_page(request, scoring_round, pairs, *, emailed: int, heading: str):
    response = render(
        request,
        T + "links_created.html",
        {
            "project": scoring_round.project,
            "round": scoring_round,
            "links": [(inv, _link_url(request, token)) for inv, token in pairs],
            "emailed": emailed,
            "heading": heading,
            "sending_notes": sending_notes(inv.stakeholder for inv, _t in pairs),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _links_made(request, scoring_round, pairs, *, send_email: bool, heading: str):
    """The page of new personal links, after emailing them when asked."""
    emailed = 0
    if send_email:
        emailed = mail_services.round_invitations_email(
            pairs=pairs,
            link_for=lambda t: _link_url(request, t),
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
    return _links_page(request, scoring_round, pairs, emailed=emailed, heading=heading)


def _round_opened(request, project, form):
    """Open the round from the valid form: the next page, or None with the refusal
    on the form."""
    data = form.cleaned_data
    try:
        scoring_round, pairs = services.round_open(
            project=project,
            version=data["version"],
            held_on=data["held_on"],
            stage=data["stage"],
            message=data["message"],
            author=request.user,
            stakeholders=data["invitees"],
            link_days=data["link_days"],
            closes_on=data["closes_on"],
        )
    except ValidationError as error:
        _apply_errors(form, error)
        return None
    messages.success(request, f"Round {scoring_round.number} is open.")
    if not pairs:
        return redirect(
            "evaluation:round_detail", slug=project.slug, number=scoring_round.number
        )
    return _links_made(
        request,
        scoring_round,
        pairs,
        send_email=data["send_email"],
        heading=f"Round {scoring_round.number} is open: personal links",
    )


@login_required
def round_open(request, slug):
    project, access = get_project_for_user(request.user, slug, evaluation=True)
    versions = selectors.latest_versions(project.programme)
    current = getattr(project, "current_stage", "") or DiamondStage.DISCOVER
    form = RoundOpenForm(
        request.POST or None,
        versions=versions,
        people=project_people(project),
        initial={"held_on": timezone.localdate(), "stage": current},
    )
    if request.method == "POST" and form.is_valid():
        if done := _round_opened(request, project, form):
            return done
    return render(
        request,
        T + "round_form.html",
        {
            "project": project,
            "form": form,
            "no_frameworks": not versions.exists(),
        },
    )


def _round_page(request, scoring_round, access, *, close_form=None):
    """The results page; the close form comes back bound when it had errors."""

    def context() -> dict:
        results = selectors.round_results(scoring_round)
        return {
            "project": scoring_round.project,
            "round": scoring_round,
            "access": access,
            "results": results,
            "history": selectors.round_history(scoring_round),
            "mail_summary": mail_selectors.round_mail_summary(scoring_round)
            if access.can_edit_evaluation
            else None,
            "close_form": close_form or RoundCloseForm(),
            "can_respond": scoring_round.is_open and can_respond(access),
            "has_response": selectors.has_member_response(scoring_round, request.user),
            "dotplot": charts.round_dotplot_svg(results),
            "heatmap": charts.round_heatmap_svg(results),
            "disclosure": disclosure.explanation(),
            "min_group": disclosure.min_group(),
        }

    # Remembered until anything in the programme changes; a refused close is shown
    # afresh with its message (projects/memo.py).
    body = remembered_html(
        request,
        "round-results",
        T + "_round_detail_body.html",
        context,
        programme_id=scoring_round.project.programme_id,
        fresh=close_form is not None,
    )
    return render(
        request,
        T + "round_detail.html",
        {"project": scoring_round.project, "round": scoring_round, "body": body},
    )


@login_required
def round_detail(request, slug, number):
    scoring_round, access = get_round_for_user(request.user, slug, number)
    return _round_page(request, scoring_round, access)


def _links_list(request, scoring_round, access, form, closing_form=None):
    return render(
        request,
        T + "round_links.html",
        {
            "project": scoring_round.project,
            "round": scoring_round,
            "access": access,
            "links": selectors.round_invitations_shown(
                scoring_round, user=request.user, access=access
            ),
            "form": form,
            "renew_form": RenewForm(),
            "closing_form": closing_form
            or RoundClosingDateForm(instance=scoring_round),
        },
    )


@login_required
@require_POST
def round_closing_date(request, slug, number):
    """Set the day the round's links stop; links already sent are cut to it."""
    scoring_round, access = get_round_for_user(request.user, slug, number, write=True)
    closing_form = RoundClosingDateForm(request.POST, instance=scoring_round)
    if closing_form.is_valid():
        closes_on = closing_form.cleaned_data["closes_on"]
        try:
            cut = services.round_closing_date_set(
                scoring_round=scoring_round, closes_on=closes_on
            )
        except ValidationError as error:
            _apply_errors(closing_form, error)
        else:
            if closes_on is None:
                messages.success(request, "Links now run until their own expiry.")
            else:
                messages.success(
                    request,
                    f"Links stop working after {closes_on:%-d %B %Y}"
                    + (
                        f"; {cut} link(s) sent earlier now stop then too."
                        if cut
                        else "."
                    ),
                )
            return redirect("evaluation:round_links", slug=slug, number=number)
    scoring_round.refresh_from_db()
    form = LinksAddForm(people=selectors.round_people_not_invited(scoring_round))
    return _links_list(request, scoring_round, access, form, closing_form)


@login_required
def round_links(request, slug, number):
    scoring_round, access = get_round_for_user(request.user, slug, number, write=True)
    form = LinksAddForm(
        request.POST or None, people=selectors.round_people_not_invited(scoring_round)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pairs = services.invitations_create(
                scoring_round=scoring_round,
                stakeholders=data["invitees"],
                role_category=data["role_category"],
                count=data["count"] or 0,
                label=data["label"],
                days=data["link_days"],
                by=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _links_made(
                request,
                scoring_round,
                pairs,
                send_email=data["send_email"],
                heading="New links",
            )
    return _links_list(request, scoring_round, access, form)


@login_required
@require_POST
def round_link_revoke(request, slug, number, pk):
    invitation, _ = get_round_link_for_user(request.user, slug, number, pk, write=True)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"The link for {invitation.label} no longer works.")
    return redirect("evaluation:round_links", slug=slug, number=number)


@login_required
@require_POST
def round_link_renew(request, slug, number, pk):
    invitation, scoring_round = get_round_link_for_user(
        request.user, slug, number, pk, write=True
    )
    form = RenewForm(request.POST)
    days = form.cleaned_data["link_days"] if form.is_valid() else None
    try:
        token = services.invitation_renew(
            invitation=invitation,
            days=days or services.DEFAULT_LINK_DAYS,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:round_links", slug=slug, number=number)
    return _links_made(
        request,
        scoring_round,
        [(invitation, token)],
        send_email=form.is_valid() and form.cleaned_data["send_email"],
        heading=f"New link for {invitation.label}",
    )


@login_required
@require_POST
def round_close(request, slug, number):
    scoring_round, access = get_round_for_user(request.user, slug, number, write=True)
    form = RoundCloseForm(request.POST)
    if not form.is_valid():
        return _round_page(request, scoring_round, access, close_form=form)
    try:
        services.round_close(
            scoring_round=scoring_round,
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Round {number} is closed. Its answers can no longer change."
        )
    return redirect("evaluation:round_detail", slug=slug, number=number)


@login_required
def round_reopen(request, slug, number):
    """Reopen a closed round, with the reason on record."""
    scoring_round, _ = get_round_for_user(request.user, slug, number, write=True)
    if request.method != "POST" and scoring_round.is_open:
        messages.info(
            request, f"Round {number} is open, so there is nothing to reopen."
        )
        return redirect("evaluation:round_detail", slug=slug, number=number)
    form = RoundReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_reopen(
                scoring_round=scoring_round,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Round {number} is open again. Links that have not expired or been "
                "withdrawn work again; make a new link for anyone whose link has "
                "expired.",
            )
            return redirect("evaluation:round_detail", slug=slug, number=number)
    return render(
        request,
        T + "round_reopen.html",
        {
            "project": scoring_round.project,
            "round": scoring_round,
            "links": selectors.round_link_counts(scoring_round),
            "history": selectors.round_history(scoring_round),
            "form": form,
        },
    )


def _answer_initial(score) -> dict:
    """A saved answer as the form shows it (None: not answered yet)."""
    if score is None:
        return {}
    return {
        "answer": str(score.level_id) if score.level_id else DONT_KNOW,
        "comment": score.comment,
    }


def _member_initial(response, scores, access) -> dict:
    """A member's saved scores (or their default group) for the whole-matrix form."""
    role = response.role_category if response else member_default_role(access.role)
    initial = {"role_category": role}
    for dimension_id, score in scores.items():
        for name, value in _answer_initial(score).items():
            initial[f"{name}_{dimension_id}"] = value
    return initial


@login_required
def round_respond(request, slug, number):
    scoring_round, access = get_round_for_user(request.user, slug, number)
    if not can_respond(access):
        raise PermissionDenied("Your role cannot score this project.")
    if not scoring_round.is_open:
        messages.error(request, "This round has closed; answers can no longer change.")
        return redirect("evaluation:round_detail", slug=slug, number=number)
    levels, rows = selectors.version_matrix(scoring_round.version)
    response, scores = selectors.member_response(scoring_round, request.user)
    initial = _member_initial(response, scores, access)
    form = MemberResponseForm(
        request.POST or None, levels=levels, rows=rows, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_response_save(
                scoring_round=scoring_round,
                user=request.user,
                role_category=form.cleaned_data["role_category"],
                answers=form.answers(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Your scores are saved. Thank you.")
            return redirect("evaluation:round_detail", slug=slug, number=number)
    return render(
        request,
        T + "round_respond.html",
        {
            "project": scoring_round.project,
            "round": scoring_round,
            "levels": levels,
            "form": form,
            "editing": response is not None,
        },
    )


@login_required
def round_export(request, slug, number):
    scoring_round, _ = get_round_for_user(request.user, slug, number)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = exports.round_csv_filename(scoring_round)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    exports.round_csv_write(response, scoring_round)
    history.read_record(
        instance=scoring_round, action=history.Action.EXPORTED, note=filename
    )
    return response


# --- Participant links (no sign-in) --------------------------------------------------


def _participant(request, token):
    """(invitation, reading, None) for a working link, else (None, reading, the page
    to show). The reading is the person's language and format."""
    invitation = get_invitation_for_token(token)
    reading = reading_start(request, invitation.stakeholder if invitation else None)
    if invitation is None:
        page = participant_render(
            request, T + "link_unavailable.html", reading=reading, status=404
        )
        return None, reading, page
    if not invitation.round.is_open:
        page = participant_render(
            request, T + "round_closed.html", reading=reading, status=410
        )
        return None, reading, page
    return invitation, reading, None


def _steps(invitation):
    levels, rows = selectors.version_matrix(invitation.round.version)
    return levels, rows


@participant_page
@never_cache
def score_start(request, token):
    invitation, reading, refusal = _participant(request, token)
    if refusal:
        return refusal
    levels, rows = _steps(invitation)
    response, scores = selectors.link_response(invitation)
    return participant_render(
        request,
        T + "score_start.html",
        {
            "token": token,
            "round": invitation.round,
            "levels": level_texts(levels, reading),
            "question_count": len(rows),
            "response": response,
            "answered": len(scores),
            "expires_at": invitation.expires_at,
        },
        reading=reading,
    )


def _answer_save(invitation, row, form) -> bool:
    """Save one step's answer; False with the refusal on the form."""
    try:
        services.link_answer_save(
            invitation=invitation,
            dimension=row.dimension,
            level=form.level,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        _apply_errors(form, error)
        return False
    return True


def _options(form, texts, reading) -> list[dict]:
    """The answer choices with their texts in the reader's language (and, in easy
    read, a picture of the step on the scale)."""
    total = len(form.levels)
    options = []
    for option in form.options:
        option = dict(option)
        if not option["level"]:
            option["picture"] = static("img/easyread/question.svg")
            option["picture_alt"] = gettext("A question mark")
        else:
            option.update(texts["levels"][option["level"].pk])
            number = option["level"].number
            # Pictures are drawn for scales of two to six steps.
            if reading.easy_read and 2 <= total <= 6:
                option["picture"] = static(f"img/easyread/step-{number}-of-{total}.svg")
                option["picture_alt"] = gettext("Step %(number)s of %(total)s") % {
                    "number": number,
                    "total": total,
                }
        options.append(option)
    return options


@participant_page
@never_cache
def score_step(request, token, step):
    invitation, reading, refusal = _participant(request, token)
    if refusal:
        return refusal
    levels, rows = _steps(invitation)
    if not 1 <= step <= len(rows):
        return participant_render(
            request, T + "link_unavailable.html", reading=reading, status=404
        )
    row = rows[step - 1]
    _, scores = selectors.link_response(invitation)
    score = scores.get(row.dimension.pk)
    form = StepForm(
        request.POST or None,
        levels=levels,
        cells=row.cells,
        initial=_answer_initial(score),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _answer_save(invitation, row, form)
    ):
        if step < len(rows) and "to_check" not in request.POST:
            return redirect("evaluation:score_step", token=token, step=step + 1)
        return redirect("evaluation:score_check", token=token)
    texts = question_texts(row.dimension, levels, row.descriptors, reading)
    return participant_render(
        request,
        T + "score_step.html",
        {
            "token": token,
            "step": step,
            "total": len(rows),
            "dimension": row.dimension,
            "texts": texts,
            "options": _options(form, texts, reading),
            "form": form,
            "selected": form["answer"].value(),
            "answered_before": score is not None,
        },
        reading=reading,
    )


@participant_page
@never_cache
def score_check(request, token):
    invitation, reading, refusal = _participant(request, token)
    if refusal:
        return refusal
    levels, rows = _steps(invitation)
    response, scores = selectors.link_response(invitation)
    error = ""
    if request.method == "POST":
        try:
            services.link_response_submit(invitation=invitation)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            return redirect("evaluation:score_start", token=token)
    answers = []
    for step, row in enumerate(rows, start=1):
        score = scores.get(row.dimension.pk)
        texts = question_texts(row.dimension, levels, row.descriptors, reading)
        answers.append(
            {
                "step": step,
                "dimension": row.dimension,
                "name": texts["name"],
                "answered": score is not None,
                "level": texts["levels"][score.level_id]
                if score and score.level_id
                else None,
                "comment": score.comment if score else "",
            }
        )
    return participant_render(
        request,
        T + "score_check.html",
        {
            "token": token,
            "answers": answers,
            "response": response,
            "error": error,
            "page_has_errors": bool(error),
            "missing": sum(1 for a in answers if not a["answered"]),
        },
        reading=reading,
        status=400 if error else 200,
    )
