"""Demo blind double coding: a finished round in which Eve and Fran coded the
programme's quotes on their own, with a few disagreements Eve settled, and a round
on a random sample, still open, in which Eve has submitted and Fran has not (so Fran sees only her own
codes, and Eve sees the figures only for herself).

Built through the coding services as the pages do; texts in ``data/coding.toml``.
Idempotent: a round whose title exists is left as it is.
"""

from django.contrib.auth import get_user_model

from evaluation.coding import services
from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.models import CodingRound, CodingScope, Theme
from projects.models import Programme

DATA = demo_data("coding")


def _submit(coding_round, user, codes_for) -> None:
    coder = coding_round.coders.get(user=user)
    services.coder_codes_save(
        coder=coder,
        codes={q.pk: codes_for(q) for q in coding_round.quotes.all()},
        seen_version=coder.edit_version,
        submit=True,
    )


def _finished(programme, themes, eve, fran) -> None:
    spec = DATA["finished"]
    if CodingRound.objects.filter(programme=programme, title=spec["title"]).exists():
        return
    round_themes = [themes[name] for name in spec["themes"]]
    coding_round = services.round_open(
        programme=programme,
        data={
            "title": spec["title"],
            "instructions": spec["instructions"],
            "scope": CodingScope.THEMES,
        },
        themes=round_themes,
        coders=[eve, fran],
        user=eve,
    )
    in_round = {t.pk for t in round_themes}

    def own(quote):
        return [t for t in quote.themes.all() if t.pk in in_round]

    differences = {}
    for quote in coding_round.quotes.prefetch_related("themes"):
        for difference in spec["differences"]:
            if quote.text.startswith(difference["quote"]):
                differences[quote.pk] = (quote, difference)
    _submit(coding_round, eve, own)
    _submit(
        coding_round,
        fran,
        lambda q: (
            [themes[n] for n in differences[q.pk][1]["fran"]]
            if q.pk in differences
            else own(q)
        ),
    )
    coding_round.refresh_from_db()
    for quote, difference in differences.values():
        services.settlement_record(
            coding_round=coding_round,
            quote=quote,
            themes=own(quote),
            reason=difference["reason"],
            user=eve,
        )
    services.round_finish(
        coding_round=coding_round, seen_version=coding_round.edit_version, user=eve
    )


def _open(programme, themes, eve, fran) -> None:
    spec = DATA["open"]
    if CodingRound.objects.filter(programme=programme, title=spec["title"]).exists():
        return
    round_themes = [themes[name] for name in spec["themes"]]
    coding_round = services.round_open(
        programme=programme,
        data={
            "title": spec["title"],
            "scope": CodingScope.PROGRAMME,
            "sample_size": spec["sample_size"],
            "seed": spec["seed"],
        },
        themes=round_themes,
        coders=[eve, fran],
        user=eve,
    )
    in_round = {t.pk for t in round_themes}
    _submit(
        coding_round, eve, lambda q: [t for t in q.themes.all() if t.pk in in_round]
    )


def demo_load() -> None:
    """Add the coding rounds to the demo programme (safe to run again)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return
    users = get_user_model().objects.in_bulk(["eve", "fran"], field_name="username")
    themes = {t.name: t for t in Theme.objects.filter(programme=programme)}
    _finished(programme, themes, users["eve"], users["fran"])
    _open(programme, themes, users["eve"], users["fran"])
