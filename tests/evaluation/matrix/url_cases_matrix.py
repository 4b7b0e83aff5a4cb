"""Permission cases for every matrix scoring URL."""

from tests.evaluation.matrix.factories import (
    PRINCIPLES,
    framework_for,
    make_link,
    open_round,
)
from tests.url_cases import Case, programme, project


def framework(w):
    return {**programme(w), "pk": w["matrix_framework"].pk}


def scoring_round(w):
    return {**project(w), "number": w["matrix_round"].number}


def link(w):
    return {**scoring_round(w), "pk": w["matrix_invitation"].pk}


def token(w):
    return {"token": w["matrix_token"]}


CASES = {
    "evaluation:scoring_home": Case(outsider=200),
    "evaluation:framework_list": Case(programme, write=True),
    "evaluation:framework_detail": Case(framework),
    "evaluation:framework_version": Case(lambda w: {**framework(w), "number": 1}),
    "evaluation:framework_edit": Case(framework, write=True),
    "evaluation:framework_texts": Case(framework, write=True),
    "evaluation:programme_scoring": Case(programme),
    "evaluation:round_list": Case(project),
    "evaluation:round_open": Case(project, write=True),
    "evaluation:round_detail": Case(scoring_round),
    "evaluation:round_respond": Case(scoring_round),
    "evaluation:round_links": Case(scoring_round, write=True),
    "evaluation:round_link_revoke": Case(link, write=True, post_only=True),
    "evaluation:round_link_renew": Case(link, write=True, post_only=True),
    "evaluation:round_close": Case(scoring_round, write=True, post_only=True),
    "evaluation:round_closing_date": Case(scoring_round, write=True, post_only=True),
    "evaluation:round_reopen": Case(scoring_round, write=True),
    "evaluation:round_export": Case(scoring_round),
    "evaluation:score_start": Case(token, public=True),
    "evaluation:score_check": Case(token, public=True),
    "evaluation:score_step": Case(lambda w: {**token(w), "step": 1}, public=True),
}


def build(world):
    framework_for(world["programme"], PRINCIPLES)
    scoring, _ = open_round(world["project"])
    world["matrix_round"] = scoring
    world["matrix_framework"] = scoring.version.framework
    world["matrix_invitation"], world["matrix_token"] = make_link(scoring)
    return world
