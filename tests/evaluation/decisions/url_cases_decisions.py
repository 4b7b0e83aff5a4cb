"""Permission cases for the decision log URLs (see tests/url_cases.py)."""

from tests.evaluation.decisions.factories import make_decision, make_input
from tests.url_cases import Case, programme


def build(world):
    world["decision"] = make_decision(world["project"])
    world["decision_input"] = make_input(world["decision"])
    return world


def _decision(w):
    return {"slug": w["project"].slug, "pk": w["decision"].pk}


def _input(w):
    return {**_decision(w), "input_pk": w["decision_input"].pk}


WRITE = {"write": True}

CASES = {
    "evaluation:decision_log": Case(lambda w: {"slug": w["project"].slug}),
    "evaluation:decision_create": Case(lambda w: {"slug": w["project"].slug}, **WRITE),
    "evaluation:decision_detail": Case(_decision),
    "evaluation:decision_edit": Case(_decision, **WRITE),
    "evaluation:decision_delete": Case(_decision, **WRITE),
    "evaluation:decision_input_create": Case(_decision, **WRITE),
    "evaluation:decision_input_edit": Case(_input, **WRITE),
    "evaluation:decision_input_delete": Case(_input, **WRITE),
    "evaluation:programme_decisions": Case(programme),
}
