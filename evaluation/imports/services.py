"""Spreadsheet imports: start (read and check the upload), confirm, and apply.

Nothing is written to people, activities or counts before confirm. Checking a file
builds one dict per row (``ImportRows.rows``) saying what will happen to it; confirm
applies exactly those rows, each through the feature's own service function (so
history, edit rules and validation apply as on the forms), each in its own
transaction. A row that an edit made after the preview has overtaken is refused
with the shared edit-conflict rule and reported, not overwritten. Rows with
problems are skipped; problems with the file itself (a required column missing)
block the import.

Files of more than ``BACKGROUND_ROWS`` rows are checked and applied by a background
task (``evaluation.tasks.import_run``) while the page shows progress.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coproduce.background import publish
from coproduce.concurrency import EditConflict
from evaluation.imports.kinds import header_map
from evaluation.imports.reading import upload_read
from evaluation.imports.rows import HANDLERS
from evaluation.models import ImportJob, ImportKind, ImportRows, ImportStatus

logger = logging.getLogger(__name__)

BACKGROUND_ROWS = 500
FAILURE_MESSAGE = (
    "The import stopped because of an error on our side. Rows already imported "
    "stay imported; upload the same file again to see what is left (import "
    "number {pk})."
)
STALE_MESSAGE = (
    "Changed by someone else after the preview, so not imported. Upload the file "
    "again to see a new preview."
)


def _enqueue(job_id: int) -> None:
    from evaluation.tasks import import_run

    publish(import_run, (job_id,))


def import_start(
    *, kind: str, programme, uploaded, user, project=None, stage=None
) -> ImportJob:
    """Read an uploaded file and keep its rows server-side under a new job; check
    them now, or in the background for a big file. Raises ValidationError when the
    file is refused (type, size, unreadable)."""
    if kind not in ImportKind.values:
        raise ValidationError("Unknown kind of import.")
    headers, rows = upload_read(uploaded)
    positions, file_problems = header_map(kind, headers)
    raw = [
        {
            "row": number,
            "cells": {
                key: cells[index] if index < len(cells) else None
                for key, index in positions.items()
            },
        }
        for number, cells in rows
    ]
    with transaction.atomic():
        job = ImportJob.objects.create(
            programme=programme,
            project=project,
            stage=stage,
            kind=kind,
            original_name=(uploaded.name or "")[:255],
            row_count=len(raw),
            file_problems=file_problems,
            created_by=user,
            status=ImportStatus.READY if file_problems else ImportStatus.CHECK_QUEUED,
        )
        ImportRows.objects.create(job=job, raw=[] if file_problems else raw)
        if not file_problems and len(raw) > BACKGROUND_ROWS:
            transaction.on_commit(lambda: _enqueue(job.pk))
    if not file_problems and len(raw) <= BACKGROUND_ROWS:
        claimed = import_claim(job_id=job.pk, status=ImportStatus.CHECK_QUEUED)
        import_check(job=claimed)
        job.refresh_from_db()
    return job


_NEXT = {
    ImportStatus.CHECK_QUEUED: ImportStatus.CHECKING,
    ImportStatus.APPLY_QUEUED: ImportStatus.APPLYING,
}


def import_claim(*, job_id: int, status: str) -> ImportJob | None:
    """Take a queued job for this worker (a conditional update, so two workers
    never run the same job); None when it is not waiting in ``status``."""
    claimed = ImportJob.objects.filter(pk=job_id, status=status).update(
        status=_NEXT[status], progress=0, progress_note="Started"
    )
    if not claimed:
        return None
    return ImportJob.objects.select_related("programme", "project", "stage").get(
        pk=job_id
    )


def _progress(job: ImportJob, done: int, total: int, verb: str) -> None:
    percent = int(done * 100 / total) if total else 100
    ImportJob.objects.filter(pk=job.pk).update(
        progress=min(percent, 99), progress_note=f"{verb} row {done:,} of {total:,}"
    )


def _every(total: int) -> int:
    return max(100, total // 20)


def _summary(rows: list[dict]) -> dict:
    summary = {"create": 0, "change": 0, "same": 0, "skip": 0}
    for row in rows:
        summary[row["action"]] += 1
    return summary


def import_check(*, job: ImportJob) -> ImportJob:
    """Check every row of a claimed job and say what confirm would do with it."""
    data = ImportRows.objects.get(job=job)
    handler = HANDLERS[job.kind](job)
    checked, seen = [], {}
    total = len(data.raw)
    for done, raw in enumerate(data.raw, start=1):
        checked.append(handler.check(raw["row"], raw["cells"], seen))
        if done % _every(total) == 0:
            _progress(job, done, total, "Checking")
    data.rows = checked
    data.raw = []
    data.save(update_fields=["rows", "raw"])
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.READY,
        summary=_summary(checked),
        progress=100,
        progress_note="Checked",
    )
    return job


def import_confirm(*, job: ImportJob, user) -> ImportJob:
    """Apply the previewed rows: now for a small file, in the background for a
    big one. A second confirm (a double click) finds the job taken and does
    nothing."""
    if job.file_problems:
        raise ValidationError("This file cannot be imported: fix the problems first.")
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.APPLY_QUEUED,
        confirmed_at=timezone.now(),
        progress=0,
        progress_note="Waiting",
    )
    if not claimed:
        job.refresh_from_db()
        return job
    if job.row_count > BACKGROUND_ROWS:
        transaction.on_commit(lambda: _enqueue(job.pk))
    else:
        import_apply(job=import_claim(job_id=job.pk, status=ImportStatus.APPLY_QUEUED))
    job.refresh_from_db()
    return job


BATCH_ROWS = 500


def _apply_one(handler, row: dict, result: dict) -> None:
    try:
        with transaction.atomic():
            handler.apply(row)
    except EditConflict:
        row["outcome"] = STALE_MESSAGE
        result["refused"] += 1
    except ValidationError as error:
        row["outcome"] = "Not imported: " + " ".join(error.messages)
        result["refused"] += 1
    else:
        row["outcome"] = "Created" if row["action"] == "create" else "Changed"
        result["created" if row["action"] == "create" else "changed"] += 1


def _apply_in_batches(job, handler, creates: list[dict], result: dict) -> None:
    """New rows in batches through the handler's ``apply_many``; a batch that is
    refused is done again row by row, so each refused row gets its own reason."""
    for start in range(0, len(creates), BATCH_ROWS):
        batch = creates[start : start + BATCH_ROWS]
        try:
            with transaction.atomic():
                handler.apply_many(batch)
        except (ValidationError, IntegrityError):
            for row in batch:
                _apply_one(handler, row, result)
        else:
            for row in batch:
                row["outcome"] = "Created"
            result["created"] += len(batch)
        _progress(job, start + len(batch), len(creates), "Importing")


def import_apply(*, job: ImportJob) -> ImportJob:
    """Write the checked rows of a claimed job through the features' services.

    Each row has its own transaction, so one refused row does not undo the
    others, and a job stopped half-way can be finished by importing the file
    again (the rows already written are then unchanged)."""
    data = ImportRows.objects.get(job=job)
    handler = HANDLERS[job.kind](job)
    rows = data.rows
    to_write = [r for r in rows if r["action"] in ("create", "change")]
    handler.prefetch_targets([r["target"] for r in to_write if r.get("target")])
    result = {"created": 0, "changed": 0, "refused": 0}
    one_by_one = to_write
    if hasattr(handler, "apply_many"):
        one_by_one = [r for r in to_write if r["action"] != "create"]
        _apply_in_batches(
            job, handler, [r for r in to_write if r["action"] == "create"], result
        )
    for done, row in enumerate(one_by_one, start=1):
        _apply_one(handler, row, result)
        if done % _every(len(one_by_one)) == 0:
            _progress(job, done, len(one_by_one), "Importing")
    # What stays once done: row numbers, actions, outcomes and problems; the cells'
    # values (names, emails) are not kept in the job.
    data.rows = [
        {k: row.get(k, "") for k in ("row", "action", "outcome", "problems")}
        for row in rows
    ]
    data.save(update_fields=["rows"])
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        result=result,
        progress=100,
        progress_note="Done",
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def import_fail(*, job_id: int) -> None:
    """Record that a job stopped on an error (details go to the log)."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportStatus.DONE).update(
        status=ImportStatus.FAILED,
        error=FAILURE_MESSAGE.format(pk=job_id),
        finished_at=timezone.now(),
        progress=F("progress"),
    )


def import_run_job(*, job_id: int) -> str:
    """The background step: check or apply, whichever the job waits for."""
    for waiting, step in (
        (ImportStatus.CHECK_QUEUED, import_check),
        (ImportStatus.APPLY_QUEUED, import_apply),
    ):
        job = import_claim(job_id=job_id, status=waiting)
        if job is None:
            continue
        try:
            step(job=job)
        except Exception:
            logger.exception("Import %s failed", job_id)
            import_fail(job_id=job_id)
            return "failed"
        return "done"
    return "skipped"


PREVIEW_KEEP_DAYS = 7
EXPIRED_MESSAGE = (
    "This preview was not confirmed within {days} days, so the rows read from the "
    "file were removed. Upload the file again to import it."
)


def import_previews_expire(*, now=None, keep_days: int = PREVIEW_KEEP_DAYS) -> int:
    """Drop the rows (names, emails) of previews nobody confirmed within
    ``keep_days``, and of failed imports as old: a spreadsheet left unconfirmed
    must not keep people's details for ever. The job itself stays, marked failed
    with the reason. Runs with the daily retention job."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=keep_days)
    stale = ImportJob.objects.filter(
        created_at__lt=cutoff,
        status__in=[ImportStatus.READY, ImportStatus.FAILED, ImportStatus.CHECK_QUEUED],
    )
    ids = list(stale.filter(data__isnull=False).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        ImportRows.objects.filter(job_id__in=ids).delete()
        ImportJob.objects.filter(pk__in=ids).exclude(status=ImportStatus.FAILED).update(
            status=ImportStatus.FAILED,
            error=EXPIRED_MESSAGE.format(days=keep_days),
            finished_at=timezone.now(),
        )
    logger.info("Imports: removed the rows of %s unconfirmed preview(s)", len(ids))
    return len(ids)
