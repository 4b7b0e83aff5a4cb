"""Report jobs: states, dedupe, duplicate delivery, poison, retry, downloads."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluation.models import JobStatus, ReportJob, ReportKind
from evaluation.reports import services as report_services
from evaluation.reports.context import report_context
from evaluation.reports.html import report_html
from evaluation.reports.pdf import html_to_pdf
from evaluation.tasks import report_render


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def no_broker(monkeypatch):
    """Requests are stored but nothing is published (as with the broker down)."""
    published = []
    monkeypatch.setattr(report_services, "_enqueue", published.append)
    return published


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
    assert report_render(job.pk) == "rendered"
    assert report_render(job.pk) == "skipped"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)


def test_a_job_running_elsewhere_is_not_taken_until_its_lease_runs_out(
    commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    assert report_services.report_claim(job_id=job.pk) is not None
    assert report_services.report_claim(job_id=job.pk) is None
    ReportJob.objects.filter(pk=job.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    again = report_services.report_claim(job_id=job.pk)
    assert again is not None and again.attempts == 2


def test_a_job_that_keeps_killing_its_worker_fails_after_three_attempts(
    commissioner, project, no_broker
):
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.CASE_STUDY, project=project
    )
    for _ in range(3):
        assert report_services.report_claim(job_id=job.pk) is not None
        # The worker dies: the job stays "running" until its lease runs out.
        ReportJob.objects.filter(pk=job.pk).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )
    assert report_services.report_claim(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "after 3 attempts" in job.error


def test_a_failed_render_says_why_and_can_be_retried(
    client, facilitator, project, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html):
        raise RuntimeError("font cache missing")

    monkeypatch.setattr(report_services, "html_to_pdf", broken)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluation:project_reports", args=[project.slug]),
            {"kind": "summary"},
        )
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "font cache missing" in page and "Try again" in page

    monkeypatch.setattr(report_services, "html_to_pdf", html_to_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluation:report_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 1, "")


def test_sweep_republishes_jobs_waiting_over_a_minute(commissioner, project, no_broker):
    old, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.CASE_STUDY, project=project
    )
    new, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    ReportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(minutes=2)
    )
    no_broker.clear()
    call_command("report_sweep")
    assert no_broker == [old.pk]


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
    assert client.post(url, {"text": "  Start   small. "}).status_code == 302
    too_long = client.post(url, {"text": "x" * 501})
    assert "at most 500" in too_long.content.decode()
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
