"""The demo has a person who withdrew consent after a case study quoting her was
made: the old case study is withdrawn, its replacement is ready and leaves her out."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from evaluation.demo import consent as demo_consent
from evaluation.models import Consent, JobStatus, Quote, ReportJob

pytestmark = pytest.mark.django_db


def signed_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_demo_shows_a_case_study_withdrawn_and_its_replacement_ready(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", force=True)
    jobs = ReportJob.objects.count()
    demo_consent.demo_load()  # running it again changes nothing
    assert ReportJob.objects.count() == jobs

    old = ReportJob.objects.get(
        project__slug="edge-of-care", status=JobStatus.WITHDRAWN
    )
    quote = Quote.objects.get(stakeholder__display_name="Dawn (pseudonym)")
    assert quote.consent == Consent.MAY_NOT
    assert [t.name for t in quote.themes.all()] == ["Being listened to"]
    assert not old.file and old.voices.filter(quote=quote).exists()
    new = old.replacement
    assert new.status == JobStatus.DONE
    assert new.voices.exists() and not new.voices.filter(quote=quote).exists()

    cam = signed_in("cam")
    page = cam.get(
        reverse("evaluation:project_reports", args=["edge-of-care"])
    ).content.decode()
    assert "Withdrawn because a participant withdrew consent to be quoted" in page
    assert "A replacement is ready" in page
    assert reverse("evaluation:report_download", args=[old.pk]) not in page
    assert (
        cam.get(reverse("evaluation:report_download", args=[old.pk])).status_code == 410
    )
    pdf = cam.get(reverse("evaluation:report_download", args=[new.pk]))
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert new.project.title in " ".join(text.split())
    assert "what we had done wrong" not in " ".join(text.split())

    eve = signed_in("eve")
    job_page = eve.get(old.get_absolute_url()).content.decode()
    assert "This report has been withdrawn." in job_page and "Recorded" in job_page
