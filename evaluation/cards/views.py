"""Printing QR cards for a scoring round or a member-checking stage."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from coproduce.forms import apply_errors
from evaluation.cards import services
from evaluation.cards.access import get_round_for_cards, get_stage_for_cards
from evaluation.cards.forms import CardsForm

T = "evaluation/cards/"


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # it holds working personal links
    return response


def _round_links(scoring_round):
    """Links still in use whose person has not sent their answers."""
    return (
        scoring_round.invitations.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .exclude(response__submitted_at__isnull=False)
        .select_related("stakeholder")
        .order_by("label", "pk")
    )


@login_required
def round_cards(request, slug, number):
    scoring_round, _ = get_round_for_cards(request.user, slug, number)
    links = _round_links(scoring_round)
    form = CardsForm(
        request.POST or None,
        links=links,
        label_for=lambda inv: (
            f"{inv.label} ({inv.get_role_category_display()})"
            + (" · emailed" if inv.emailed_at else "")
        ),
        # Emailed links are left unticked: a card would stop the emailed link.
        initial={"links": [inv for inv in links if not inv.emailed_at]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cards = services.round_cards_issue(
                scoring_round=scoring_round,
                links=data["links"],
                count=data.get("count") or 0,
                role_category=data.get("role_category") or "",
                by=request.user,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("evaluation:score_start", args=[token])
                ),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            title = f"Scoring cards: round {scoring_round.number}"
            return _pdf_response(
                services.cards_pdf(cards=cards, title=title),
                f"{scoring_round.project.slug}-round-{scoring_round.number}-cards.pdf",
            )
    return render(
        request,
        T + "cards_form.html",
        {
            "form": form,
            "heading": f"Print QR cards for round {scoring_round.number}",
            "back": reverse("evaluation:round_detail", args=[slug, number]),
            "back_label": f"Round {scoring_round.number}",
            "parent": scoring_round.project.title,
            "parent_url": scoring_round.project.get_absolute_url(),
            "closed": not scoring_round.is_open,
        },
    )


@login_required
def stage_cards(request, slug, pk):
    stage, programme, _ = get_stage_for_cards(request.user, slug, pk)
    links = stage.invitations.filter(responded_at__isnull=True).select_related(
        "stakeholder"
    )
    form = CardsForm(
        request.POST or None,
        links=links,
        label_for=lambda inv: str(
            inv.stakeholder.display_name
            if inv.stakeholder
            else inv.get_role_category_display()
        ),
        allow_extra=False,
        initial={"links": list(links)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            cards = services.stage_cards_issue(
                stage=stage,
                links=form.cleaned_data["links"],
                by=request.user,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("evaluation:member_review", args=[token])
                ),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _pdf_response(
                services.cards_pdf(cards=cards, title=f"Review cards: {stage.name}"),
                f"{programme.slug}-review-{stage.pk}-cards.pdf",
            )
    return render(
        request,
        T + "cards_form.html",
        {
            "form": form,
            "heading": f"Print QR cards for {stage.name}",
            "back": reverse("evaluation:evaluation_stage_detail", args=[slug, pk]),
            "back_label": stage.name,
            "parent": programme.name,
            "parent_url": programme.get_absolute_url(),
            "closed": False,
        },
    )
