"""Permission cases for the theory of change and contribution URLs (see
tests/url_cases.py)."""

from tests.evaluation.evidence.factories import (
    ClaimFactory,
    IndicatorFactory,
    StatementFactory,
    TheoryVersionFactory,
)
from tests.url_cases import Case, programme


def build(world):
    version = TheoryVersionFactory(programme=world["programme"], number=1)
    world["theory_version"] = version
    world["statement"] = StatementFactory(version=version)
    world["indicator"] = IndicatorFactory(programme=world["programme"])
    world["claim"] = ClaimFactory(
        project=world["project"], indicator=world["indicator"]
    )
    return world


def _pk(name, key="pk"):
    return lambda w: {"slug": w["programme"].slug, key: w[name].pk}


WRITE = {"write": True}
POST = {"write": True, "post_only": True}

CASES = {
    "evaluation:theory_of_change": Case(programme),
    "evaluation:theory_version_create": Case(programme, **WRITE),
    "evaluation:theory_version_edit": Case(_pk("theory_version"), **WRITE),
    "evaluation:statement_create": Case(_pk("theory_version", "version_pk"), **WRITE),
    "evaluation:statement_edit": Case(_pk("statement"), **WRITE),
    "evaluation:statement_indicators": Case(_pk("statement"), **POST),
    "evaluation:contribution_rollup": Case(programme),
    "evaluation:indicator_create": Case(programme, **WRITE),
    "evaluation:indicator_edit": Case(_pk("indicator"), **WRITE),
    "evaluation:claim_create": Case(lambda w: {"slug": w["project"].slug}, **WRITE),
    "evaluation:claim_edit": Case(
        lambda w: {"slug": w["project"].slug, "pk": w["claim"].pk}, **WRITE
    ),
}
