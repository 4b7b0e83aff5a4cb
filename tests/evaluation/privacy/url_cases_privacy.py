from evaluation.models import SubjectAccessJob
from tests.url_cases import Case, programme


def build(world):
    world["subject_access_job"] = SubjectAccessJob.objects.create(
        programme=world["programme"],
        stakeholder=world["stakeholder"],
        status="failed",
        error="test",
    )


def person(w):
    return {"pk": w["stakeholder"].pk}


def job(w):
    return {"pk": w["subject_access_job"].pk}


# Only programme facilitators and evaluators: commissioners are refused even reading.
CASES = {
    "evaluation:person_data": Case(person, write=True),
    "evaluation:person_erase": Case(person, write=True),
    "evaluation:subject_access_job": Case(job, write=True),
    "evaluation:subject_access_job_status": Case(job, write=True),
    "evaluation:subject_access_download": Case(job, write=True),
    "evaluation:subject_access_retry": Case(job, post_only=True, write=True),
    "evaluation:programme_personal_data": Case(programme, write=True),
}
