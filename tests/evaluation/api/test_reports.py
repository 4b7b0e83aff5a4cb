"""Report jobs through the API: asked for as on the reports page, followed by
status, downloaded through the page's own checked path."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from evaluation.models import JobStatus, ReportJob
from projects.models import HistoryEvent

pytestmark = pytest.mark.django_db


def test_a_member_asks_for_a_case_study_and_downloads_it(as_user, project, facilitator):
    client = as_user(facilitator)
    asked = client.post(
        reverse("api:report_job_list"),
        {"kind": "case_study", "project": project.pk},
        format="json",
    )
    assert asked.status_code in {200, 201}, asked.json()
    job = ReportJob.objects.get(pk=asked.json()["id"])
    assert job.requested_by == facilitator
    url = reverse("api:report_job_download", args=[job.pk])
    # Tasks run in-process in the tests, so the job may be made already; make it
    # plainly done with a known file to check the download itself.
    job.status = JobStatus.DONE
    job.file.save("api-test.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    job.save(update_fields=["status", "file"])
    detail = client.get(reverse("api:report_job_detail", args=[job.pk])).json()
    assert detail["download"] == url
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert HistoryEvent.objects.filter(
        model="evaluation.reportjob", object_id=job.pk, action="downloaded"
    ).exists()


def test_an_outsider_cannot_see_or_ask_for_reports(
    as_user, project, facilitator, outsider
):
    job = ReportJob.objects.create(
        kind="case_study", project=project, programme=project.programme, dedupe_key="x"
    )
    client = as_user(outsider)
    assert (
        client.get(reverse("api:report_job_detail", args=[job.pk])).status_code == 404
    )
    assert client.get(reverse("api:report_job_list")).json()["count"] == 0
    asked = client.post(
        reverse("api:report_job_list"),
        {"kind": "case_study", "project": project.pk},
        format="json",
    )
    assert asked.status_code == 404
    programme_report = client.post(
        reverse("api:report_job_list"),
        {"kind": "programme", "programme": project.programme.pk},
        format="json",
    )
    assert programme_report.status_code == 404


def test_a_withdrawn_report_is_gone(as_user, project, facilitator):
    job = ReportJob.objects.create(
        kind="case_study",
        project=project,
        programme=project.programme,
        dedupe_key="y",
        status=JobStatus.WITHDRAWN,
        withdrawn_reason="A quote was withdrawn.",
    )
    response = as_user(facilitator, "read").get(
        reverse("api:report_job_download", args=[job.pk])
    )
    assert response.status_code == 410
    assert response.json()["withdrawn_reason"] == "A quote was withdrawn."
