import pytest
from django.core.exceptions import ValidationError

from coproduce.concurrency import EditConflict
from evaluation.coding import selectors, services
from evaluation.models import CodingRoundStatus, CodingScope
from projects.models import HistoryEvent
from tests.evaluation.coding.factories import coder_user
from tests.evaluation.evidence.factories import QuoteFactory, StageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _open(programme, coders, **data):
    theme = ThemeFactory(programme=programme)
    return services.round_open(
        programme=programme,
        data={"title": "R", "scope": CodingScope.PROGRAMME, **data},
        themes=[theme],
        coders=coders,
    )


def _code(coder, mapping, submit=True):
    coder.refresh_from_db()
    services.coder_codes_save(
        coder=coder, codes=mapping, seen_version=coder.edit_version, submit=submit
    )


def test_a_round_needs_two_coders_who_may_code(programme, project, ana, commissioner):
    QuoteFactory(project=project)
    with pytest.raises(ValidationError, match="two coders"):
        _open(programme, [ana])
    with pytest.raises(ValidationError, match="evaluators or facilitators"):
        _open(programme, [ana, commissioner])


def test_a_sample_with_the_same_seed_draws_the_same_quotes(
    programme, project, ana, ben
):
    for _ in range(20):
        QuoteFactory(project=project)
    first = _open(programme, [ana, ben], sample_size=5, seed=42)
    second = _open(programme, [ana, ben], sample_size=5, seed=42)
    third = _open(programme, [ana, ben], sample_size=5, seed=43)
    ids = lambda r: sorted(r.quotes.values_list("pk", flat=True))  # noqa: E731
    assert len(ids(first)) == 5
    assert ids(first) == ids(second)
    assert ids(first) != ids(third)
    assert first.seed == 42


def test_a_sample_without_a_seed_keeps_the_one_drawn(programme, project, ana, ben):
    for _ in range(8):
        QuoteFactory(project=project)
    coding_round = _open(programme, [ana, ben], sample_size=3)
    assert coding_round.seed is not None
    again = selectors.sample_ids(
        selectors.scope_quotes(programme, scope=CodingScope.PROGRAMME).values_list(
            "pk", flat=True
        ),
        size=3,
        seed=coding_round.seed,
    )
    assert again == sorted(coding_round.quotes.values_list("pk", flat=True))


def test_a_stage_round_takes_the_quotes_said_between_its_dates(
    programme, project, ana, ben
):
    import datetime as dt

    stage = StageFactory(
        programme=programme,
        starts_on=dt.date(2024, 3, 1),
        ends_on=dt.date(2024, 3, 31),
    )
    inside = QuoteFactory(project=project, said_on=dt.date(2024, 3, 10))
    QuoteFactory(project=project, said_on=dt.date(2024, 5, 1))
    coding_round = _open(programme, [ana, ben], scope=CodingScope.STAGE, stage=stage)
    assert list(coding_round.quotes.all()) == [inside]
    undated = StageFactory(programme=programme)
    with pytest.raises(ValidationError, match="no dates"):
        _open(programme, [ana, ben], scope=CodingScope.STAGE, stage=undated)


def test_a_theme_set_round_takes_quotes_coded_to_those_themes(
    programme, project, ana, ben
):
    theme = ThemeFactory(programme=programme)
    coded = QuoteFactory(project=project)
    coded.themes.add(theme)
    QuoteFactory(project=project)
    coding_round = services.round_open(
        programme=programme,
        data={"title": "Themes", "scope": CodingScope.THEMES},
        themes=[theme],
        coders=[ana, ben],
    )
    assert list(coding_round.quotes.all()) == [coded]


def test_a_stale_submission_is_refused_and_changes_nothing(coding_round):
    coder = coding_round.coders.first()
    quote = coding_round.quotes.first()
    theme = coding_round.themes.first()
    seen = coder.edit_version
    services.coder_codes_save(coder=coder, codes={quote.pk: [theme]}, seen_version=seen)
    with pytest.raises(EditConflict):
        services.coder_codes_save(
            coder=coder, codes={quote.pk: []}, seen_version=seen, submit=True
        )
    coder.refresh_from_db()
    assert not coder.has_submitted
    assert selectors.own_codes(coder) == {quote.pk: frozenset({theme.pk})}


def test_submitted_codes_cannot_be_changed(coding_round):
    coder = coding_round.coders.first()
    quote = coding_round.quotes.first()
    _code(coder, {quote.pk: []})
    with pytest.raises(ValidationError, match="already submitted"):
        _code(coder, {quote.pk: []})


def test_settling_and_finishing_make_the_codes_the_quotes_codes(
    coding_round, evaluator
):
    first, second = coding_round.coders.all()
    alike, differ, *_ = coding_round.quotes.order_by("pk")
    one, two = coding_round.themes.order_by("pk")
    outside = ThemeFactory(programme=coding_round.programme)
    differ.themes.add(outside)
    _code(first, {alike.pk: [one], differ.pk: [one]})
    _code(second, {alike.pk: [one], differ.pk: [two]})
    coding_round.refresh_from_db()
    assert coding_round.status == CodingRoundStatus.SETTLING
    with pytest.raises(ValidationError, match="still to settle"):
        services.round_finish(
            coding_round=coding_round, seen_version=coding_round.edit_version
        )
    settlement = services.settlement_record(
        coding_round=coding_round,
        quote=differ,
        themes=[two],
        reason="Both read it as about money in the end.",
        user=evaluator,
        seen_settlement=0,
    )
    assert settlement.settled_by == evaluator
    # The theme outside the round is kept; the round's themes are the settled ones.
    assert set(differ.themes.all()) == {outside, two}
    # The quote's history records the new link to the settled theme.
    assert HistoryEvent.objects.filter(
        model="evaluation.quote_themes", action="created", after__theme_id=two.pk
    ).exists()
    with pytest.raises(EditConflict):
        services.settlement_record(
            coding_round=coding_round,
            quote=differ,
            themes=[one],
            reason="Stale form",
            user=evaluator,
            seen_settlement=0,
        )
    services.round_finish(
        coding_round=coding_round,
        seen_version=coding_round.edit_version,
        user=evaluator,
    )
    coding_round.refresh_from_db()
    assert coding_round.is_finished
    assert list(alike.themes.all()) == [one]


def test_closing_early_needs_two_submitted_coders(programme, project, ana, ben):
    third = coder_user(programme, "cleo")
    QuoteFactory(project=project)
    coding_round = _open(programme, [ana, ben, third])
    quote = coding_round.quotes.get()
    _code(coding_round.coders.get(user=ana), {quote.pk: []})
    with pytest.raises(ValidationError, match="two coders"):
        services.round_coding_close(coding_round=coding_round)
    _code(coding_round.coders.get(user=ben), {quote.pk: []})
    services.round_coding_close(coding_round=coding_round)
    coding_round.refresh_from_db()
    assert coding_round.status == CodingRoundStatus.SETTLING


def test_agreement_counts_only_submitted_coders(coding_round):
    first, second = coding_round.coders.all()
    quotes = list(coding_round.quotes.order_by("pk"))
    one, two = coding_round.themes.order_by("pk")
    _code(first, {q.pk: [one] for q in quotes})
    _code(second, {quotes[0].pk: [one]}, submit=False)
    result = selectors.round_agreement(selectors.round_data(coding_round))
    assert [c.pk for c in result["coders"]] == [first.pk]
    assert not result["enough_coders"]
    assert result["overall"].figure.value is None
