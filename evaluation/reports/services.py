"""Report jobs: request, claim, render, fail, retry and sweep.

The job row is written in the same transaction as the request and the broker only
carries its id. A task claims the job with a conditional update that writes a new
claim token; while it renders, a heartbeat thread renews the job's short lease, and
progress notes, the heartbeat and the final save all touch the row only while it still
carries that token. So a worker that stopped is noticed within a lease (the sweep, on
the beat schedule, hands its job to another worker), and a worker that lost its claim
cannot store a second PDF. Each claim is kept as a ``ReportAttempt`` row.

A render that raises is tried again a few times a few seconds apart and then marked
failed with a plain message; the exception and traceback go to the log with the job id.
"""

import hashlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q
from django.db.models.functions import Least, Now
from django.utils import timezone

from coproduce.background import publish
from coproduce.text import TEXT_LIMIT
from evaluation.models import (
    PENDING,
    AttemptOutcome,
    JobStatus,
    LearningPoint,
    Quote,
    ReportAttempt,
    ReportJob,
    ReportKind,
    ReportVoice,
)
from evaluation.reports.access import RETRY_REFUSED, can_retry_report
from evaluation.reports.context import Voice, report_context
from evaluation.reports.html import report_html
from evaluation.reports.pdf import PdfResult, html_to_pdf
from evaluation.reports.stamps import report_stamp
from projects.models import Programme, Project

logger = logging.getLogger(__name__)

FAILURE_MESSAGE = (
    "The report could not be made. Please try again later. If it keeps failing, "
    "tell your facilitator or the site administrator and give them the report "
    "number, {pk}."
)
RATE_LIMIT_MESSAGE = (
    "You have asked for {limit} new reports in the last hour, which is as many as "
    "one person can ask for. You can ask for another after {time}. Reports you have "
    "already asked for are still being made."
)


def lease_seconds() -> int:
    return settings.REPORT_LEASE_SECONDS


def lease_end():
    """Now plus one lease, on the database's clock: web, worker and beat hosts may
    disagree by a few seconds, the database is one clock for every lease."""
    return ExpressionWrapper(
        Now() + timedelta(seconds=lease_seconds()), output_field=DateTimeField()
    )


def max_attempts() -> int:
    return settings.REPORT_ATTEMPTS


def failure_message(job_id: int) -> str:
    """What the people who asked see when a report could not be made."""
    return FAILURE_MESSAGE.format(pk=job_id)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class ClaimLost(Exception):
    """This worker's claim on the job was taken over: stop and store nothing."""


def report_pdf(
    kind: str, *, project: Project | None = None, programme: Programme | None = None
) -> PdfResult:
    """Context, HTML and PDF for one report: shared by jobs and the `report` command."""
    # The context is not kept while the PDF is drawn, so the layout can reuse its
    # memory (about 5 MB of the 280 MB peak at 500 projects; most of the rest of
    # what building it adds is modules imported once per process).
    html = report_html(kind, report_context(kind, project=project, programme=programme))
    return html_to_pdf(html)


def _dedupe_key(kind: str, project, programme, options: dict) -> str:
    raw = json.dumps(
        [kind, getattr(project, "pk", None), programme.pk, options], sort_keys=True
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def _enqueue(job_id: int, delay: float = 0) -> None:
    from evaluation.tasks import report_render

    try:
        publish(report_render, (job_id,), countdown=delay or None)
    except Exception:  # broker down: the sweep publishes it again later
        logger.warning(
            "Could not publish report job %s; the sweep will retry",
            job_id,
            exc_info=True,
        )


def _request_limit_check(user) -> None:
    """Refuse a new job when the user has asked for too many in the last hour.

    Called inside the request's transaction with the user's row locked, so two
    requests at once cannot both take the last place."""
    limit = settings.REPORT_REQUESTS_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    recent = ReportJob.objects.filter(requested_by=user, created_at__gte=since)
    if recent.count() < limit:
        return
    oldest = recent.order_by("created_at").values_list("created_at", flat=True)[0]
    again = timezone.localtime(oldest + timedelta(hours=1))
    raise ValidationError(
        RATE_LIMIT_MESSAGE.format(limit=limit, time=again.strftime("%H:%M")),
        code="rate_limited",
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

    Returns ``(job, created)``. Raises ``ValidationError`` when the user has asked
    for ``REPORT_REQUESTS_PER_HOUR`` new jobs in the last hour."""
    return _job_request(
        user=user, kind=kind, project=project, programme=programme, options=options
    )


def _job_request(
    *, user, kind, project, programme, options, limited: bool = True
) -> tuple[ReportJob, bool]:
    """``report_request``; without ``limited`` (jobs the system asks for itself, with
    no user) the hourly limit does not apply."""
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
    stored = report_stored(
        kind=kind, project=project, programme=programme, options=options, key=key
    )
    if stored is not None:
        return stored, False
    try:
        with transaction.atomic():
            if limited:
                _request_limit_check(user)
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


def _stamp_of(job: ReportJob) -> str:
    return report_stamp(
        kind=job.kind,
        project_id=job.project_id,
        programme_id=job.programme_id,
        options=job.options,
    )


def report_stored(
    *, kind, project, programme, options: dict, key: str
) -> ReportJob | None:
    """The finished job whose PDF shows exactly what a new one would (same kind,
    scope, options and stamp), if there is one: asking again for an unchanged
    report hands out that PDF at once. Withdrawn reports are never finished ones."""
    done = ReportJob.objects.filter(
        dedupe_key=key, status=JobStatus.DONE, stamp__gt=""
    ).exclude(file="")
    if not done.exists():
        return None  # one query when nothing was made yet
    stamp = report_stamp(
        kind=kind,
        project_id=getattr(project, "pk", None),
        programme_id=programme.pk,
        options=options,
    )
    return done.filter(stamp=stamp).order_by("-finished_at", "-pk").first()


def _claimable() -> Q:
    # Waiting, or running under a lease nobody renewed: its worker has stopped.
    return Q(status=JobStatus.QUEUED) | Q(
        status=JobStatus.RUNNING, lease_until__lt=Now()
    )


def _attempts_close(job_id: int, outcome: str, *, claim=None) -> None:
    """Close the job's running attempt (the one with ``claim``, or any)."""
    running = ReportAttempt.objects.filter(
        job_id=job_id, outcome=AttemptOutcome.RUNNING
    )
    if claim is not None:
        running = running.filter(claim=claim)
    running.update(outcome=outcome, finished_at=timezone.now())


def _fail_exhausted(job_id: int, now) -> bool:
    """Mark failed a job that used its attempts and whose worker stopped again."""
    failed = ReportJob.objects.filter(
        _claimable(), pk=job_id, attempts__gte=max_attempts()
    ).update(
        status=JobStatus.FAILED,
        claim=None,
        lease_until=None,
        finished_at=now,
        error=failure_message(job_id),
    )
    if failed:
        _attempts_close(job_id, AttemptOutcome.LOST)
        logger.error(
            "Report job %s failed: its worker stopped during each of %s attempts",
            job_id,
            max_attempts(),
        )
    return bool(failed)


def report_claim(*, job_id: int, worker: str = "") -> ReportJob | None:
    """Take the job for this worker, or None if it is done, held or out of attempts.

    A job whose holder stopped (lease run out) is taken over at once. The returned
    job carries this worker's claim token in ``job.claim``."""
    now = timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        claimed = ReportJob.objects.filter(
            _claimable(), pk=job_id, attempts__lt=max_attempts()
        ).update(
            status=JobStatus.RUNNING,
            claim=token,
            attempts=F("attempts") + 1,
            lease_until=lease_end(),
            started_at=now,
            finished_at=None,
            progress=5,
            progress_note="Started",
            error="",
        )
        if claimed:
            job = ReportJob.objects.select_related("project", "programme").get(
                pk=job_id
            )
            _attempts_close(job_id, AttemptOutcome.LOST)  # the holder we replace
            ReportAttempt.objects.create(
                job=job,
                claim=token,
                number=job.attempts,
                worker=worker or worker_name(),
                started_at=now,
            )
            return job
    _fail_exhausted(job_id, now)
    return None


def report_lease_renew(*, job_id: int, claim) -> bool:
    """Extend the lease of a job this worker still holds; False once it lost it."""
    return bool(
        ReportJob.objects.filter(
            pk=job_id, claim=claim, status=JobStatus.RUNNING
        ).update(lease_until=lease_end())
    )


class LeaseHeartbeat:
    """A background thread that renews a claimed job's lease while it renders.

    ``lost`` is set once the renewal finds the job no longer this worker's. The
    thread uses its own database connection and closes it when it stops."""

    def __init__(self, *, job_id: int, claim, interval: float | None = None):
        self.job_id = job_id
        self.claim = claim
        self.interval = interval or settings.REPORT_HEARTBEAT_SECONDS
        self.lost = threading.Event()
        self.beats = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"report-heartbeat-{job_id}", daemon=True
        )

    def __enter__(self):
        # Inside a caller's transaction (the demo, in-process tests) the claim is not
        # committed, so no other connection could see or renew it: no heartbeat.
        if not connection.in_atomic_block:
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    renewed = report_lease_renew(job_id=self.job_id, claim=self.claim)
                except Exception:  # the database blinked: try at the next beat
                    logger.warning(
                        "Report job %s: could not renew the lease",
                        self.job_id,
                        exc_info=True,
                    )
                    continue
                if not renewed:
                    self.lost.set()
                    return
                self.beats += 1
        finally:
            connection.close()


def _progress(job: ReportJob, percent: int, note: str) -> None:
    updated = ReportJob.objects.filter(
        pk=job.pk, claim=job.claim, status=JobStatus.RUNNING
    ).update(progress=percent, progress_note=note)
    if not updated:
        raise ClaimLost


def report_render_job(*, job: ReportJob) -> str:
    """Render a claimed job and store the PDF, renewing the lease meanwhile.

    Returns ``"stored"``; ``"lost"`` when another worker took the job over (nothing
    is stored); ``"retry"`` when the render raised and it will be tried again in a
    few seconds; ``"failed"`` when it raised on the last attempt (or ran too long)."""
    started = time.monotonic()
    try:
        with LeaseHeartbeat(job_id=job.pk, claim=job.claim) as heartbeat:
            _progress(job, 20, "Gathering the project data")
            # Taken before the data is read: a change while rendering gives a newer
            # stamp, so this PDF is never handed out for it.
            stamp = _stamp_of(job)
            context = report_context(
                job.kind, project=job.project, programme=job.programme
            )
            _progress(job, 50, "Laying out the pages")
            html = report_html(job.kind, context)
            _progress(job, 70, "Drawing the PDF")
            result = html_to_pdf(html)
            if heartbeat.lost.is_set():
                raise ClaimLost
            voices = context["voices"]
    except ClaimLost:
        return _render_lost(job)
    except Exception as error:
        logger.exception(
            "Report job %s attempt %s (claim %s) failed",
            job.pk,
            job.attempts,
            job.claim,
        )
        final = isinstance(error, SoftTimeLimitExceeded)
        return _render_failed(job, final=final)
    return _render_store(job, result, started, voices, stamp)


def _render_lost(job: ReportJob) -> str:
    # Recorded even when the sweep already wrote the attempt off as lost: the work
    # was done and thrown away.
    ReportAttempt.objects.filter(job_id=job.pk, claim=job.claim).update(
        outcome=AttemptOutcome.DISCARDED, finished_at=timezone.now()
    )
    logger.warning(
        "Report job %s: claim %s was taken over; this render is discarded",
        job.pk,
        job.claim,
    )
    return "lost"


def _render_failed(job: ReportJob, *, final: bool) -> str:
    now = timezone.now()
    mine = ReportJob.objects.filter(
        pk=job.pk, claim=job.claim, status=JobStatus.RUNNING
    )
    if not final and job.attempts < max_attempts():
        if not mine.update(
            status=JobStatus.QUEUED,
            claim=None,
            lease_until=None,
            queued_at=now,
            progress=0,
            progress_note="Trying again after a problem",
        ):
            return _render_lost(job)
        _attempts_close(job.pk, AttemptOutcome.RETRY, claim=job.claim)
        _enqueue(job.pk, settings.REPORT_RETRY_DELAY_SECONDS * job.attempts)
        return "retry"
    if not mine.update(
        status=JobStatus.FAILED,
        claim=None,
        lease_until=None,
        finished_at=now,
        error=failure_message(job.pk),
    ):
        return _render_lost(job)
    _attempts_close(job.pk, AttemptOutcome.FAILED, claim=job.claim)
    logger.error("Report job %s failed after %s attempts", job.pk, job.attempts)
    return "failed"


def _render_store(
    job: ReportJob, result: PdfResult, started: float, voices: list[Voice], stamp: str
) -> str:
    """Store the PDF and whose words it holds, in one transaction, while the job is
    still this worker's (a consent withdrawal meanwhile takes the claim away)."""
    mine = ReportJob.objects.filter(
        pk=job.pk, claim=job.claim, status=JobStatus.RUNNING
    )
    if not mine.exists():
        return _render_lost(job)
    job.file.save(job.filename, ContentFile(result.content), save=False)
    with transaction.atomic():
        stored = mine.update(
            status=JobStatus.DONE,
            claim=None,
            file=job.file.name,
            progress=100,
            progress_note="Ready",
            page_count=result.page_count,
            render_seconds=round(time.monotonic() - started, 3),
            finished_at=timezone.now(),
            lease_until=None,
            stamp=stamp,
        )
        if stored:
            ReportVoice.objects.bulk_create(
                ReportVoice(
                    job_id=job.pk,
                    quote_id=voice.quote_id,
                    stakeholder_id=voice.stakeholder_id,
                )
                for voice in voices
            )
            # In the same transaction, so nobody sees a finished job whose
            # attempt still reads as running.
            _attempts_close(job.pk, AttemptOutcome.STORED, claim=job.claim)
    if not stored:  # taken over between the check and the save: drop our file
        job.file.storage.delete(job.file.name)
        return _render_lost(job)
    return "stored"


def report_retry(*, job: ReportJob, user) -> ReportJob:
    """Start a failed job again from a clean slate (new attempts).

    Only the person who asked for it or someone who may change its scope may; a
    retry counts towards the user's hourly limit like a new request."""
    if not can_retry_report(user, job):
        raise PermissionDenied(RETRY_REFUSED)
    if job.status != JobStatus.FAILED:
        return job
    pending = ReportJob.objects.filter(
        dedupe_key=job.dedupe_key, status__in=PENDING
    ).first()
    if pending:
        return pending
    now = timezone.now()
    with transaction.atomic():
        _request_limit_check(user)
        ReportJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED,
            attempts=0,
            claim=None,
            error="",
            progress=0,
            progress_note="",
            lease_until=None,
            requested_by=user,
            created_at=now,
            queued_at=now,
            started_at=None,
            finished_at=None,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def _release_stopped(job_id: int, now) -> bool:
    """Put a job whose worker stopped back in the queue (or fail it when it has used
    its attempts)."""
    released = ReportJob.objects.filter(
        pk=job_id,
        status=JobStatus.RUNNING,
        lease_until__lt=Now(),
        attempts__lt=max_attempts(),
    ).update(
        status=JobStatus.QUEUED,
        claim=None,
        lease_until=None,
        queued_at=now,
        progress=0,
        progress_note="Starting again: the computer making it stopped",
    )
    if released:
        _attempts_close(job_id, AttemptOutcome.LOST)
        logger.warning("Report job %s: its worker stopped; queued again", job_id)
        return True
    _fail_exhausted(job_id, now)
    return False


def report_sweep(*, older_than_seconds: int = 60) -> list[int]:
    """Hand on jobs whose worker stopped (lease run out) at once, and publish again
    jobs still waiting after a minute (e.g. requested while Redis was down), at most
    once a minute each. Runs on the beat schedule; returns the published ids."""
    now = timezone.now()
    ids = [
        job_id
        for job_id in ReportJob.objects.filter(
            status=JobStatus.RUNNING, lease_until__lt=Now()
        ).values_list("pk", flat=True)
        if _release_stopped(job_id, now)
    ]
    waiting = list(
        ReportJob.objects.filter(
            status=JobStatus.QUEUED,
            queued_at__lt=now - timedelta(seconds=older_than_seconds),
        ).values_list("pk", flat=True)
    )
    ReportJob.objects.filter(pk__in=waiting, status=JobStatus.QUEUED).update(
        queued_at=now
    )
    ids += waiting
    for job_id in ids:
        _enqueue(job_id)
    return ids


RESTARTED_NOTE = "Starting again: someone in it changed their consent"


def _restart_running(words: Q) -> list[int]:
    """Take back jobs being made right now whose scope holds these quotes: what
    their worker made may show words no longer allowed. Their claim is cleared, so
    the worker stores nothing, and they are queued again (published on commit).

    Run before looking for finished reports: a render that finishes first is then
    found among them, and one that finishes later loses its claim."""
    scopes = set(
        Quote.objects.filter(words).values_list("project_id", "project__programme_id")
    )
    if not scopes:
        return []
    project_ids = {project_id for project_id, _ in scopes}
    programme_ids = {programme_id for _, programme_id in scopes}
    running = list(
        ReportJob.objects.filter(
            Q(project_id__in=project_ids)
            | Q(project__isnull=True, programme_id__in=programme_ids),
            status=JobStatus.RUNNING,
        ).values_list("pk", flat=True)
    )
    if not running:
        return []
    ReportJob.objects.filter(pk__in=running, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED,
        claim=None,
        lease_until=None,
        queued_at=timezone.now(),
        progress=0,
        progress_note=RESTARTED_NOTE,
        # The attempt cut short does not count against the job's last one.
        attempts=Least(F("attempts"), max_attempts() - 1),
    )
    for job_id in running:
        transaction.on_commit(lambda job_id=job_id: _enqueue(job_id))
    return running


def _files_delete(names: list[str]) -> None:
    storage = ReportJob._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # the row no longer points to it; report and go on
            logger.exception("Could not delete the withdrawn report file %s", name)


@transaction.atomic
def report_withdraw_for_people(
    *, stakeholder_ids, reason: str, by, quote_ids=()
) -> list[ReportJob]:
    """Withdraw every finished report that shows these people's words (or any of
    ``quote_ids``), and ask for a replacement of each. Returns the withdrawn jobs.

    For any change after which someone's words may no longer be shown as a report
    shows them: consent withdrawn or narrowed, a quote deleted or more of it hidden,
    a person erased. Call it inside the transaction that makes the change, and
    before deleting quotes or people (reports are found through them; see
    ``ReportVoice``). ``reason`` completes the sentence "Withdrawn because ...", in
    plain words that name nobody ("a participant withdrew consent"); ``by`` is the
    user who recorded the change, or None.

    In the caller's transaction each report is marked withdrawn (when, why, by
    whom) and loses its file, which is deleted from storage once the transaction
    commits; the row stays so people can see the report existed. A report being
    made right now from these people's words is started again. Each replacement is
    a normal job of the same kind and scope (an identical pending job is reused),
    published on commit; the withdrawn report, and any older one it replaced, point
    to it."""
    stakeholder_ids, quote_ids = list(stakeholder_ids), list(quote_ids)
    if not (stakeholder_ids or quote_ids):
        return []
    _restart_running(Q(stakeholder_id__in=stakeholder_ids) | Q(pk__in=quote_ids))
    voices = ReportVoice.objects.filter(
        Q(stakeholder_id__in=stakeholder_ids)
        | Q(quote__stakeholder_id__in=stakeholder_ids)
        | Q(quote_id__in=quote_ids)
    )
    jobs = list(
        ReportJob.objects.select_for_update(of=("self",))
        .filter(status=JobStatus.DONE, pk__in=voices.values("job_id"))
        .select_related("project", "programme")
        .order_by("pk")
    )
    if not jobs:
        return []
    now = timezone.now()
    by = by if getattr(by, "is_authenticated", False) else None
    ReportJob.objects.filter(pk__in=[job.pk for job in jobs]).update(
        status=JobStatus.WITHDRAWN,
        withdrawn_at=now,
        withdrawn_by=by,
        withdrawn_reason=reason[:300],
        file="",
        progress_note="Withdrawn",
    )
    names = [job.file.name for job in jobs if job.file]
    transaction.on_commit(lambda: _files_delete(names))
    groups: dict[str, list[ReportJob]] = {}
    for job in jobs:
        groups.setdefault(job.dedupe_key, []).append(job)
    for same in groups.values():
        first = same[0]
        replacement, _ = _job_request(
            user=None,
            kind=first.kind,
            project=first.project,
            programme=first.programme,
            options=first.options,
            limited=False,
        )
        ids = [job.pk for job in same]
        ReportJob.objects.filter(Q(pk__in=ids) | Q(replacement_id__in=ids)).update(
            replacement=replacement
        )
        logger.info(
            "Report jobs %s withdrawn (%s); replacement is job %s",
            ids,
            reason,
            replacement.pk,
        )
    return list(
        ReportJob.objects.filter(pk__in=[job.pk for job in jobs]).select_related(
            "replacement"
        )
    )


def learning_point_add(*, project: Project, text: str, author) -> LearningPoint:
    """Add a learning point at the end of the project's list. Its paragraphs and
    lists are kept as written (``coproduce.text``)."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": "Write the learning point first."})
    if len(text) > TEXT_LIMIT:
        raise ValidationError(
            {
                "text": f"A learning point can be up to {TEXT_LIMIT:,} characters; "
                f"this one has {len(text):,}. Nothing was saved."
            }
        )
    last = (
        LearningPoint.objects.filter(project=project)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return LearningPoint.objects.create(
        project=project, text=text, author=author, position=(last or 0) + 1
    )
