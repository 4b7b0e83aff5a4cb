"""Writes for blind double coding: opening a round, a coder saving and submitting
their codes, closing coding, settling disagreements and finishing a round.

Settled (and agreed) codes become the quotes' own codes through the evidence
service ``quote_coding_set``, so the quotes' history records them.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.concurrency import EditConflict, versioned_update
from evaluation.coding import selectors
from evaluation.evidence.services import quote_coding_set
from evaluation.models import (
    Coder,
    CoderCode,
    CodingRound,
    CodingRoundStatus,
    CodingScope,
    CodingSettlement,
    Quote,
)
from projects.models import Programme

MIN_CODERS = 2
MAX_QUOTES = 400


def _check_round(programme: Programme, data: dict, themes, coders) -> None:
    if not themes:
        raise ValidationError({"themes": "Choose at least one theme to apply."})
    if any(t.programme_id != programme.pk for t in themes):
        raise ValidationError({"themes": "Choose themes of this programme."})
    if len({c.pk for c in coders}) < MIN_CODERS:
        raise ValidationError({"coders": "Choose at least two coders."})
    allowed = set(selectors.eligible_coders(programme).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in coders):
        raise ValidationError(
            {"coders": "Coders must be evaluators or facilitators of this programme."}
        )
    scope = data["scope"]
    project, stage = data.get("project"), data.get("stage")
    if scope == CodingScope.PROJECT:
        if project is None:
            raise ValidationError({"project": "Choose the project."})
        if project.programme_id != programme.pk:
            raise ValidationError({"project": "Choose a project of this programme."})
    if scope == CodingScope.STAGE:
        if stage is None:
            raise ValidationError({"stage": "Choose the evaluation stage."})
        if stage.programme_id != programme.pk:
            raise ValidationError({"stage": "Choose a stage of this programme."})
        if not (stage.starts_on or stage.ends_on):
            raise ValidationError(
                {"stage": "This stage has no dates, so its quotes cannot be found."}
            )


@transaction.atomic
def round_open(
    *, programme: Programme, data: dict, themes, coders, user=None
) -> CodingRound:
    """Open a coding round on a fixed set of quotes and assign its coders.

    ``data`` holds title, instructions, scope, project, stage, sample_size and seed.
    With a sample size, the quotes are drawn at random from the scope; the seed is
    kept (a new one is drawn when none is given) so the same sample can be drawn
    again. Coders are assigned in the order given.
    """
    themes, coders = list(themes), list(dict.fromkeys(coders))
    _check_round(programme, data, themes, coders)
    scope = data["scope"]
    candidates = selectors.scope_quotes(
        programme,
        scope=scope,
        themes=themes,
        project=data.get("project"),
        stage=data.get("stage"),
    ).values_list("pk", flat=True)
    size = data.get("sample_size") or None
    seed = data.get("seed")
    if size and seed is None:
        seed = secrets.randbelow(1_000_000)
    ids = selectors.sample_ids(candidates, size=size, seed=seed)
    if not ids:
        raise ValidationError({"scope": "No quotes match this choice."})
    if len(ids) > MAX_QUOTES:
        raise ValidationError(
            {
                "sample_size": f"{len(ids)} quotes match: draw a sample of at most "
                f"{MAX_QUOTES} for one round."
            }
        )
    coding_round = CodingRound.objects.create(
        programme=programme,
        title=data["title"],
        instructions=data.get("instructions", ""),
        scope=scope,
        project=data.get("project") if scope == CodingScope.PROJECT else None,
        stage=data.get("stage") if scope == CodingScope.STAGE else None,
        sample_size=size,
        seed=seed if size else None,
        opened_by=user,
    )
    coding_round.themes.set(themes)
    coding_round.quotes.set(ids)
    Coder.objects.bulk_create(
        Coder(round=coding_round, user=coder, position=n)
        for n, coder in enumerate(coders)
    )
    return coding_round


@transaction.atomic
def coder_codes_save(
    *,
    coder: Coder,
    codes: dict[int, list | None],
    seen_version: int | None,
    submit: bool = False,
) -> None:
    """Save one coder's codes, and with ``submit`` hand them in (they are then fixed).

    ``codes`` maps each quote id of the round to the themes applied (an empty list:
    none of the themes fits) or None (not coded yet: a missing code). Refused with
    ``EditConflict`` when the coder's codes were saved elsewhere (another tab) since
    the form was opened.
    """
    coding_round = coder.round
    if not coding_round.is_coding:
        raise ValidationError("Coding has closed for this round.")
    if coder.has_submitted:
        raise ValidationError("You have already submitted your codes.")
    quote_ids = set(coding_round.quotes.values_list("pk", flat=True))
    theme_ids = {t.pk: t for t in coding_round.themes.all()}
    if set(codes) - quote_ids:
        raise ValidationError("One of the quotes is not part of this round.")
    for applied in codes.values():
        if applied and any(t.pk not in theme_ids for t in applied):
            raise ValidationError("Choose themes of this round.")
    coded = {pk: applied for pk, applied in codes.items() if applied is not None}
    if submit and not coded:
        raise ValidationError("Code at least one quote before submitting.")
    versioned_update(
        coder,
        seen_version=seen_version,
        submitted_at=timezone.now() if submit else None,
    )
    CoderCode.objects.filter(coder=coder).delete()
    rows = CoderCode.objects.bulk_create(
        CoderCode(coder=coder, quote_id=pk) for pk in sorted(coded)
    )
    through = CoderCode.themes.through
    through.objects.bulk_create(
        through(codercode_id=row.pk, theme_id=theme.pk)
        for row in rows
        for theme in coded[row.quote_id]
    )
    if submit and not coding_round.coders.filter(submitted_at__isnull=True).exists():
        _close(coding_round)


def _close(coding_round: CodingRound) -> None:
    coding_round.status = CodingRoundStatus.SETTLING
    coding_round.coding_closed_at = timezone.now()
    coding_round.save(update_fields=["status", "coding_closed_at"])


@transaction.atomic
def round_coding_close(*, coding_round: CodingRound, user=None) -> None:
    """Stop coding before everyone has submitted: drafts of coders who did not
    submit are left out of the agreement. Needs two submitted coders."""
    locked = CodingRound.objects.select_for_update().get(pk=coding_round.pk)
    if not locked.is_coding:
        raise ValidationError("Coding has already closed for this round.")
    if locked.coders.filter(submitted_at__isnull=False).count() < MIN_CODERS:
        raise ValidationError(
            "At least two coders must submit their codes before coding can close."
        )
    _close(locked)
    coding_round.status, coding_round.coding_closed_at = (
        locked.status,
        locked.coding_closed_at,
    )


def _apply(quote: Quote, coding_round: CodingRound, theme_ids) -> None:
    """The quote's codes become its codes outside the round's themes plus these."""
    round_ids = {t.pk for t in coding_round.themes.all()}
    kept = [t for t in quote.themes.all() if t.pk not in round_ids]
    chosen = [t for t in coding_round.themes.all() if t.pk in theme_ids]
    quote_coding_set(quote=quote, themes=kept + chosen)


@transaction.atomic
def settlement_record(
    *,
    coding_round: CodingRound,
    quote: Quote,
    themes,
    reason: str,
    user=None,
    seen_settlement: int | None = None,
) -> CodingSettlement:
    """Settle a disagreement on one quote: the codes agreed, by whom and why.

    The settled codes become the quote's codes at once. ``seen_settlement`` is the
    id of the newest settlement the form showed (0 for none): when someone settled
    the quote since, the form is refused with ``EditConflict``.
    """
    locked = CodingRound.objects.select_for_update().get(pk=coding_round.pk)
    if locked.status != CodingRoundStatus.SETTLING:
        raise ValidationError("Disagreements are settled after coding closes.")
    if not locked.quotes.filter(pk=quote.pk).exists():
        raise ValidationError("This quote is not part of the round.")
    allowed = {t.pk for t in locked.themes.all()}
    themes = list(themes)
    if any(t.pk not in allowed for t in themes):
        raise ValidationError({"themes": "Choose themes of this round."})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say briefly why these codes were agreed."})
    newest = (
        CodingSettlement.objects.filter(round=locked, quote=quote)
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    if seen_settlement is not None and (newest or 0) != seen_settlement:
        raise EditConflict
    settlement = CodingSettlement.objects.create(
        round=locked, quote=quote, reason=reason[:2000], settled_by=user
    )
    settlement.themes.set(themes)
    _apply(quote, locked, {t.pk for t in themes})
    return settlement


@transaction.atomic
def round_finish(*, coding_round: CodingRound, seen_version: int | None, user=None):
    """Finish a round once every disagreement is settled: quotes all coders coded
    alike take those codes (settled ones already have theirs), and the agreement
    figures are shown to every programme member."""
    if coding_round.status != CodingRoundStatus.SETTLING:
        raise ValidationError("Only a round whose coding has closed can be finished.")
    data = selectors.round_data(coding_round)
    open_ones = [d for d in selectors.disagreements(data) if not d.settled]
    if open_ones:
        raise ValidationError(
            f"{len(open_ones)} disagreement{'s' if len(open_ones) != 1 else ''} "
            "still to settle."
        )
    versioned_update(
        coding_round,
        seen_version=seen_version,
        status=CodingRoundStatus.FINISHED,
        finished_at=timezone.now(),
        finished_by=user,
    )
    agreed = selectors.agreed_codes(data)
    quotes = (
        Quote.objects.filter(pk__in=list(agreed))
        .select_related("project__programme")
        .prefetch_related("themes")
    )
    for quote in quotes:
        if quote.pk in data.settlements:
            continue
        _apply(quote, coding_round, agreed[quote.pk])
