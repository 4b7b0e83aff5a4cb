"""Permission cases for the factor URLs, the stage table's among them (see
tests/url_cases.py)."""

from evaluation.models import Effect, FactorObservation
from projects.models import DiamondStage
from tests.evaluation.evidence.factories import (
    FactorFactory,
    FactorGroupFactory,
    ObservationFactory,
)
from tests.url_cases import Case, programme, project


def build(world):
    group = FactorGroupFactory(programme=world["programme"])
    world["factor_group"] = group
    world["factor"] = FactorFactory(group=group)
    world["observation"] = ObservationFactory(
        project=world["project"], factor=world["factor"]
    )
    world["stage_entry"] = FactorObservation.objects.create(
        project=world["project"],
        stage=DiamondStage.DISCOVER,
        effect=Effect.ENABLER,
        text="A keen commissioner.",
    )
    return world


def _pk(name):
    return lambda w: {"slug": w["programme"].slug, "pk": w[name].pk}


def _project_pk(name):
    return lambda w: {"slug": w["project"].slug, "pk": w[name].pk}


def stage(w):
    return {**project(w), "stage": DiamondStage.DEFINE}


WRITE = {"write": True}
POST = {"write": True, "post_only": True}

CASES = {
    "evaluation:factor_catalogue": Case(programme),
    "evaluation:factor_catalogue_seed": Case(programme, **POST),
    "evaluation:factor_group_create": Case(programme, **WRITE),
    "evaluation:factor_group_edit": Case(_pk("factor_group"), **WRITE),
    "evaluation:factor_create": Case(programme, **WRITE),
    "evaluation:factor_edit": Case(_pk("factor"), **WRITE),
    "evaluation:cross_case": Case(programme),
    "evaluation:cross_case_evidence": Case(programme),
    "evaluation:observation_create": Case(project, **WRITE),
    "evaluation:observation_edit": Case(_project_pk("observation"), **WRITE),
    "evaluation:stage_table": Case(project),
    "evaluation:stage_detail": Case(stage, **WRITE),
    "evaluation:stage_entry_add": Case(stage, **POST),
    "evaluation:stage_entry_delete": Case(_project_pk("stage_entry"), **WRITE),
}
