"""Celery tasks: thin, take ids, safe to deliver twice."""

from celery import shared_task

from evaluation.reports import services as report_services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def report_render(job_id: int) -> str:
    """Claim the job and make its PDF. A redelivered copy takes over a job whose
    worker stopped (lease run out) and does nothing while the holder is alive."""
    job = report_services.report_claim(job_id=job_id)
    if job is None:
        return "skipped"
    return report_services.report_render_job(job=job)


@shared_task(ignore_result=True)
def report_sweep() -> int:
    """On the beat schedule (``CELERY_BEAT_SCHEDULE``): hand on report jobs whose
    worker stopped and publish again jobs left waiting."""
    return len(report_services.report_sweep())
