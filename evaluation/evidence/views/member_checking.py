"""Evaluation stages, their invitations and response rates, and member checking: the
public page where a respondent with a personal link reviews the draft themes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coproduce import disclosure
from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from coproduce.middleware import participant_page
from evaluation.evidence import selectors, services
from evaluation.evidence.access import (
    get_evaluation_programme_for_user,
    get_evaluation_stage_for_user,
    get_invitation_count_for_user,
    get_invitation_for_user,
)
from evaluation.evidence.forms import (
    GeneralCommentForm,
    InvitationCountForm,
    InvitationForm,
    StageForm,
    ThemeReviewForm,
)
from evaluation.evidence.views.common import (
    confirm_delete_page,
    form_page,
    programme_crumbs,
)
from evaluation.mail.selectors import stage_mail_summary
from evaluation.models import InvitationCount, ReviewVerdict
from evaluation.participants.texts import theme_texts
from evaluation.participants.views import participant_render, reading_start
from projects.communication.selectors import sending_notes

R = "evaluation/evidence/"


@login_required
def evaluation_stage_list(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    stages = selectors.programme_stages(programme)
    rates = selectors.response_rates(stages)
    return render(
        request,
        "evaluation/evidence/stage_list.html",
        {
            "programme": programme,
            "access": access,
            "disclosure": disclosure.explanation(),
            "stages": [
                (
                    stage,
                    rates.get(stage.pk, []),
                    selectors.stage_totals(rates.get(stage.pk, [])),
                    selectors.stated_total_notes(stage, rates.get(stage.pk, [])),
                )
                for stage in stages
            ],
        },
    )


@login_required
def evaluation_stage_edit(request, slug, pk=None):
    if pk:
        stage, programme, _ = get_evaluation_stage_for_user(
            request.user, slug, pk, write=True
        )
    else:
        stage = None
        programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    form = StageForm(request.POST or None, instance=stage, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            stage = services.stage_save(
                programme=programme, data=data, themes=themes, stage=stage
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Stage “{stage}” saved.")
            return redirect(
                "evaluation:evaluation_stage_detail", slug=slug, pk=stage.pk
            )
    stages_url = reverse("evaluation:evaluation_stage_list", args=[slug])
    return form_page(
        request,
        title=f"Edit stage: {stage}" if stage else "Add an evaluation stage",
        form=form,
        crumbs=programme_crumbs(programme, ("Evaluation stages", stages_url)),
        cancel=stages_url,
    )


def _stage_page(request, programme, access, stage, invite_form, new_link=None):
    rates = selectors.response_rates([stage]).get(stage.pk, [])
    invitations, others = selectors.stage_invitations_named(
        stage, user=request.user, access=access
    )
    return render(
        request,
        "evaluation/evidence/stage_detail.html",
        {
            "programme": programme,
            "access": access,
            "stage": stage,
            "rates": rates,
            "total": selectors.stage_totals(rates),
            "stated_notes": selectors.stated_total_notes(stage, rates),
            "counts": list(stage.invitation_counts.all()),
            "invitations": invitations,
            "others": others,
            "disclosure": disclosure.explanation(),
            "min_group": disclosure.min_group(),
            "reviews": selectors.stage_reviews(stage)
            if stage.is_member_checking
            else [],
            "invite_form": invite_form,
            "new_link": new_link,
            "new_link_notes": sending_notes([new_link[0].stakeholder])
            if new_link
            else [],
            "verdicts": ReviewVerdict.choices,
            "mail_summary": stage_mail_summary(stage)
            if access.can_edit_evaluation and stage.is_member_checking
            else None,
        },
    )


@login_required
def evaluation_stage_detail(request, slug, pk):
    stage, programme, access = get_evaluation_stage_for_user(request.user, slug, pk)
    form = InvitationForm(programme=programme) if access.can_edit_evaluation else None
    return _stage_page(request, programme, access, stage, form)


@login_required
@require_POST
def invitation_create(request, slug, pk):
    stage, programme, access = get_evaluation_stage_for_user(
        request.user, slug, pk, write=True
    )
    form = InvitationForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            services.invitations_create(stage=stage, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Invitation recorded.")
            return redirect("evaluation:evaluation_stage_detail", slug=slug, pk=pk)
    return _stage_page(request, programme, access, stage, form)


@login_required
@require_POST
def invitation_link(request, slug, pk):
    """Issue a new personal review link and show it once."""
    invitation, programme, access = get_invitation_for_user(
        request.user, slug, pk, write=True
    )
    try:
        token = services.invitation_link_issue(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(
            "evaluation:evaluation_stage_detail", slug=slug, pk=invitation.stage_id
        )
    link = request.build_absolute_uri(reverse("evaluation:member_review", args=[token]))
    form = InvitationForm(programme=programme)
    return _stage_page(
        request, programme, access, invitation.stage, form, (invitation, link)
    )


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    invitation, _, _ = get_invitation_for_user(request.user, slug, pk, write=True)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, "The review link no longer works.")
    return redirect(
        "evaluation:evaluation_stage_detail", slug=slug, pk=invitation.stage_id
    )


@login_required
@require_POST
def invitation_took_part(request, slug, pk):
    invitation, _, _ = get_invitation_for_user(request.user, slug, pk, write=True)
    services.invitation_took_part_set(
        invitation=invitation, took_part=request.POST.get("took_part") == "yes"
    )
    messages.success(request, "Participation updated.")
    return redirect(
        "evaluation:evaluation_stage_detail", slug=slug, pk=invitation.stage_id
    )


def _stage_crumbs(programme, stage):
    return programme_crumbs(
        programme,
        (
            "Evaluation stages",
            reverse("evaluation:evaluation_stage_list", args=[programme.slug]),
        ),
        (
            stage.name,
            reverse(
                "evaluation:evaluation_stage_detail", args=[programme.slug, stage.pk]
            ),
        ),
    )


def _count_form_page(request, programme, stage, form, count=None, conflict=()):
    return form_page(
        request,
        title=f"Change the figures: {count.shown_label}"
        if count
        else f"Add published figures to {stage.name}",
        form=form,
        crumbs=_stage_crumbs(programme, stage),
        cancel=reverse(
            "evaluation:evaluation_stage_detail", args=[programme.slug, stage.pk]
        ),
        conflict=conflict,
    )


@login_required
def invitation_count_create(request, slug, pk):
    """Record a stage's published figures for one group."""
    stage, programme, _ = get_evaluation_stage_for_user(
        request.user, slug, pk, write=True
    )
    form = InvitationCountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.invitation_count_create(
                stage=stage, data=form.service_data(), user=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Figures for “{count.shown_label}” saved.")
            return redirect("evaluation:evaluation_stage_detail", slug=slug, pk=pk)
    return _count_form_page(request, programme, stage, form)


@login_required
def invitation_count_edit(request, slug, pk):
    count, programme, _ = get_invitation_count_for_user(
        request.user, slug, pk, write=True
    )
    form = InvitationCountForm(request.POST or None, instance=count)
    conflict = ()
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_count_update(
                count=count,
                data=form.service_data(),
                seen_version=form.cleaned_data["edit_version"],
            )
        except EditConflict:
            saved = InvitationCount.objects.get(pk=count.pk)
            conflict = conflict_notice(request, form, saved)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Figures for “{count.shown_label}” saved.")
            return redirect(
                "evaluation:evaluation_stage_detail", slug=slug, pk=count.stage_id
            )
    return _count_form_page(request, programme, count.stage, form, count, conflict)


@login_required
def invitation_count_delete(request, slug, pk):
    count, programme, _ = get_invitation_count_for_user(
        request.user, slug, pk, write=True
    )
    back = reverse("evaluation:evaluation_stage_detail", args=[slug, count.stage_id])
    if request.method == "POST":
        services.invitation_count_delete(count=count)
        messages.success(request, "Figures removed.")
        return redirect(back)
    return confirm_delete_page(
        request,
        crumbs=_stage_crumbs(programme, count.stage),
        title="Remove these figures?",
        what=f"{count.shown_label}: {count.took_part} of {count.invited} took part",
        cancel=back,
    )


LINK_PROBLEMS = {
    "unknown": (
        404,
        _("This link does not work"),
        _(
            "Please check you copied the whole link. If it still does not work, ask "
            "the person who sent it for a new one."
        ),
    ),
    "expired": (
        410,
        _("This link has expired"),
        _(
            "The review has closed, or the link is older than it may be. Thank you "
            "for your interest; if you would still like to comment, ask the "
            "evaluation team for a new link."
        ),
    ),
    "revoked": (
        410,
        _("This link has been switched off"),
        _(
            "The evaluation team has replaced or withdrawn this link. Ask them for a "
            "new one if you would like to take part."
        ),
    ),
}


def _review_forms(invitation, themes, data):
    """One verdict form per draft theme (filled with earlier answers), and the
    general comment form."""
    existing = {r.theme_id: r for r in invitation.reviews.all()}
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
    return forms, general, bool(existing)


def _review_submitted(invitation, answers, general) -> bool:
    """Save valid answers; False (with the errors on the form) otherwise."""
    if not general.is_valid():
        return False
    try:
        services.review_submit(
            invitation=invitation,
            answers=answers,
            general_comment=general.cleaned_data["general_comment"],
        )
    except ValidationError as error:
        general.add_error(None, error.messages)
        return False
    return True


def _reviewer(request, token):
    """(invitation, reading, None) for a working link, else (None, reading, the page
    explaining what is wrong with it)."""
    invitation, state = services.invitation_for_token(token)
    reading = reading_start(request, invitation.stakeholder if invitation else None)
    if state == "active":
        return invitation, reading, None
    status, heading, text = LINK_PROBLEMS.get(state, LINK_PROBLEMS["unknown"])
    page = participant_render(
        request,
        R + "review_problem.html",
        {"heading": heading, "text": text, "state": state},
        reading=reading,
        status=status,
    )
    return None, reading, page


def _thanks(request, invitation, token, reading):
    request.session.pop(_draft_key(invitation), None)
    return participant_render(
        request,
        R + "review_thanks.html",
        {"stage": invitation.stage, "token": token},
        reading=reading,
    )


@participant_page
def member_review(request, token):
    """Public page: a respondent without an account reviews the draft themes (all
    on one page; the easy-read version starts the one-theme-a-screen steps)."""
    invitation, reading, refusal = _reviewer(request, token)
    if refusal:
        return refusal
    stage = invitation.stage
    data = request.POST if request.method == "POST" else None
    themes = list(stage.themes.all())
    forms, general, answered = _review_forms(invitation, themes, data)
    if data is not None and all(f.is_valid() for _, f in forms):
        answers = {
            theme.pk: (f.cleaned_data["verdict"], f.cleaned_data["comment"])
            for theme, f in forms
        }
        if _review_submitted(invitation, answers, general):
            return _thanks(request, invitation, token, reading)
    return participant_render(
        request,
        R + "review.html",
        {
            "token": token,
            "stage": stage,
            "programme": stage.programme,
            "items": [(t, theme_texts(t, reading), f) for t, f in forms],
            "general": general,
            "error_count": sum(len(f.errors) for _, f in forms) + len(general.errors),
            "answered": answered,
        },
        reading=reading,
    )


def _draft_key(invitation) -> str:
    return f"review-draft-{invitation.pk}"


def _draft(request, invitation) -> dict:
    """Answers given on the one-theme-a-screen steps and not sent yet, by theme id
    (kept in the session until sent), over the answers sent before."""
    answers = {r.theme_id: [r.verdict, r.comment] for r in invitation.reviews.all()}
    saved = request.session.get(_draft_key(invitation), {})
    answers.update({int(k): v for k, v in saved.items()})
    return answers


def _easy_reviewer(request, token):
    """As _reviewer, for the easy-read steps: the standard version has them all on
    one page, so someone who switched back is sent there."""
    invitation, reading, refusal = _reviewer(request, token)
    if refusal is None and not reading.easy_read:
        refusal = redirect("evaluation:member_review", token=token)
    return invitation, reading, refusal


@participant_page
def review_step(request, token, step):
    """Easy read: one draft theme on each screen; answers are kept until sent."""
    invitation, reading, refusal = _easy_reviewer(request, token)
    if refusal:
        return refusal
    themes = list(invitation.stage.themes.all())
    if not 1 <= step <= len(themes):
        return redirect("evaluation:member_review", token=token)
    theme = themes[step - 1]
    draft = _draft(request, invitation)
    verdict, comment = draft.get(theme.pk, ["", ""])
    form = ThemeReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"verdict": verdict, "comment": comment},
        verdict_required=True,
    )
    if request.method == "POST" and form.is_valid():
        saved = request.session.get(_draft_key(invitation), {})
        saved[str(theme.pk)] = [
            form.cleaned_data["verdict"],
            form.cleaned_data["comment"],
        ]
        request.session[_draft_key(invitation)] = saved
        if step < len(themes):
            return redirect("evaluation:review_step", token=token, step=step + 1)
        return redirect("evaluation:review_send", token=token)
    return participant_render(
        request,
        R + "review_step.html",
        {
            "token": token,
            "step": step,
            "total": len(themes),
            "theme": theme,
            "texts": theme_texts(theme, reading),
            "form": form,
        },
        reading=reading,
    )


@participant_page
def review_send(request, token):
    """Easy read: the last screen, with anything else to say, sends the answers."""
    invitation, reading, refusal = _easy_reviewer(request, token)
    if refusal:
        return refusal
    themes = list(invitation.stage.themes.all())
    draft = _draft(request, invitation)
    general = GeneralCommentForm(
        request.POST if request.method == "POST" else None,
        initial={"general_comment": invitation.general_comment},
    )
    if request.method == "POST":
        answers = {t.pk: tuple(draft[t.pk]) for t in themes if t.pk in draft}
        if _review_submitted(invitation, answers, general):
            return _thanks(request, invitation, token, reading)
    verdicts = dict(ReviewVerdict.choices)
    return participant_render(
        request,
        R + "review_send.html",
        {
            "token": token,
            "general": general,
            "answers": [
                (
                    step,
                    theme_texts(theme, reading),
                    verdicts.get(draft.get(theme.pk, [""])[0], ""),
                )
                for step, theme in enumerate(themes, start=1)
            ],
        },
        reading=reading,
    )
