"""A subject access download made by a real Celery worker through Redis (required
in CI)."""

import io
import json
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.evidence import services as evidence_services
from evaluation.models import JobStatus, SubjectAccessJob
from evaluation.privacy import services
from tests.coproduce.test_backing_services import redis_url
from tests.evaluation.evidence.factories import QuoteFactory
from tests.workers import (
    back_to_eager,
    require_shared_database,
    start_worker,
    stop_process,
    use_broker,
)

pytestmark = pytest.mark.services


@pytest.fixture
def broker(transactional_db):
    require_shared_database()
    url = redis_url()
    use_broker(url)
    yield url
    back_to_eager()


def test_a_real_worker_makes_the_zip_with_the_document(
    broker, stakeholder, project, evaluator
):
    document = evidence_services.document_upload(
        project=project,
        uploaded=SimpleUploadedFile("notes.txt", b"What Ann said\n"),
        data={"title": "Notes", "kind": "meeting_notes"},
    )
    QuoteFactory(project=project, stakeholder=stakeholder, document=document)
    worker = start_worker(broker)
    try:
        job, _ = services.subject_access_request(
            stakeholder=stakeholder, user=evaluator
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in {JobStatus.DONE, JobStatus.FAILED}:
                break
            time.sleep(0.1)
    finally:
        stop_process(worker)
    assert job.status == JobStatus.DONE, job.error
    assert job.attempts == 1
    with job.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    data = json.loads(archive.read("data.json"))
    assert data["projects.Stakeholder"][0]["display_name"] == stakeholder.display_name
    assert archive.read(f"documents/{document.pk}-notes.txt") == b"What Ann said\n"
    assert SubjectAccessJob.objects.count() == 1
