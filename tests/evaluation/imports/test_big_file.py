"""A 10,000-row file is checked and imported as a background job with progress."""

import time

import pytest

from evaluation.imports import services
from evaluation.models import ImportJob, ImportKind, ImportStatus
from projects.models import Stakeholder
from tests.evaluation.imports.helpers import PEOPLE_HEADER, xlsx_upload

pytestmark = pytest.mark.django_db

ROWS = 10_000


def test_ten_thousand_people_are_checked_and_imported_as_a_job(
    project, facilitator, django_capture_on_commit_callbacks
):
    rows = [PEOPLE_HEADER] + [
        [f"Person {n}", "Service user or carer", "", f"p{n}@example.org", ""]
        for n in range(ROWS)
    ]
    upload = xlsx_upload(rows)
    started = time.monotonic()
    with django_capture_on_commit_callbacks() as queued:
        job = services.import_start(
            kind=ImportKind.PEOPLE,
            programme=project.programme,
            project=project,
            uploaded=upload,
            user=facilitator,
        )
    # Too big to check inside the request: it waits for the worker.
    assert job.status == ImportStatus.CHECK_QUEUED
    assert len(queued) == 1
    queued[0]()  # the worker's turn (tasks run inside the call in tests)
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert job.summary["create"] == ROWS
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_confirm(job=job, user=facilitator)
    job = ImportJob.objects.get(pk=job.pk)
    elapsed = time.monotonic() - started
    assert job.status == ImportStatus.DONE
    assert (job.progress, job.result["created"]) == (100, ROWS)
    assert Stakeholder.objects.count() == ROWS
    print(f"\n10,000-row import (read, check, apply): {elapsed:.1f} s")
    assert elapsed < 30, f"{elapsed:.1f} s"
