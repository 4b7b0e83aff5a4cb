from evaluation.models import LearningPoint, ReportJob, ReportKind
from tests.url_cases import Case, programme, project


def build(world):
    world["report_job"] = ReportJob.objects.create(
        kind=ReportKind.SUMMARY,
        project=world["project"],
        programme=world["programme"],
        dedupe_key="url-cases",
        status="failed",
        error="test",
    )
    world["learning_point"] = LearningPoint.objects.create(
        project=world["project"], text="Pay people for their time."
    )


def job(w):
    return {"pk": w["report_job"].pk}


CASES = {
    "evaluation:project_reports": Case(project),
    "evaluation:programme_reports": Case(programme),
    "evaluation:report_job": Case(job),
    "evaluation:report_job_status": Case(job),
    "evaluation:report_download": Case(job),
    # Only the person who asked for the job, or an editor, may start it again.
    "evaluation:report_retry": Case(job, post_only=True, write=True),
    "evaluation:learning_point_add": Case(project, post_only=True, write=True),
    "evaluation:learning_point_delete": Case(
        lambda w: {**project(w), "pk": w["learning_point"].pk},
        post_only=True,
        write=True,
    ),
}
