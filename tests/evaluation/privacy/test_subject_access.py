import io
import json
import zipfile

import pytest
from django.urls import reverse

from evaluation.models import JobStatus, SubjectAccessJob
from evaluation.privacy import services
from projects.models import HistoryEvent
from tests.evaluation.privacy.conftest import EMAIL, NAME, WORDS


def _zip(job) -> zipfile.ZipFile:
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


@pytest.fixture
def made(django_capture_on_commit_callbacks, footprint, person, evaluator):
    with django_capture_on_commit_callbacks(execute=True):
        job, created = services.subject_access_request(
            stakeholder=person, user=evaluator
        )
    assert created
    job.refresh_from_db()
    return job


def test_the_download_is_made_in_the_background_and_holds_every_record(made):
    assert made.status == JobStatus.DONE
    assert made.progress == 100
    archive = _zip(made)
    data = json.loads(archive.read("data.json"))
    assert set(data) >= {
        "projects.Stakeholder",
        "projects.ProjectStakeholder",
        "projects.Attendance",
        "projects.Invitation",
        "evaluation.Quote",
        "evaluation.ConsentRecord",
        "evaluation.RoundInvitation",
        "evaluation.RoundResponse",
        "evaluation.DimensionScore",
        "evaluation.Invitation",
        "evaluation.ThemeReview",
        "evaluation.Document",
        "projects.CommunicationNeeds",
        "projects.NeedArrangement",
    }
    [me] = data["projects.Stakeholder"]
    assert me["display_name"] == NAME
    assert me["email"] == EMAIL
    assert me["organisation"] == "Riverside Carers"
    assert WORDS in {row["text"] for row in data["evaluation.Quote"]}
    assert data["evaluation.ConsentRecord"][0]["note"] == "Ann prefers phone calls"
    assert data["evaluation.DimensionScore"][0]["comment"] == "Ann's example"
    assert data["evaluation.ThemeReview"][0]["comment"] == "Ann agrees"
    assert {"project_id", "created_at"} <= set(data["evaluation.Quote"][0])


def test_link_secrets_are_not_in_the_download(made, footprint):
    raw = _zip(made).read("data.json").decode()
    assert "token_hash" not in raw
    assert footprint["round_link"].token_hash not in raw


def test_the_summary_page_names_the_person_and_shows_their_words(made):
    html = _zip(made).read("summary.html").decode()
    assert f"Personal data held about {NAME}" in html
    assert WORDS in html
    assert "What you agreed to about quoting you" in html


def test_the_document_their_quote_came_from_is_inside(made, footprint):
    archive = _zip(made)
    document = footprint["document"]
    name = f"documents/{document.pk}-interview-notes.txt"
    assert name in archive.namelist()
    assert archive.read(name) == b"Notes of Ann's interview\n"


def test_asking_again_while_one_is_pending_reuses_it(person, evaluator):
    first, created = services.subject_access_request(stakeholder=person, user=evaluator)
    again, created_again = services.subject_access_request(
        stakeholder=person, user=evaluator
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert first.status == JobStatus.QUEUED


def test_a_claimed_job_cannot_be_claimed_twice(person, evaluator):
    job, _ = services.subject_access_request(stakeholder=person, user=evaluator)
    assert services.subject_access_claim(job_id=job.pk) is not None
    assert services.subject_access_claim(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.attempts == 1


def test_a_failure_is_shown_in_plain_words_and_a_retry_makes_it(
    django_capture_on_commit_callbacks, client, person, evaluator, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services.selectors, "subject_access_data", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = services.subject_access_request(stakeholder=person, user=evaluator)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "could not be made" in job.error and str(job.pk) in job.error
    assert "disk on fire" not in job.error
    client.force_login(evaluator)
    page = client.get(reverse("evaluation:subject_access_job", args=[job.pk]))
    body = page.content.decode()
    assert "The download was not made." in body and "Try again" in body

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:subject_access_retry", args=[job.pk])
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2
    assert job.error == ""


def test_downloading_is_recorded_as_a_read(client, made, evaluator):
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:subject_access_download", args=[made.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    read = HistoryEvent.objects.get(action="downloaded")
    assert read.person_id == made.stakeholder_id
    assert read.model == "evaluation.subjectaccessjob"
    assert read.context["user"] == evaluator.pk
    assert NAME not in read.note


def test_a_download_that_is_not_ready_is_not_found(client, person, evaluator):
    job = SubjectAccessJob.objects.create(
        programme=person.programme, stakeholder=person
    )
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:subject_access_download", args=[job.pk]))
    assert response.status_code == 404


def test_the_sweep_publishes_again_a_job_left_waiting(person, evaluator, monkeypatch):
    job, _ = services.subject_access_request(stakeholder=person, user=evaluator)
    SubjectAccessJob.objects.filter(pk=job.pk).update(
        queued_at=job.queued_at - services.dt.timedelta(minutes=5)
    )
    published = []
    monkeypatch.setattr(services, "_enqueue", published.append)
    assert services.subject_access_sweep() == [job.pk]
    assert published == [job.pk]
    assert services.subject_access_sweep() == []


def test_decisions_the_person_is_named_as_making_are_in_the_download(person, project):
    from evaluation.privacy.selectors import subject_access_data
    from tests.evaluation.decisions.factories import make_decision

    decision = make_decision(project, decided_by=[person])
    make_decision(project, what="A decision made by others", decided_by=[])
    data = subject_access_data(person)
    assert [row["id"] for row in data["evaluation.Decision"]] == [decision.pk]
