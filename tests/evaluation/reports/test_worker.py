"""Reports through real Redis and real Celery workers (required in CI)."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from evaluation.models import JobStatus, ReportJob, ReportKind
from evaluation.reports import services as report_services
from tests.coproduce.test_backing_services import redis_url
from tests.workers import (
    RedisServer,
    back_to_eager,
    require_shared_database,
    start_worker,
    stop_process,
    use_broker,
)

pytestmark = pytest.mark.services


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def wait_for(job_id, statuses, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job.status} after {timeout}s")


def pdf_text(job) -> str:
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def request(user, kind, **scope):
    job, _ = report_services.report_request(user=user, kind=kind, **scope)
    return job


@pytest.fixture
def broker(transactional_db):
    require_shared_database()  # before the demo loads: skips at once on SQLite
    url = redis_url()
    use_broker(url)
    yield url
    back_to_eager()


def test_a_real_worker_renders_every_report_kind_for_the_demo(broker, settings):
    from django.contrib.auth import get_user_model

    from projects.models import Programme, Project

    call_command("demo", force=True)
    cam = get_user_model().objects.get(username="cam")
    complex_needs = Project.objects.get(slug="multiple-complex-needs")
    autism = Project.objects.get(slug="autism-services")
    programme = Programme.objects.get(slug="co-create-south-yorkshire")
    worker = start_worker(broker)
    try:
        jobs = [
            request(cam, ReportKind.CASE_STUDY, project=complex_needs),
            request(cam, ReportKind.SUMMARY, project=autism),
            request(cam, ReportKind.PROGRAMME, programme=programme),
        ]
        done = [
            wait_for(job.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120)
            for job in jobs
        ]
    finally:
        stop_process(worker)
    assert [job.status for job in done] == [JobStatus.DONE] * 3, [j.error for j in done]
    case_study, summary, programme_text = (pdf_text(job) for job in done)
    for heading in ("The story", "Stage by stage", "Key learning points"):
        assert heading in case_study
    assert "Moved back from Develop to Define" in case_study
    assert "Paying peer mentors for their time" in case_study
    assert "At a glance" in summary and "Autism Services" in summary
    assert done[1].page_count <= 2
    for heading in ("The portfolio", "Theory of change", "Response rates"):
        assert heading in programme_text
    assert "Gypsy Traveller Engagement" in programme_text


def test_a_job_requested_while_redis_is_down_is_made_once_it_is_back(
    transactional_db, commissioner, project
):
    redis = RedisServer()
    redis.start()
    use_broker(redis.url)
    worker = None
    try:
        redis.stop()
        job = request(commissioner, ReportKind.SUMMARY, project=project)
        assert ReportJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
        redis.start()
        worker = start_worker(redis.url)
        ReportJob.objects.filter(pk=job.pk).update(
            queued_at=timezone.now() - timedelta(minutes=2)
        )
        call_command("report_sweep")
        job = wait_for(job.pk, {JobStatus.DONE, JobStatus.FAILED})
        assert job.status == JobStatus.DONE
    finally:
        if worker:
            stop_process(worker)
        back_to_eager()
        redis.stop()


# A worker killed mid-render, a poison job and a render longer than the lease:
# tests/evaluation/reports/test_recovery.py.


def test_asking_again_through_the_page_renders_nothing_until_consent_changes(
    broker, client, commissioner, facilitator, project
):
    from django.urls import reverse

    from evaluation.models import Consent, ReportAttempt
    from tests.evaluation.reports.test_withdrawal import consent_withdraw, quote
    from tests.factories import StakeholderFactory

    speaker = StakeholderFactory(programme=project.programme)
    said = "The bus timetable decided who could come to the workshops."
    quote(project, said, person=speaker, consent=Consent.MAY_QUOTE)
    page = reverse("evaluation:project_reports", args=[project.slug])
    client.force_login(commissioner)

    def ask():
        response = client.post(page, {"kind": ReportKind.CASE_STUDY}, follow=True)
        assert response.status_code == 200
        return ReportJob.objects.order_by("-pk").first(), response.content.decode()

    worker = start_worker(broker)
    try:
        first, _ = ask()
        first = wait_for(first.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120)
        assert first.status == JobStatus.DONE and said in pdf_text(first)

        # Asked again with nothing changed: the stored PDF, no job and no render.
        again, page_text = ask()
        assert again == first
        assert "Nothing in that report has changed since it was made" in page_text
        time.sleep(1)  # room for a render that should not happen
        assert ReportJob.objects.count() == 1
        assert ReportAttempt.objects.count() == 1

        # The speaker withdraws consent: the stored PDF is withdrawn and the next
        # request is answered by a new render without their words.
        consent_withdraw(speaker, facilitator)
        replacement, _ = ask()
        assert replacement != first
        replacement = wait_for(
            replacement.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120
        )
        assert replacement.status == JobStatus.DONE
        assert said not in pdf_text(replacement)
        first.refresh_from_db()
        assert first.status == JobStatus.WITHDRAWN

        # Consent recorded for someone else changes no PDF's words but still gives
        # a new stamp: the next request renders again rather than guess.
        other = StakeholderFactory(programme=project.programme)
        consent_withdraw(other, facilitator, consent=Consent.MAY_QUOTE)
        third, _ = ask()
        assert third not in (first, replacement)
        third = wait_for(third.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120)
        assert third.status == JobStatus.DONE
        assert ReportAttempt.objects.filter(job=third).count() == 1
        assert ReportAttempt.objects.count() == 3
    finally:
        stop_process(worker)
