"""Evidence files and report PDFs go through Django's storage API, on the local disk
and in an S3 bucket on a real S3-compatible HTTP server (moto's server mode on
loopback), and are only ever handed out by the permission-checked views.

These tests need nothing but the installed packages, so they run everywhere; the last
one also starts a real worker (PostgreSQL and Redis, as in CI).
"""

import io
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from coproduce.storage import FILESYSTEM_BACKEND, S3_BACKEND, media_storage
from evaluation.evidence import exports
from evaluation.models import Document, JobStatus, ReportJob
from tests.coproduce.test_backing_services import redis_url
from tests.workers import (
    back_to_eager,
    free_port,
    require_shared_database,
    start_worker,
    stop_process,
    use_broker,
)

REGION = "eu-west-2"
NOTES = b"Notes from the planning meeting\n"
# Grantees that would make an object readable by anyone, signed in to AWS or not.
PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@pytest.fixture(scope="session")
def s3_endpoint():
    """One moto S3 server for the session, on a free loopback port."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@dataclass
class Media:
    kind: str
    root: Path
    bucket: str = ""
    endpoint: str = ""
    s3: object = None  # a boto3 client, for looking behind the storage API

    def stored_names(self) -> set[str]:
        if self.kind == "s3":
            listing = self.s3.list_objects_v2(Bucket=self.bucket)
            return {item["Key"] for item in listing.get("Contents", [])}
        return {
            str(path.relative_to(self.root))
            for path in self.root.rglob("*")
            if path.is_file()
        }


def _media(kind, request, settings, tmp_path, monkeypatch) -> Media:
    settings.MEDIA_ROOT = tmp_path / "media"
    if kind == "filesystem":
        settings.STORAGES = {**settings.STORAGES, "default": media_storage({})}
        return Media("filesystem", settings.MEDIA_ROOT)
    import boto3

    endpoint = request.getfixturevalue("s3_endpoint")
    # Credentials come from the usual AWS variables, as in production.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "coproduce-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "coproduce-test-secret")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    bucket = f"coproduce-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION)
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage(
            {
                "AWS_STORAGE_BUCKET_NAME": bucket,
                "AWS_S3_REGION_NAME": REGION,
                "AWS_S3_ENDPOINT_URL": endpoint,
            }
        ),
    }
    return Media("s3", settings.MEDIA_ROOT, bucket, endpoint, client)


@pytest.fixture(params=["filesystem", "s3"])
def media(request, settings, tmp_path, monkeypatch):
    """Media in a throwaway folder, or in a fresh private bucket on the moto server."""
    return _media(request.param, request, settings, tmp_path, monkeypatch)


@pytest.fixture
def s3_media(request, settings, tmp_path, monkeypatch):
    return _media("s3", request, settings, tmp_path, monkeypatch)


def upload(client, user, project, name="planning notes.txt", content=NOTES):
    client.force_login(user)
    response = client.post(
        reverse("evaluation:document_upload", args=[project.slug]),
        {
            "title": "Planning",
            "kind": "meeting_notes",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 302
    return Document.objects.get()


def download_document(client, user, document):
    client.force_login(user)
    return client.get(
        reverse(
            "evaluation:document_download", args=[document.project.slug, document.pk]
        )
    )


def make_report(client, user, project, capture):
    client.force_login(user)
    with capture(execute=True):
        client.post(
            reverse("evaluation:project_reports", args=[project.slug]),
            {"kind": "summary"},
        )
    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE, job.error
    return job


def test_the_environment_chooses_the_media_storage():
    assert media_storage({}) == {"BACKEND": FILESYSTEM_BACKEND}
    s3 = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "coproduce-media",
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
        }
    )
    assert s3["BACKEND"] == S3_BACKEND
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["region_name"]) == (
        "coproduce-media",
        REGION,
    )
    assert options["endpoint_url"] == "https://s3.example.org"
    # Private objects, signed URLs only, and no report overwriting another.
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert "access_key" not in options and "secret_key" not in options


@pytest.mark.django_db
def test_an_uploaded_document_is_stored_and_served_only_through_the_checked_view(
    media, client, evaluator, commissioner, outsider, project
):
    document = upload(client, evaluator, project)
    assert media.stored_names() == {document.file.name}
    assert "planning notes" not in document.file.name
    with default_storage.open(document.file.name, "rb") as handle:
        assert handle.read() == NOTES
    if media.kind == "s3":  # nothing was written to the local folder
        assert not media.root.exists() or not any(media.root.rglob("*"))

    response = download_document(client, commissioner, document)
    assert response.status_code == 200  # streamed by us, never a redirect
    assert "Location" not in response
    assert b"".join(response.streaming_content) == NOTES
    assert response["Content-Type"] == "text/plain"
    assert 'filename="planning notes.txt"' in response["Content-Disposition"]

    # The page that lists it links to our view, never to the storage itself.
    page = client.get(reverse("evaluation:document_list", args=[project.slug]))
    body = page.content.decode()
    assert (
        reverse("evaluation:document_download", args=[project.slug, document.pk])
        in body
    )
    assert document.file.name not in body
    if media.kind == "s3":
        assert media.bucket not in body and media.endpoint not in body

    assert download_document(client, outsider, document).status_code == 404


@pytest.mark.django_db
def test_a_document_missing_from_storage_is_not_found(
    media, client, evaluator, project
):
    document = upload(client, evaluator, project)
    default_storage.delete(document.file.name)
    assert download_document(client, evaluator, document).status_code == 404


@pytest.mark.django_db
def test_deleting_a_document_deletes_the_stored_file(
    media, client, evaluator, project, django_capture_on_commit_callbacks
):
    document = upload(client, evaluator, project)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:document_delete", args=[project.slug, document.pk])
        )
    assert response.status_code == 302
    assert not default_storage.exists(document.file.name)
    assert media.stored_names() == set()


@pytest.mark.django_db
def test_a_report_pdf_is_stored_and_downloaded_through_the_checked_view(
    media, client, commissioner, outsider, project, django_capture_on_commit_callbacks
):
    job = make_report(client, commissioner, project, django_capture_on_commit_callbacks)
    assert media.stored_names() == {job.file.name}
    assert job.file.name.startswith("reports/") and job.file.name.endswith(".pdf")

    url = reverse("evaluation:report_download", args=[job.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert project.title in text

    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_report_missing_from_storage_is_not_found(
    media, client, commissioner, project, django_capture_on_commit_callbacks
):
    job = make_report(client, commissioner, project, django_capture_on_commit_callbacks)
    default_storage.delete(job.file.name)
    response = client.get(reverse("evaluation:report_download", args=[job.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_refi_qda_export_reads_documents_through_storage(
    media, client, evaluator, programme, project
):
    upload(client, evaluator, project)
    with zipfile.ZipFile(io.BytesIO(exports.qdpx_bytes(programme))) as archive:
        sources = [
            archive.read(name)
            for name in archive.namelist()
            if name.startswith("Sources/")
        ]
    assert NOTES in sources


@pytest.mark.django_db
def test_files_with_the_same_name_do_not_overwrite_each_other(media):
    first = default_storage.save("reports/summary.pdf", ContentFile(b"first"))
    second = default_storage.save("reports/summary.pdf", ContentFile(b"second"))
    assert first != second
    with default_storage.open(first, "rb") as handle:
        assert handle.read() == b"first"
    assert media.stored_names() == {first, second}


def test_the_readiness_storage_check_passes(media):
    from health_check.checks import Storage

    Storage().run()  # saves, reads back and deletes a file; raises when it cannot
    assert media.stored_names() == set()


@pytest.mark.django_db
def test_objects_in_the_bucket_are_private(
    s3_media,
    client,
    evaluator,
    commissioner,
    project,
    django_capture_on_commit_callbacks,
):
    media = s3_media
    document = upload(client, evaluator, project)
    job = make_report(client, commissioner, project, django_capture_on_commit_callbacks)
    names = {document.file.name, job.file.name}
    assert media.stored_names() == names
    for name in names:
        grants = media.s3.get_object_acl(Bucket=media.bucket, Key=name)["Grants"]
        assert not {grant["Grantee"].get("URI") for grant in grants} & PUBLIC_GRANTEES
        # Someone who guesses the address, without credentials, is refused.
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{media.endpoint}/{media.bucket}/{name}")
        assert refused.value.code == 403
        # Any URL the backend would make carries a signature that expires.
        assert "X-Amz-Signature=" in default_storage.url(name)
    # Nor does the bucket open itself up: no public grant and no bucket policy. (The
    # app never sets either; moto does not refuse anonymous listing, so ask directly.)
    bucket_grants = media.s3.get_bucket_acl(Bucket=media.bucket)["Grants"]
    assert (
        not {grant["Grantee"].get("URI") for grant in bucket_grants} & PUBLIC_GRANTEES
    )
    with pytest.raises(ClientError) as no_policy:
        media.s3.get_bucket_policy(Bucket=media.bucket)
    assert no_policy.value.response["Error"]["Code"] == "NoSuchBucketPolicy"


@pytest.mark.services
def test_a_worker_sharing_only_the_bucket_makes_the_report_the_site_serves(
    s3_media, transactional_db, client, commissioner, project, tmp_path
):
    """Web and worker on two hosts: no folder in common, only the bucket."""
    require_shared_database()
    broker = redis_url()
    worker_folder = tmp_path / "worker-media"
    worker = start_worker(
        broker,
        MEDIA_ROOT=worker_folder,
        AWS_STORAGE_BUCKET_NAME=s3_media.bucket,
        AWS_S3_REGION_NAME=REGION,
        AWS_S3_ENDPOINT_URL=s3_media.endpoint,
    )
    use_broker(broker)
    try:
        client.force_login(commissioner)
        client.post(
            reverse("evaluation:project_reports", args=[project.slug]),
            {"kind": "summary"},
        )
        job = ReportJob.objects.get()
        deadline = time.monotonic() + 90
        while job.status not in (JobStatus.DONE, JobStatus.FAILED):
            assert time.monotonic() < deadline, f"job still {job.status}"
            time.sleep(0.2)
            job.refresh_from_db()
    finally:
        back_to_eager()
        stop_process(worker)
    assert job.status == JobStatus.DONE, job.error
    assert s3_media.stored_names() == {job.file.name}
    assert not worker_folder.exists() or not any(worker_folder.rglob("*"))
    response = client.get(reverse("evaluation:report_download", args=[job.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert project.title in text
