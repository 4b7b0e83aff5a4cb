"""Coding round pages: the list, opening a round, the round page, coding, agreement,
the disagreements to settle, settling one, closing coding and finishing.

Every page gets the round through ``get_round_for_user`` with what it needs, so the
blind rule is enforced here and not only left out of templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coproduce.concurrency import EditConflict, conflict_show, current_version
from coproduce.forms import apply_errors
from evaluation.coding import charts, selectors, services
from evaluation.coding.access import (
    get_coding_programme_for_user,
    get_round_for_user,
    may_run_rounds,
    may_see_agreement,
)
from evaluation.coding.forms import CodingForm, RoundForm, SettlementForm
from evaluation.evidence.views.common import form_page, programme_crumbs
from evaluation.models import CodingSettlement, Quote

TEMPLATES = "evaluation/coding/"


def _crumbs(programme, *extra):
    return programme_crumbs(
        programme,
        ("Themes", reverse("evaluation:theme_list", args=[programme.slug])),
        *extra,
    )


def _rounds_crumb(programme):
    return (
        "Coding rounds",
        reverse("evaluation:coding_round_list", args=[programme.slug]),
    )


def _round_crumbs(coding_round, programme):
    return _crumbs(
        programme,
        _rounds_crumb(programme),
        (
            coding_round.title,
            reverse(
                "evaluation:coding_round_detail", args=[programme.slug, coding_round.pk]
            ),
        ),
    )


def _to_round(coding_round):
    return redirect(
        "evaluation:coding_round_detail",
        slug=coding_round.programme.slug,
        pk=coding_round.pk,
    )


@login_required
def coding_round_list(request, slug):
    programme, access = get_coding_programme_for_user(request.user, slug)
    return render(
        request,
        TEMPLATES + "round_list.html",
        {
            "programme": programme,
            "crumbs": _crumbs(programme),
            "rows": selectors.rounds_for(programme, request.user, access),
            "may_open": may_run_rounds(access),
        },
    )


@login_required
def coding_round_create(request, slug):
    programme, _ = get_coding_programme_for_user(request.user, slug, manage=True)
    form = RoundForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in {"themes", "coders"}
        }
        try:
            coding_round = services.round_open(
                programme=programme,
                data=data,
                themes=form.cleaned_data["themes"],
                coders=form.cleaned_data["coders"],
                user=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Coding round opened with {coding_round.quotes.count()} quotes.",
            )
            return _to_round(coding_round)
    cancel = reverse("evaluation:coding_round_list", args=[slug])
    return form_page(
        request,
        title="Open a coding round",
        intro="Choose the quotes, the themes to apply and two or more coders. Each "
        "coder codes every quote on their own; nobody sees another coder's codes or "
        "any agreement figure until they have submitted their own.",
        form=form,
        crumbs=_crumbs(programme, _rounds_crumb(programme)),
        submit="Open the round",
        cancel=cancel,
    )


def _given(data, coder, quote):
    """(coder, theme names, not coded) for one coder's codes on one quote."""
    codes = data.codes[coder.pk].get(quote.pk)
    return coder, data.theme_names(codes or ()), codes is None


def _code_table(data):
    return [
        (
            quote,
            [_given(data, coder, quote) for coder in data.submitted],
            data.settlements.get(quote.pk),
        )
        for quote in data.quotes
    ]


@login_required
def coding_round_detail(request, slug, pk):
    coding_round, programme, seen = get_round_for_user(request.user, slug, pk)
    show_agreement = may_see_agreement(coding_round, seen)
    data = selectors.round_data(coding_round, with_codes=show_agreement)
    context = {
        "programme": programme,
        "round": coding_round,
        "seen": seen,
        "data": data,
        "crumbs": _crumbs(programme, _rounds_crumb(programme)),
        "result": selectors.round_agreement(data) if show_agreement else None,
    }
    # Finished rounds: readers see the figures, not each coder's codes.
    if seen.may_see_codes:
        context["table"] = _code_table(data)
        context["open_disagreements"] = sum(
            1 for d in selectors.disagreements(data) if not d.settled
        )
    return render(request, TEMPLATES + "round_detail.html", context)


@login_required
def coding_round_code(request, slug, pk):
    coding_round, programme, seen = get_round_for_user(
        request.user, slug, pk, need="code"
    )
    coder = seen.coder
    data = selectors.round_data(coding_round, with_codes=False)
    saved = selectors.own_codes(coder)
    form = CodingForm(
        request.POST or None,
        quotes=data.quotes,
        themes=data.themes,
        initial={
            **CodingForm.initial_for(data.quotes, saved),
            "edit_version": coder.edit_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.coder_codes_save(
                coder=coder,
                codes=form.codes(),
                seen_version=form.cleaned_data.get("edit_version"),
                submit=submit,
            )
        except EditConflict:
            conflict_show(request, form, current_version(coder))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if submit:
                messages.success(
                    request,
                    "Your codes are submitted. You can now see the other coders' "
                    "submitted codes and the agreement.",
                )
                return _to_round(coding_round)
            messages.success(request, "Your codes are saved. Submit them when done.")
            return redirect(
                "evaluation:coding_round_code", slug=slug, pk=coding_round.pk
            )
    coded = sum(1 for v in saved.values() if v is not None)
    return render(
        request,
        TEMPLATES + "round_code.html",
        {
            "programme": programme,
            "round": coding_round,
            "form": form,
            "crumbs": _round_crumbs(coding_round, programme),
            "coded": coded,
            "total": len(data.quotes),
        },
    )


@login_required
def coding_round_agreement(request, slug, pk):
    coding_round, programme, seen = get_round_for_user(
        request.user, slug, pk, need="agreement"
    )
    data = selectors.round_data(coding_round)
    result = selectors.round_agreement(data)
    return render(
        request,
        TEMPLATES + "round_agreement.html",
        {
            "programme": programme,
            "round": coding_round,
            "seen": seen,
            "result": result,
            "chart": charts.agreement_svg(result, title=coding_round.title),
            "crumbs": _round_crumbs(coding_round, programme),
        },
    )


@login_required
def coding_round_disagreements(request, slug, pk):
    coding_round, programme, seen = get_round_for_user(
        request.user, slug, pk, need="codes"
    )
    data = selectors.round_data(coding_round)
    found = selectors.disagreements(data)
    return render(
        request,
        TEMPLATES + "round_disagreements.html",
        {
            "programme": programme,
            "round": coding_round,
            "seen": seen,
            "data": data,
            "rows": [
                (d, [_given(data, coder, d.quote) for coder, _ in d.given])
                for d in found
            ],
            "left": sum(1 for d in found if not d.settled),
            "crumbs": _round_crumbs(coding_round, programme),
        },
    )


@login_required
def coding_round_settle(request, slug, pk, quote_pk):
    coding_round, programme, seen = get_round_for_user(
        request.user, slug, pk, need="settle"
    )
    quote = get_object_or_404(
        Quote.objects.select_related("project__programme").prefetch_related("themes"),
        pk=quote_pk,
        coding_rounds=coding_round,
    )
    themes = list(coding_round.themes.all())
    newest = (
        CodingSettlement.objects.filter(round=coding_round, quote=quote)
        .prefetch_related("themes")
        .order_by("-id")
        .first()
    )
    form = SettlementForm(
        request.POST or None,
        themes=themes,
        initial={
            "seen_settlement": newest.pk if newest else 0,
            "themes": [str(t.pk) for t in newest.themes.all()] if newest else [],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settlement_record(
                coding_round=coding_round,
                quote=quote,
                themes=form.chosen_themes(),
                reason=form.cleaned_data["reason"],
                user=request.user,
                seen_settlement=form.cleaned_data.get("seen_settlement"),
            )
        except EditConflict:
            form.data = form.data.copy()
            form.data["seen_settlement"] = newest.pk if newest else 0
            messages.error(
                request,
                "Someone else settled this quote while you were deciding, so yours "
                "was not saved. Check what they chose, then save again if needed.",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Quote {quote.pk} settled.")
            return redirect(
                "evaluation:coding_round_disagreements", slug=slug, pk=coding_round.pk
            )
    data = selectors.round_data(coding_round)
    given = [_given(data, coder, quote) for coder in data.submitted]
    back = reverse("evaluation:coding_round_disagreements", args=[slug, pk])
    return render(
        request,
        TEMPLATES + "round_settle.html",
        {
            "programme": programme,
            "round": coding_round,
            "quote": quote,
            "given": given,
            "newest": newest,
            "form": form,
            "crumbs": _round_crumbs(coding_round, programme)
            + [("Disagreements", back)],
            "cancel": back,
        },
    )


@login_required
@require_POST
def coding_round_close(request, slug, pk):
    coding_round, _, _ = get_round_for_user(request.user, slug, pk, need="manage")
    try:
        services.round_coding_close(coding_round=coding_round, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Coding closed. The disagreements can be settled.")
    return _to_round(coding_round)


@login_required
@require_POST
def coding_round_finish(request, slug, pk):
    coding_round, _, _ = get_round_for_user(request.user, slug, pk, need="settle")
    try:
        version = int(request.POST.get("edit_version", ""))
    except ValueError:
        version = None
    try:
        services.round_finish(
            coding_round=coding_round, seen_version=version, user=request.user
        )
    except EditConflict:
        messages.error(
            request, "Someone else changed this round just now. Check it and try again."
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "Round finished. The agreed and settled codes are now the quotes' codes.",
        )
    return _to_round(coding_round)
