"""Email pages: one-click unsubscribe (no sign-in), the account's email choices,
and "Try again" for messages that could not be sent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coproduce.middleware import participant_page
from evaluation.evidence.access import get_evaluation_stage_for_user
from evaluation.mail import selectors, services
from evaluation.mail.forms import MailPreferencesForm
from evaluation.matrix.access import get_round_for_user
from evaluation.models import MailKind
from evaluation.participants.views import reading_start

T = "evaluation/mail/"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@csrf_exempt  # RFC 8058: mail programs post here with no page, so no CSRF token
@participant_page
def unsubscribe(request, token):
    """GET: a page asking to confirm. POST (the button, or a mail program's
    one-click ``List-Unsubscribe=One-Click``): stop this kind of email."""
    found = services.unsubscribe_read(token)
    reading = reading_start(request, found[2] if found else None)
    if found is None:
        response = render(
            request, T + "unsubscribe_unknown.html", {"reading": reading}, status=404
        )
        response["Cache-Control"] = "no-store"
        return response
    kind, user, stakeholder = found
    done = False
    if request.method == "POST":
        kinds = MailKind.values if request.POST.get("all") == "yes" else [kind]
        for one in kinds:
            services.opt_out_set(
                kind=one, wanted=False, user=user, stakeholder=stakeholder
            )
        done = True
    response = render(
        request,
        T + "unsubscribe.html",
        {
            "reading": reading,
            "kind_label": MailKind(kind).label.lower(),
            "done": done,
            "all": request.POST.get("all") == "yes",
            "for_account": user is not None,
        },
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def preferences(request):
    """Which kinds of email this account gets."""
    opted_out = selectors.opted_out_kinds(user=request.user)
    form = MailPreferencesForm(request.POST or None, opted_out=opted_out)
    if request.method == "POST" and form.is_valid():
        for kind, wanted in form.cleaned_data.items():
            services.opt_out_set(kind=kind, wanted=wanted, user=request.user)
        messages.success(request, "Your email choices are saved.")
        return redirect("evaluation:mail_preferences")
    return render(request, T + "preferences.html", {"form": form})


@login_required
@require_POST
def round_mail_retry(request, slug, number):
    scoring_round, _ = get_round_for_user(request.user, slug, number, write=True)
    count = services.messages_retry(
        messages=selectors.round_mail_problems(scoring_round)
    )
    messages.success(
        request, f"Trying again to send {count} email{'s' * (count != 1)}."
    )
    return redirect("evaluation:round_detail", slug=slug, number=number)


@login_required
@require_POST
def stage_mail_send(request, slug, pk):
    """Email a fresh review link to everyone invited who has an address."""
    stage, _, _ = get_evaluation_stage_for_user(request.user, slug, pk, write=True)
    if not stage.is_member_checking:
        messages.error(request, "Review links are for member-checking stages only.")
        return redirect("evaluation:evaluation_stage_detail", slug=slug, pk=pk)
    try:
        queued, skipped = services.review_invitations_email(
            stage=stage, by=request.user, base_url=_base_url(request)
        )
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        note = f"{queued} review link{'s' * (queued != 1)} will be emailed shortly."
        if skipped:
            note += (
                f" {skipped} invited {'person has' if skipped == 1 else 'people have'}"
                " no email address or asked not to get these emails."
            )
        messages.success(request, note)
    return redirect("evaluation:evaluation_stage_detail", slug=slug, pk=pk)


@login_required
@require_POST
def stage_mail_retry(request, slug, pk):
    stage, _, _ = get_evaluation_stage_for_user(request.user, slug, pk, write=True)
    count = services.messages_retry(messages=selectors.stage_mail_problems(stage))
    messages.success(
        request, f"Trying again to send {count} email{'s' * (count != 1)}."
    )
    return redirect("evaluation:evaluation_stage_detail", slug=slug, pk=pk)
