"""Permission cases for progress logging, Double Diamond moves and the timeline (the
stage table's cases are in tests/evaluation/factors/url_cases_factors.py)."""

from tests.projects.factories import ActivityFactory
from tests.url_cases import Case, programme, project


def build(world):
    world["activity"] = ActivityFactory(project=world["project"])


def activity(w):
    return {**project(w), "pk": w["activity"].pk}


CASES = {
    "projects:programme_progress": Case(programme),
    "projects:activity_list": Case(project),
    "projects:activity_create": Case(project, write=True),
    "projects:activity_detail": Case(activity),
    "projects:activity_edit": Case(activity, write=True),
    "projects:activity_delete": Case(activity, write=True),
    "projects:stage_move": Case(project, write=True),
    "projects:project_stop": Case(project, write=True),
    "projects:project_timeline": Case(project),
}
