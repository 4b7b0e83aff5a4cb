"""Celery tasks: thin, take ids, safe to deliver twice."""

from celery import shared_task

from evaluation.reports import services as report_services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def report_render(job_id: int) -> str:
    job = report_services.report_claim(job_id=job_id)
    if job is None:
        return "skipped"
    report_services.report_render_job(job=job)
    return "rendered"
