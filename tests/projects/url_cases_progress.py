"""Permission cases for progress logging, Double Diamond stages and the timeline."""

from evaluation.models import Effect, FactorObservation
from projects.models import DiamondStage
from tests.projects.factories import ActivityFactory
from tests.url_cases import Case, programme, project


def build(world):
    world["activity"] = ActivityFactory(project=world["project"])
    world["stage_entry"] = FactorObservation.objects.create(
        project=world["project"],
        stage=DiamondStage.DISCOVER,
        effect=Effect.ENABLER,
        text="A keen commissioner.",
    )


def activity(w):
    return {**project(w), "pk": w["activity"].pk}


def stage(w):
    return {**project(w), "stage": DiamondStage.DEFINE}


CASES = {
    "projects:programme_progress": Case(programme),
    "projects:activity_list": Case(project),
    "projects:activity_create": Case(project, write=True),
    "projects:activity_detail": Case(activity),
    "projects:activity_edit": Case(activity, write=True),
    "projects:activity_delete": Case(activity, write=True),
    "projects:stage_table": Case(project),
    "projects:stage_move": Case(project, write=True),
    "projects:project_stop": Case(project, write=True),
    "projects:stage_detail": Case(stage, write=True),
    "projects:stage_entry_add": Case(stage, write=True, post_only=True),
    "projects:stage_entry_delete": Case(
        lambda w: {**project(w), "pk": w["stage_entry"].pk}, write=True
    ),
    "projects:project_timeline": Case(project),
}
