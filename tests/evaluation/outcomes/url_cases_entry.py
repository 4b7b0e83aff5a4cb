"""Permission cases for the pages that make entering a real case quicker and safer:
the programme's own outcome indicators, and more to come (see tests/url_cases.py)."""

from tests.evaluation.evidence.factories import IndicatorFactory
from tests.url_cases import Case, programme


def build(world):
    world["entry_indicator"] = IndicatorFactory(
        programme=world["programme"], name="Commissioners put changes into practice"
    )
    return world


def _indicator(w):
    return {"slug": w["programme"].slug, "pk": w["entry_indicator"].pk}


CASES = {
    "evaluation:indicator_list": Case(programme),
    "evaluation:indicator_move": Case(_indicator, write=True, post_only=True),
    "evaluation:indicator_retire": Case(_indicator, write=True, post_only=True),
}
