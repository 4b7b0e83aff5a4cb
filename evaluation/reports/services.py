"""Report jobs: request, claim, render, fail, retry and sweep.

The job row is written in the same transaction as the request and the broker only
carries its id. A task claims the job with a conditional update, so a duplicate
delivery does nothing; attempts are counted in the row so a render that keeps killing
its worker is marked failed instead of looping.
"""

import hashlib
import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from evaluation.models import PENDING, JobStatus, LearningPoint, ReportJob, ReportKind
from evaluation.reports.context import report_context
from evaluation.reports.html import report_html
from evaluation.reports.pdf import PdfResult, html_to_pdf
from projects.models import Programme, Project

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def lease_seconds() -> int:
    return settings.REPORT_LEASE_SECONDS


def report_pdf(
    kind: str, *, project: Project | None = None, programme: Programme | None = None
) -> PdfResult:
    """Context, HTML and PDF for one report: shared by jobs and the `report` command."""
    context = report_context(kind, project=project, programme=programme)
    return html_to_pdf(report_html(kind, context))


def _dedupe_key(kind: str, project, programme, options: dict) -> str:
    raw = json.dumps(
        [kind, getattr(project, "pk", None), programme.pk, options], sort_keys=True
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def _enqueue(job_id: int) -> None:
    from evaluation.tasks import report_render

    try:
        report_render.delay(job_id)
    except Exception:  # broker down: the sweep publishes it again later
        logger.warning(
            "Could not publish report job %s; the sweep will retry",
            job_id,
            exc_info=True,
        )


def report_request(
    *,
    user,
    kind: str,
    project: Project | None = None,
    programme: Programme | None = None,
    options: dict | None = None,
) -> tuple[ReportJob, bool]:
    """Create a job (or return the identical pending one) and publish it on commit.

    Returns ``(job, created)``."""
    kind = ReportKind(kind)
    if kind in (ReportKind.CASE_STUDY, ReportKind.SUMMARY):
        if project is None:
            raise ValueError("This report needs a project.")
        programme = project.programme
    options = options or {}
    key = _dedupe_key(kind, project, programme, options)
    existing = ReportJob.objects.filter(dedupe_key=key, status__in=PENDING).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(
                kind=kind,
                project=project,
                programme=programme,
                options=options,
                dedupe_key=key,
                requested_by=user,
            )
            transaction.on_commit(lambda: _enqueue(job.pk))
    except IntegrityError:  # an identical request won the race
        return ReportJob.objects.get(dedupe_key=key, status__in=PENDING), False
    return job, True


def report_claim(*, job_id: int) -> ReportJob | None:
    """Take the job for this worker, or None if it is done, taken or out of attempts."""
    now = timezone.now()
    claimable = Q(status=JobStatus.QUEUED) | Q(
        status=JobStatus.RUNNING, lease_until__lt=now
    )
    claimed = ReportJob.objects.filter(
        claimable, pk=job_id, attempts__lt=MAX_ATTEMPTS
    ).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        lease_until=now + timedelta(seconds=lease_seconds()),
        started_at=now,
        progress=5,
        progress_note="Started",
        error="",
    )
    if claimed:
        return ReportJob.objects.select_related("project", "programme").get(pk=job_id)
    # A job that has already used its attempts and lost its worker again is poison.
    ReportJob.objects.filter(claimable, pk=job_id, attempts__gte=MAX_ATTEMPTS).update(
        status=JobStatus.FAILED,
        finished_at=now,
        error=(
            f"The report could not be made after {MAX_ATTEMPTS} attempts: making it "
            "stopped the background worker each time. Try again later or ask an "
            "administrator to look at the worker logs."
        ),
    )
    return None


def _progress(job: ReportJob, percent: int, note: str) -> None:
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        progress=percent, progress_note=note
    )


def report_render_job(*, job: ReportJob) -> None:
    """Render a claimed job and store the PDF; a render error marks it failed."""
    started = time.monotonic()
    try:
        _progress(job, 20, "Gathering the project data")
        context = report_context(job.kind, project=job.project, programme=job.programme)
        _progress(job, 50, "Laying out the pages")
        html = report_html(job.kind, context)
        _progress(job, 70, "Drawing the PDF")
        result = html_to_pdf(html)
    except Exception as error:
        logger.exception("Report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=f"The report could not be made: {type(error).__name__}: {error}",
        )
        return
    job.file.save(job.filename, ContentFile(result.content), save=False)
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE,
        file=job.file.name,
        progress=100,
        progress_note="Ready",
        page_count=result.page_count,
        render_seconds=round(time.monotonic() - started, 3),
        finished_at=timezone.now(),
        lease_until=None,
    )


def report_retry(*, job: ReportJob, user) -> ReportJob:
    """Start a failed job again from a clean slate (new attempts)."""
    if job.status != JobStatus.FAILED:
        return job
    pending = ReportJob.objects.filter(
        dedupe_key=job.dedupe_key, status__in=PENDING
    ).first()
    if pending:
        return pending
    with transaction.atomic():
        ReportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED,
            attempts=0,
            error="",
            progress=0,
            progress_note="",
            lease_until=None,
            requested_by=user,
            created_at=timezone.now(),
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def report_sweep(*, older_than_seconds: int = 60) -> list[int]:
    """Publish again jobs still queued after a minute (e.g. requested while Redis was
    down) and running jobs whose worker lease has run out."""
    now = timezone.now()
    stale = ReportJob.objects.filter(
        Q(
            status=JobStatus.QUEUED,
            created_at__lt=now - timedelta(seconds=older_than_seconds),
        )
        | Q(status=JobStatus.RUNNING, lease_until__lt=now)
    ).values_list("pk", flat=True)
    ids = list(stale)
    for job_id in ids:
        _enqueue(job_id)
    return ids


def learning_point_add(*, project: Project, text: str, author) -> LearningPoint:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": "Write the learning point first."})
    if len(text) > 500:
        raise ValidationError({"text": "Keep a learning point under 500 characters."})
    last = (
        LearningPoint.objects.filter(project=project)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return LearningPoint.objects.create(
        project=project, text=text, author=author, position=(last or 0) + 1
    )
