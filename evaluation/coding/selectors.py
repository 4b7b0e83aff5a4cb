"""Reads for coding rounds: the quotes a round may cover, everything a round page
needs in a fixed number of queries, agreement per theme and overall, and the
disagreements left to settle. Pages, the programme report and the REFI-QDA export
read rounds the same way."""

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from evaluation.coding import agreement as ag
from evaluation.coding.access import may_run_rounds
from evaluation.models import (
    Coder,
    CoderCode,
    CodingRound,
    CodingRoundStatus,
    CodingScope,
    CodingSettlement,
    EvaluationStage,
    Quote,
    Theme,
)
from projects.access import Access
from projects.models import (
    AccessRole,
    Programme,
    ProgrammeMembership,
    ProjectMembership,
)


def coder_label(user) -> str:
    return user.get_full_name() or user.username


def eligible_coders(programme: Programme):
    """Programme members who may code: its evaluators and facilitators, and
    evaluators of any of its projects (1 query)."""
    roles = [AccessRole.EVALUATOR, AccessRole.FACILITATOR]
    return (
        get_user_model()
        .objects.filter(
            Q(
                pk__in=ProgrammeMembership.objects.filter(
                    programme=programme, role__in=roles
                ).values("user_id")
            )
            | Q(
                pk__in=ProjectMembership.objects.filter(
                    project__programme=programme, role=AccessRole.EVALUATOR
                ).values("user_id")
            ),
            is_active=True,
        )
        .order_by("first_name", "last_name", "username")
    )


def scope_quotes(
    programme: Programme,
    *,
    scope: str,
    themes=(),
    project=None,
    stage: EvaluationStage | None = None,
) -> QuerySet[Quote]:
    """The quotes a round of this scope would cover, before any sampling."""
    quotes = Quote.objects.filter(project__programme=programme)
    if scope == CodingScope.THEMES:
        quotes = quotes.filter(themes__in=list(themes)).distinct()
    elif scope == CodingScope.PROJECT:
        quotes = quotes.filter(project=project)
    elif scope == CodingScope.STAGE:
        if stage.starts_on:
            quotes = quotes.filter(said_on__gte=stage.starts_on)
        if stage.ends_on:
            quotes = quotes.filter(said_on__lte=stage.ends_on)
    return quotes


def sample_ids(ids, *, size: int | None, seed: int | None) -> list[int]:
    """A reproducible random sample of quote ids: the same ids, size and seed always
    give the same sample (ids are sorted first, so database order does not matter)."""
    ordered = sorted(set(ids))
    if not size or size >= len(ordered):
        return ordered
    return sorted(random.Random(seed).sample(ordered, size))


def rounds_for(programme: Programme, user, access: Access) -> list[dict]:
    """The rounds this user may see, with coder counts (2 queries).

    Evaluators see every round; coders see their own rounds; everyone sees
    finished ones."""
    rounds = CodingRound.objects.filter(programme=programme).annotate(
        n_quotes=Count("quotes", distinct=True),
        n_coders=Count("coders", distinct=True),
        n_submitted=Count(
            "coders", filter=Q(coders__submitted_at__isnull=False), distinct=True
        ),
    )
    if not may_run_rounds(access):
        rounds = rounds.filter(
            Q(status=CodingRoundStatus.FINISHED) | Q(coders__user=user)
        ).distinct()
    mine = set(
        Coder.objects.filter(round__programme=programme, user=user).values_list(
            "round_id", "submitted_at"
        )
    )
    places = {round_id: submitted for round_id, submitted in mine}
    return [
        {
            "round": r,
            "is_coder": r.pk in places,
            "submitted": places.get(r.pk) is not None,
        }
        for r in rounds
    ]


# --- One round -------------------------------------------------------------------------


@dataclass
class RoundData:
    """A round read in full: quotes, themes, coders and their codes, settlements."""

    round: CodingRound
    quotes: list[Quote]
    themes: list[Theme]
    coders: list[Coder]
    # coder id -> quote id -> theme ids (a missing quote: not coded)
    codes: dict[int, dict[int, frozenset[int]]] = field(default_factory=dict)
    settlements: dict[int, CodingSettlement] = field(default_factory=dict)

    @property
    def submitted(self) -> list[Coder]:
        return [c for c in self.coders if c.has_submitted]

    def theme_names(self, ids) -> list[str]:
        return [t.name for t in self.themes if t.pk in ids]


def round_data(coding_round: CodingRound, *, with_codes: bool = True) -> RoundData:
    """Everything about a round, in 6 queries whatever its size (coders, themes,
    quotes, codes, the codes' themes, settlements with their themes).

    ``with_codes`` False leaves the codes out (for people who may not see them).
    """
    coders = list(coding_round.coders.select_related("user"))
    themes = list(coding_round.themes.all())
    quotes = list(
        coding_round.quotes.select_related("project").order_by("project__title", "pk")
    )
    data = RoundData(round=coding_round, quotes=quotes, themes=themes, coders=coders)
    if not with_codes:
        return data
    theme_ids = {t.pk for t in themes}
    data.codes = {c.pk: {} for c in coders}
    for code in CoderCode.objects.filter(coder__round=coding_round).prefetch_related(
        "themes"
    ):
        data.codes[code.coder_id][code.quote_id] = frozenset(
            t.pk for t in code.themes.all() if t.pk in theme_ids
        )
    for settlement in (
        CodingSettlement.objects.filter(round=coding_round)
        .select_related("settled_by")
        .prefetch_related("themes")
        .order_by("settled_at", "id")
    ):
        data.settlements[settlement.quote_id] = settlement  # the newest wins
    return data


def own_codes(coder: Coder) -> dict[int, frozenset[int]]:
    """One coder's own codes, drafts included (2 queries)."""
    return {
        code.quote_id: frozenset(t.pk for t in code.themes.all())
        for code in CoderCode.objects.filter(coder=coder).prefetch_related("themes")
    }


@dataclass(frozen=True)
class ThemeAgreement:
    theme: Theme | None  # None: every theme pooled
    figure: ag.Agreement
    applied: list[int]  # times each submitted coder applied it


def _units(data: RoundData, coders: list[Coder], theme_ids: list[int]):
    units = []
    for quote in data.quotes:
        for theme_id in theme_ids:
            unit = []
            for coder in coders:
                given = data.codes[coder.pk].get(quote.pk)
                unit.append(None if given is None else theme_id in given)
            units.append(unit)
    return units


def round_agreement(data: RoundData) -> dict:
    """Agreement of the submitted coders, per theme and overall.

    Each quote is a unit for each theme: did the coder apply the theme (yes / no),
    with no value where the coder did not code the quote. Overall pools every
    quote-and-theme decision. Kappa for two coders, alpha for more.
    """
    coders = data.submitted
    rows = []
    for theme in data.themes:
        units = _units(data, coders, [theme.pk])
        rows.append(
            ThemeAgreement(
                theme=theme,
                figure=ag.agreement(units, coders=len(coders)),
                applied=[sum(1 for u in units if u[i]) for i in range(len(coders))],
            )
        )
    pooled = _units(data, coders, [t.pk for t in data.themes])
    overall = ThemeAgreement(
        theme=None,
        figure=ag.agreement(pooled, coders=len(coders)),
        applied=[sum(1 for u in pooled if u[i]) for i in range(len(coders))],
    )
    quote_units = [[data.codes[c.pk].get(q.pk) for c in coders] for q in data.quotes]
    return {
        "coders": coders,
        "rows": rows,
        "overall": overall,
        "quotes_agreed": sum(
            1 for values in ag.pairable(quote_units) if len(set(values)) == 1
        ),
        "quotes_compared": len(ag.pairable(quote_units)),
        "enough_coders": len(coders) >= 2,
        "convention": ag.CONVENTIONS[ag.KAPPA if len(coders) == 2 else ag.ALPHA],
    }


@dataclass(frozen=True)
class Disagreement:
    quote: Quote
    given: list[tuple[Coder, frozenset[int] | None]]
    settlement: CodingSettlement | None

    @property
    def settled(self) -> bool:
        return self.settlement is not None


def disagreements(data: RoundData) -> list[Disagreement]:
    """Quotes the submitted coders coded differently, or that fewer than two coded."""
    coders = data.submitted
    found = []
    for quote in data.quotes:
        given = [(c, data.codes[c.pk].get(quote.pk)) for c in coders]
        values = [v for _, v in given if v is not None]
        if len(values) >= 2 and len(set(values)) == 1:
            continue
        if not values:
            continue
        found.append(
            Disagreement(
                quote=quote, given=given, settlement=data.settlements.get(quote.pk)
            )
        )
    return found


def agreed_codes(data: RoundData) -> dict[int, frozenset[int]]:
    """Quotes every submitted coder coded the same way (two or more of them)."""
    agreed = {}
    for quote in data.quotes:
        values = [data.codes[c.pk].get(quote.pk) for c in data.submitted]
        values = [v for v in values if v is not None]
        if len(values) >= 2 and len(set(values)) == 1:
            agreed[quote.pk] = values[0]
    return agreed


def finished_rounds(programme: Programme, *, limit: int = 3) -> list[CodingRound]:
    return list(
        CodingRound.objects.filter(
            programme=programme, status=CodingRoundStatus.FINISHED
        ).order_by("-finished_at", "-id")[:limit]
    )


def finished_round_results(
    programme: Programme, *, limit: int | None = None
) -> list[tuple[CodingRound, RoundData, dict]]:
    """Finished rounds, newest first, each read in full with its agreement
    (6 queries a round; the programme report shows the newest few)."""
    rounds = CodingRound.objects.filter(
        programme=programme, status=CodingRoundStatus.FINISHED
    ).order_by("-finished_at", "-id")
    if limit is not None:
        rounds = rounds[:limit]
    results = []
    for coding_round in rounds:
        data = round_data(coding_round)
        results.append((coding_round, data, round_agreement(data)))
    return results


def shown_value(figure: ag.Agreement) -> str:
    """A figure as pages show it: kappa to two decimals, alpha to three."""
    if figure.value is None:
        return ag.NOT_ENOUGH.lower()
    return f"{figure.value:.2f}" if figure.method == ag.KAPPA else f"{figure.value:.3f}"


def agreement_text(coding_round: CodingRound, result: dict) -> str:
    """The agreement of a round as plain text (for exports)."""
    overall = result["overall"].figure
    coders = ", ".join(coder_label(c.user) for c in result["coders"])
    lines = [
        f"Coding round: {coding_round.title}",
        f"Coders who submitted: {coders or 'none'}",
        f"All themes together, {overall.method_label}: {shown_value(overall)}"
        + (f" ({overall.reading.lower()})" if overall.enough else ""),
        f"Quotes coded exactly alike: {result['quotes_agreed']} of "
        f"{result['quotes_compared']}",
        "Per theme (agreed decisions of those compared):",
    ]
    for row in result["rows"]:
        figure = row.figure
        lines.append(
            f"- {row.theme.name}: {shown_value(figure)}"
            + (f", {figure.reading.lower()}" if figure.enough else "")
            + f" ({figure.agreed} of {figure.compared})"
        )
    lines.append(result["convention"])
    return "\n".join(lines)
