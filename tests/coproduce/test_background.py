"""Without a broker (`make run`), a report request answers at once and the render runs
in a background thread of the web process, through the same job states."""

import io
import threading

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coproduce import background
from evaluation.models import JobStatus, ReportJob

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def in_thread(settings, tmp_path):
    settings.TASKS_IN_THREAD = True
    settings.MEDIA_ROOT = tmp_path / "media"


def _wait_for_background():
    """The thread runs tasks in order: once a later one has run, earlier ones have."""
    background._background().submit(lambda: None).result(timeout=60)


def test_a_report_request_answers_before_the_render_and_the_thread_makes_it(
    client, commissioner, project, in_thread
):
    gate = threading.Event()
    # Hold the background thread, so the request is seen answering before any render.
    background._background().submit(gate.wait, 30)
    client.force_login(commissioner)
    response = client.post(
        reverse("evaluation:project_reports", args=[project.slug]),
        {"kind": "case_study"},
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == JobStatus.QUEUED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Waiting to start" in page

    gate.set()
    _wait_for_background()
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    download = client.get(reverse("evaluation:report_download", args=[job.pk]))
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert project.title in "\n".join(p.extract_text() for p in pdf.pages)
