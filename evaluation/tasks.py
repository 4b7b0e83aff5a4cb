"""Celery tasks: thin, take ids, safe to deliver twice."""

import logging

from celery import shared_task
from celery.signals import worker_init

from evaluation.mail import services as mail_services
from evaluation.privacy import services as privacy_services
from evaluation.reports import services as report_services

logger = logging.getLogger(__name__)


@worker_init.connect
def reports_warm(**kwargs) -> None:
    """Load WeasyPrint and its fonts once when a worker starts, before it forks its
    processes, so no report waits for them (and the processes share them); with
    them the URL patterns (reports link to pages) and compiled templates, as
    gunicorn's master does for the web workers."""
    from coproduce.warmup import site_warm
    from evaluation.reports.pdf import pdf_warm

    try:
        site_warm()
        logger.info("PDF renderer warmed in %s s", pdf_warm())
    except Exception:  # a report will show the same problem, with its job id
        logger.warning("Could not warm the PDF renderer", exc_info=True)


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


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def subject_access_make(job_id: int) -> str:
    """Claim a subject access job and make its zip; a second delivery of the same
    job finds it claimed and does nothing."""
    job = privacy_services.subject_access_claim(job_id=job_id)
    if job is None:
        return "skipped"
    return privacy_services.subject_access_make_job(job=job)


@shared_task(ignore_result=True)
def subject_access_sweep() -> int:
    """On the beat schedule: publish again downloads left waiting or stranded."""
    return len(privacy_services.subject_access_sweep())


@shared_task(ignore_result=True)
def retention_run() -> int:
    """Daily on the beat schedule: erase people whose retention period has ended
    (the same as ``manage.py retention``), and drop the rows of import previews
    nobody confirmed."""
    from evaluation.imports.services import import_previews_expire

    import_previews_expire()
    return len(privacy_services.retention_apply())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def outbox_send(message_id: int) -> str:
    """Send one outbox message; a second delivery finds it claimed or sent and
    does nothing."""
    return mail_services.message_send(message_id=message_id)


@shared_task(ignore_result=True)
def mail_sweep() -> int:
    """On the beat schedule: publish again messages due for another try."""
    return len(mail_services.outbox_sweep())


@shared_task(ignore_result=True)
def mail_reminders() -> int:
    """Daily: remind people whose scoring or review links close soon."""
    base_url = mail_services.site_url()
    return mail_services.round_reminders_queue(
        base_url=base_url
    ) + mail_services.review_reminders_queue(base_url=base_url)


@shared_task(ignore_result=True)
def mail_weekly_digest() -> int:
    """Weekly: each commissioner's summary of what changed."""
    return mail_services.weekly_digest_queue(base_url=mail_services.site_url())


@shared_task(ignore_result=True)
def mail_inactivity_nudges() -> int:
    """Weekly: tell facilitators about their projects with no recent activity."""
    return mail_services.inactivity_nudges_queue(base_url=mail_services.site_url())


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # A 20,000-row file takes minutes, not the two minutes other tasks get.
    soft_time_limit=900,
    time_limit=960,
)
def import_run(job_id: int) -> str:
    """Check or apply a big spreadsheet import; a second delivery finds the job
    claimed and does nothing."""
    from evaluation.imports import services as import_services

    return import_services.import_run_job(job_id=job_id)
