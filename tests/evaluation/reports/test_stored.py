"""A report asked for again when nothing it shows has changed is handed out from the
stored PDF at once; any change in the programme, or a consent change, makes a new
one, and a withdrawn PDF is never handed out."""

import pytest
from django.urls import reverse

from evaluation.models import Consent, JobStatus, ReportJob, ReportKind
from evaluation.reports import services as report_services
from evaluation.reports.stamps import last_change_id
from evaluation.tasks import report_render
from tests.evaluation.reports.test_withdrawal import consent_withdraw, quote
from tests.factories import StakeholderFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def made(user, project, kind=ReportKind.SUMMARY):
    job, created = report_services.report_request(user=user, kind=kind, project=project)
    assert created
    assert report_render(job.pk) == "stored"
    job.refresh_from_db()
    return job


def test_an_unchanged_report_asked_for_again_is_the_stored_one(
    client,
    commissioner,
    facilitator,
    project,
    no_broker,
    django_capture_on_commit_callbacks,
):
    first = made(commissioner, project)
    assert first.stamp
    # Downloading it is recorded, but is not a change to what it shows.
    client.force_login(commissioner)
    download = client.get(reverse("evaluation:report_download", args=[first.pk]))
    assert download.status_code == 200
    b"".join(download.streaming_content)

    with django_capture_on_commit_callbacks(execute=True):
        again, created = report_services.report_request(
            user=facilitator, kind=ReportKind.SUMMARY, project=project
        )
    assert (again, created) == (first, False)
    assert no_broker == []  # nothing to render
    assert first.tries.count() == 1
    assert ReportJob.objects.count() == 1
    # Through the page, with a plain note.
    response = client.post(
        reverse("evaluation:project_reports", args=[project.slug]),
        {"kind": "summary"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == first.get_absolute_url()
    assert "Nothing in that report has changed since it was made" in (
        response.content.decode()
    )
    assert ReportJob.objects.count() == 1


def test_a_change_anywhere_in_the_programme_makes_a_new_report(
    commissioner, project, no_broker
):
    first = made(commissioner, project)
    before = last_change_id(project.programme_id)
    project.title = "A new name"
    project.save(update_fields=["title"])
    assert last_change_id(project.programme_id) > before

    second, created = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    assert created and second != first
    # Other kinds and scopes never share a PDF.
    other, created = report_services.report_request(
        user=commissioner, kind=ReportKind.CASE_STUDY, project=project
    )
    assert created and other not in (first, second)


def test_after_consent_is_withdrawn_the_stored_pdf_is_never_handed_out(
    commissioner, facilitator, project, no_broker
):
    person = StakeholderFactory(programme=project.programme)
    quote(project, person=person, consent=Consent.MAY_QUOTE)
    first = made(commissioner, project, kind=ReportKind.CASE_STUDY)
    assert first.voices.filter(stakeholder=person).exists()

    consent_withdraw(person, facilitator)

    first.refresh_from_db()
    assert first.status == JobStatus.WITHDRAWN and not first.file
    again, created = report_services.report_request(
        user=commissioner, kind=ReportKind.CASE_STUDY, project=project
    )
    assert again != first
    assert again == first.replacement  # the replacement the withdrawal asked for
    assert again.status == JobStatus.QUEUED
