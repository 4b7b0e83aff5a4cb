"""Report jobs: states, dedupe, duplicate delivery, claims and leases, poison, retry,
the hourly limit, downloads."""

import io
import logging
import posixpath
import time
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from coproduce.celery import app as celery_app
from evaluation.models import AttemptOutcome, JobStatus, ReportJob, ReportKind
from evaluation.reports import services as report_services
from evaluation.reports.context import report_context
from evaluation.reports.html import report_html
from evaluation.reports.pdf import html_to_pdf
from evaluation.tasks import report_render
from projects.models import AccessRole, ProjectMembership
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def outcomes(job):
    return list(job.tries.values_list("outcome", flat=True))


def expire_lease(job):
    ReportJob.objects.filter(pk=job.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )


def test_commissioner_requests_a_case_study_and_downloads_it(
    client, commissioner, project, django_capture_on_commit_callbacks
):
    client.force_login(commissioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:project_reports", args=[project.slug]),
            {"kind": "case_study"},
        )
    job = ReportJob.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (JobStatus.DONE, 1, 100)
    download = client.get(reverse("evaluation:report_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(download.streaming_content))
    assert project.title in text
    assert "The story" in text and "Stage by stage" in text


def test_identical_pending_requests_are_not_rendered_twice(
    commissioner, project, no_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, created1 = report_services.report_request(
            user=commissioner, kind=ReportKind.CASE_STUDY, project=project
        )
        second, created2 = report_services.report_request(
            user=commissioner, kind=ReportKind.CASE_STUDY, project=project
        )
    assert first == second and (created1, created2) == (True, False)
    assert no_broker == [first.pk]
    other, created = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    assert created and other != first


def test_a_duplicate_delivery_does_nothing(commissioner, project, no_broker):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    assert report_render(job.pk) == "stored"
    assert report_render(job.pk) == "skipped"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert outcomes(job) == [AttemptOutcome.STORED]


def test_a_job_running_elsewhere_is_not_taken_until_its_lease_runs_out(
    commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    first = report_services.report_claim(job_id=job.pk)
    assert first is not None
    assert report_services.report_claim(job_id=job.pk) is None
    expire_lease(job)
    again = report_services.report_claim(job_id=job.pk)
    assert again is not None and again.attempts == 2
    assert again.claim != first.claim
    assert outcomes(job) == [AttemptOutcome.LOST, AttemptOutcome.RUNNING]


def test_a_worker_that_lost_its_claim_stores_nothing(commissioner, project, no_broker):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    slow = report_services.report_claim(job_id=job.pk)
    expire_lease(job)  # the slow worker missed its heartbeats...
    other = report_services.report_claim(job_id=job.pk)  # ...and was replaced
    assert report_services.report_render_job(job=slow) == "lost"
    job.refresh_from_db()
    assert (job.status, job.file.name) == (JobStatus.RUNNING, "")
    assert report_services.report_render_job(job=other) == "stored"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.file.name
    assert outcomes(job) == [AttemptOutcome.DISCARDED, AttemptOutcome.STORED]
    _, files = job.file.storage.listdir(posixpath.dirname(job.file.name))
    assert files == [posixpath.basename(job.file.name)]  # nothing left by the loser


def test_a_render_whose_claim_is_taken_mid_way_stops_and_drops_its_file(
    commissioner, project, no_broker, monkeypatch
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    mine = report_services.report_claim(job_id=job.pk)

    def taken_over_while_drawing(html):
        result = html_to_pdf(html)
        ReportJob.objects.filter(pk=job.pk).update(claim=uuid.uuid4())
        return result

    monkeypatch.setattr(report_services, "html_to_pdf", taken_over_while_drawing)
    assert report_services.report_render_job(job=mine) == "lost"
    job.refresh_from_db()
    assert job.file.name == "" and job.status == JobStatus.RUNNING
    assert outcomes(job) == [AttemptOutcome.DISCARDED]


def test_the_lease_is_renewed_only_by_the_claim_holder(
    commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    mine = report_services.report_claim(job_id=job.pk)
    expire_lease(job)
    assert report_services.report_lease_renew(job_id=job.pk, claim=mine.claim)
    job.refresh_from_db()
    assert job.lease_until > timezone.now() + timedelta(seconds=10)
    assert not report_services.report_lease_renew(job_id=job.pk, claim=uuid.uuid4())


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_the_lease_and_notices_a_lost_claim(
    commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    mine = report_services.report_claim(job_id=job.pk)
    expire_lease(job)
    with report_services.LeaseHeartbeat(
        job_id=job.pk, claim=mine.claim, interval=0.05
    ) as heartbeat:
        deadline = time.monotonic() + 5
        while heartbeat.beats < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        job.refresh_from_db()
        assert job.lease_until > timezone.now()  # renewed from the other thread
        ReportJob.objects.filter(pk=job.pk).update(claim=uuid.uuid4())
        assert heartbeat.lost.wait(timeout=5)
    assert heartbeat.beats >= 2


def test_a_job_that_keeps_killing_its_worker_fails_after_three_attempts(
    commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.CASE_STUDY, project=project
    )
    for _ in range(3):
        assert report_services.report_claim(job_id=job.pk) is not None
        # The worker dies: the job stays "running" until its lease runs out.
        expire_lease(job)
    assert report_services.report_claim(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == report_services.failure_message(job.pk)
    assert outcomes(job) == [AttemptOutcome.LOST] * 3


def test_a_render_that_raises_is_tried_three_times_then_fails_in_plain_words(
    client,
    facilitator,
    project,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    def broken(html):
        raise RuntimeError("font cache missing at /var/cache/fontconfig")

    monkeypatch.setattr(report_services, "html_to_pdf", broken)
    client.force_login(facilitator)
    with caplog.at_level(logging.ERROR, logger="evaluation.reports.services"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("evaluation:project_reports", args=[project.slug]),
                {"kind": "summary"},
            )
    job = ReportJob.objects.get()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 3)
    assert outcomes(job) == [AttemptOutcome.RETRY] * 2 + [AttemptOutcome.FAILED]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The report could not be made." in page and f"number, {job.pk}" in page
    assert "font cache" not in page and "RuntimeError" not in page
    assert "Try again" in page
    # Staff find the details in the log, with the job id.
    logged = "\n".join(
        r.getMessage() + (r.exc_text or "") for r in caplog.records
    ) + "\n".join(str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    assert f"Report job {job.pk} attempt 1" in logged
    assert "font cache missing" in logged

    monkeypatch.setattr(report_services, "html_to_pdf", html_to_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluation:report_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 1, "")


def test_retries_are_spaced_a_few_seconds_apart(
    commissioner, project, monkeypatch, settings
):
    delays = []
    monkeypatch.setattr(
        report_services, "_enqueue", lambda job_id, delay=0: delays.append(delay)
    )
    monkeypatch.setattr(
        report_services, "html_to_pdf", lambda html: 1 / 0
    )  # a render that raises
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    for _ in range(3):
        report_render(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    step = settings.REPORT_RETRY_DELAY_SECONDS
    assert delays == [step, 2 * step]
    # Poison fails well within two minutes: three renders and two short waits.
    assert sum(delays) < 60


def test_only_the_requester_or_an_editor_may_try_a_failed_report_again(
    client, viewer, commissioner, facilitator, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, attempts=3, error="x"
    )
    url = reverse("evaluation:report_retry", args=[job.pk])
    editor = UserFactory(username="project-editor")
    ProjectMembership.objects.create(
        user=editor, project=project, role=AccessRole.FACILITATOR
    )

    client.force_login(viewer)
    assert "Try again" not in client.get(job.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 403
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 3)

    for allowed in (commissioner, facilitator, editor):  # asked for it; editors
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, attempts=3)
        client.force_login(allowed)
        assert "Try again" in client.get(job.get_absolute_url()).content.decode()
        assert client.post(url).status_code == 302
        job.refresh_from_db()
        assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)


def test_a_viewer_cannot_retry_through_the_service_either(viewer, project, no_broker):
    from django.core.exceptions import PermissionDenied

    job = ReportJob.objects.create(
        kind=ReportKind.SUMMARY,
        project=project,
        programme=project.programme,
        dedupe_key="k",
        status=JobStatus.FAILED,
        attempts=3,
    )
    with pytest.raises(PermissionDenied):
        report_services.report_retry(job=job, user=viewer)
    job.refresh_from_db()
    assert job.attempts == 3


def test_requests_over_the_hourly_limit_are_refused_in_plain_words(
    client, viewer, project, no_broker, settings
):
    settings.REPORT_REQUESTS_PER_HOUR = 2
    url = reverse("evaluation:project_reports", args=[project.slug])
    client.force_login(viewer)
    client.post(url, {"kind": "summary"})
    client.post(url, {"kind": "summary"})  # the same one, still pending: free
    client.post(url, {"kind": "case_study"})
    ReportJob.objects.update(status=JobStatus.DONE)
    response = client.post(url, {"kind": "summary"}, follow=True)
    assert ReportJob.objects.count() == 2
    assert response.status_code == 200
    page = response.content.decode()
    assert "You have asked for 2 new reports in the last hour" in page
    assert "You can ask for another after" in page
    # An hour later the old requests no longer count.
    ReportJob.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    client.post(url, {"kind": "summary"})
    assert ReportJob.objects.count() == 3


def test_the_hourly_limit_is_per_person_and_covers_programme_reports(
    client, commissioner, facilitator, project, no_broker, settings
):
    settings.REPORT_REQUESTS_PER_HOUR = 1
    report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    url = reverse("evaluation:programme_reports", args=[project.programme.slug])
    client.force_login(commissioner)
    refused = client.post(url, follow=True)
    assert "You have asked for 1 new report" in refused.content.decode()
    client.force_login(facilitator)
    assert client.post(url).status_code == 302
    assert ReportJob.objects.count() == 2


def test_sweep_republishes_jobs_waiting_over_a_minute_once_a_minute(
    commissioner, project, no_broker
):
    old, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.CASE_STUDY, project=project
    )
    new, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    ReportJob.objects.filter(pk=old.pk).update(
        queued_at=timezone.now() - timedelta(minutes=2)
    )
    no_broker.clear()
    call_command("report_sweep")
    assert no_broker == [old.pk]
    call_command("report_sweep")  # just published: not again yet
    assert no_broker == [old.pk]


def test_sweep_hands_on_a_job_whose_worker_stopped_at_once(
    commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    report_services.report_claim(job_id=job.pk)
    no_broker.clear()
    assert report_services.report_sweep() == []  # lease still fresh
    expire_lease(job)
    assert report_services.report_sweep() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.claim, job.attempts) == (JobStatus.QUEUED, None, 1)
    assert outcomes(job) == [AttemptOutcome.LOST]
    assert report_render(job.pk) == "stored"


def test_sweep_fails_a_job_that_stopped_its_worker_on_every_attempt(
    commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    for _ in range(3):
        report_services.report_claim(job_id=job.pk)
        expire_lease(job)
        report_services.report_sweep()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == report_services.failure_message(job.pk)


def test_beat_runs_the_sweep_task_every_few_seconds(
    commissioner, project, no_broker, settings
):
    entry = settings.CELERY_BEAT_SCHEDULE["report-sweep"]
    assert entry["schedule"] <= 10
    task = celery_app.tasks[entry["task"]]
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    report_services.report_claim(job_id=job.pk)
    expire_lease(job)
    no_broker.clear()
    assert task.delay().get() == 1
    assert no_broker == [job.pk]


def test_job_status_fragment_polls_only_while_pending(
    client, commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    client.force_login(commissioner)
    url = reverse("evaluation:report_job_status", args=[job.pk])
    assert 'hx-trigger="every 2s"' in client.get(url).content.decode()
    report_render(job.pk)
    body = client.get(url).content.decode()
    assert "hx-trigger" not in body and "Download the PDF" in body


def test_outsider_cannot_see_or_download_a_report(
    client, outsider, commissioner, project
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    client.force_login(outsider)
    for name in ("report_job", "report_download", "report_job_status"):
        assert (
            client.get(reverse(f"evaluation:{name}", args=[job.pk])).status_code == 404
        )


def test_reports_refuse_outside_urls_and_escape_user_text(project):
    project.title = 'Evil <img src="file:///etc/passwd"> project'
    project.save(update_fields=["title"])
    html = report_html(
        ReportKind.CASE_STUDY, report_context("case_study", project=project)
    )
    assert "&lt;img" in html and '<img src="file:' not in html
    result = html_to_pdf(
        html.replace(
            "</body>",
            '<img src="file:///etc/passwd"><img src="http://169.254.169.254/x.png">'
            '<img src="http://127.0.0.1:8000/static/css/pdf.css"></body>',
        )
    )
    assert result.refused_urls == [
        "file:///etc/passwd",
        "http://169.254.169.254/x.png",
        "http://127.0.0.1:8000/static/css/pdf.css",
    ]


def test_report_command_writes_each_kind(project, tmp_path):
    for kind, slug in [
        ("case-study", project.slug),
        ("summary", project.slug),
        ("programme", project.programme.slug),
    ]:
        out = tmp_path / f"{kind}.pdf"
        call_command("report", kind, slug, "-o", str(out))
        text = pdf_text(out.read_bytes())
        assert project.title in text


def test_case_study_follows_consent_and_redaction_and_has_every_section(project):
    from evaluation.models import Consent, LearningPoint, Quote

    LearningPoint.objects.create(project=project, text="Pay people for their time.")
    Quote.objects.create(
        project=project,
        text="Maria at Hillside Centre made us feel heard.",
        redactions=[{"start": 0, "end": 5, "label": "name"}],
        source="interview",
        role_category="service_user",
        consent=Consent.MAY_QUOTE,
    )
    Quote.objects.create(
        project=project,
        text="Secret remark that must stay inside.",
        source="interview",
        role_category="clinician",
        consent=Consent.MAY_NOT,
    )
    result = report_services.report_pdf(ReportKind.CASE_STUDY, project=project)
    text = pdf_text(result.content)
    for heading in (
        "The story",
        "Double Diamond path",
        "Stage by stage",
        "logic models",
        "matrix scores",
        "Outcomes and contribution",
        "In their words",
        "Who took part",
        "Key learning points",
    ):
        assert heading in text
    assert "[name] at Hillside Centre" in text and "Maria" not in text
    assert "(Service user or carer" in text
    assert "Secret remark" not in text
    assert "Pay people for their time." in text
    assert result.page_count >= 2 and result.refused_urls == []


def test_evaluator_writes_learning_points_and_commissioner_cannot(
    client, evaluator, commissioner, project
):
    url = reverse("evaluation:learning_point_add", args=[project.slug])
    client.force_login(evaluator)
    assert client.post(url, {"text": "  Start small. "}).status_code == 302
    too_long = client.post(url, {"text": "x" * 4001})
    assert "at most 4000" in too_long.content.decode()
    client.force_login(commissioner)
    assert client.post(url, {"text": "Nope"}).status_code == 403
    from evaluation.models import LearningPoint

    assert list(LearningPoint.objects.values_list("text", flat=True)) == [
        "Start small."
    ]


def test_reports_page_queries_do_not_grow_with_jobs(
    client, commissioner, project, no_broker, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("evaluation:project_reports", args=[project.slug])
    client.get(url)
    for n in range(30):
        ReportJob.objects.create(
            kind="summary",
            project=project,
            programme=project.programme,
            dedupe_key=f"k{n}",
            status="done",
            requested_by=commissioner,
        )
    # session, user, project, access (3), jobs, learning points.
    with django_assert_max_num_queries(12):
        client.get(url)


def test_fetcher_serves_collected_static_files_with_hashed_names(settings, tmp_path):
    from evaluation.reports.fetcher import REPORT_BASE_URL, StaticOnlyFetcher

    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "css").mkdir(parents=True)
    (settings.STATIC_ROOT / "css" / "pdf.0123abcd.css").write_text("h1 {color: red}")
    # Changing STATIC_ROOT resets the static storage (Django's setting_changed).
    response = StaticOnlyFetcher().fetch(
        REPORT_BASE_URL + "static/css/pdf.0123abcd.css"
    )
    assert response.read() == b"h1 {color: red}"
