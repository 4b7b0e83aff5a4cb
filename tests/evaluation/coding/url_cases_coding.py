"""Permission cases for the coding round URLs (see tests/url_cases.py)."""

from tests.evaluation.coding.factories import coder_user, round_open
from tests.url_cases import Case, programme


def build(world):
    prog = world["programme"]
    second = coder_user(prog, "url-coder")
    coding_round = round_open(
        prog, world["project"], coders=[world["facilitator"], second], quotes=2
    )
    world["coding_round"] = coding_round
    world["coding_quote"] = coding_round.quotes.first()
    return world


def _round(w):
    return {"slug": w["programme"].slug, "pk": w["coding_round"].pk}


CASES = {
    "evaluation:coding_round_list": Case(programme),
    "evaluation:coding_round_create": Case(programme, write=True),
    "evaluation:coding_round_detail": Case(_round),
    "evaluation:coding_round_code": Case(_round, write=True),
    "evaluation:coding_round_agreement": Case(_round),
    "evaluation:coding_round_disagreements": Case(_round),
    "evaluation:coding_round_settle": Case(
        lambda w: {**_round(w), "quote_pk": w["coding_quote"].pk}, write=True
    ),
    "evaluation:coding_round_close": Case(_round, write=True, post_only=True),
    "evaluation:coding_round_finish": Case(_round, write=True, post_only=True),
}
