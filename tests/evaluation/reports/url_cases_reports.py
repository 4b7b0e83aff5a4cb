from evaluation.models import ReportJob, ReportKind

from ...url_cases import Case, programme, project


def build(world):
    world["report_job"] = ReportJob.objects.create(
        kind=ReportKind.SUMMARY,
        project=world["project"],
        programme=world["programme"],
        dedupe_key="url-cases",
        status="failed",
        error="test",
    )


def job(w):
    return {"pk": w["report_job"].pk}


CASES = {
    "evaluation:project_reports": Case(project),
    "evaluation:programme_reports": Case(programme),
    "evaluation:report_job": Case(job),
    "evaluation:report_job_status": Case(job),
    "evaluation:report_download": Case(job),
    "evaluation:report_retry": Case(job, post_only=True),
}
