"""Permission cases for the spreadsheet import URLs (see tests/url_cases.py)."""

from evaluation.models import ImportJob, ImportKind, ImportRows, ImportStatus
from tests.url_cases import Case, project


def build(world):
    job = ImportJob.objects.create(
        programme=world["programme"],
        project=world["project"],
        kind=ImportKind.PEOPLE,
        status=ImportStatus.READY,
        original_name="people.xlsx",
    )
    ImportRows.objects.create(job=job)
    world["import_job"] = job
    return world


def _job(w):
    return {"slug": w["programme"].slug, "pk": w["import_job"].pk}


WRITE = {"write": True}

CASES = {
    "evaluation:import_people": Case(project, **WRITE),
    "evaluation:import_activities": Case(project, **WRITE),
    "evaluation:import_counts": Case(
        lambda w: {"slug": w["programme"].slug, "pk": w["evaluation_stage"].pk},
        **WRITE,
    ),
    "evaluation:import_template": Case(
        lambda w: {"kind": "people", "fmt": "csv"}, outsider=200
    ),
    "evaluation:import_sample": Case(
        lambda w: {"kind": "activities", "fmt": "csv"}, outsider=200
    ),
    "evaluation:import_job": Case(_job, **WRITE),
    "evaluation:import_job_status": Case(_job, **WRITE),
    "evaluation:import_confirm": Case(_job, write=True, post_only=True),
}
