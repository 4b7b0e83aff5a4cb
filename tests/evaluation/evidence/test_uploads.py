import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.evidence import services
from evaluation.evidence.uploads import check_upload
from evaluation.models import Document
from projects.models import HistoryEvent

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("photo.png", PNG, "image/png"),
        ("report.PDF", PDF, "application/pdf"),
        ("notes.txt", "Notes with ünïcode\n".encode(), "text/plain"),
        (
            "brief.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("table.csv", b"a,b\n1,2\n", "text/csv"),
    ],
)
def test_allowed_files_are_accepted_by_their_bytes(name, content, content_type):
    assert check_upload(SimpleUploadedFile(name, content)).content_type == content_type


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.exe", b"MZ\x90\x00", "cannot be uploaded"),
        ("photo.png", PDF, "do not match"),  # a PDF calling itself a PNG
        ("report.pdf", b"<html><script>alert(1)</script></html>", "do not match"),
        ("notes.txt", b"<!DOCTYPE html><html></html>", "do not match"),
        ("drawing.svg", b"<svg onload=alert(1)>", "cannot be uploaded"),
        ("brief.docx", PNG, "do not match"),
        ("slides.pptx", _docx(), "do not match"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_wrong_or_misleading_files_are_refused_with_a_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)


def test_files_over_the_limit_are_refused(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("notes.txt", b"x" * 101))
    assert "limit" in error.value.messages[0]


def test_upload_page_stores_the_file_under_a_random_name(
    client, evaluator, project, settings
):
    client.force_login(evaluator)
    response = client.post(
        reverse("evaluation:document_upload", args=[project.slug]),
        {
            "title": "Wall",
            "kind": "photo",
            "file": SimpleUploadedFile("my wall.png", PNG),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "image/png"
    assert document.original_name == "my wall.png"
    assert "my wall" not in document.file.name
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == PNG


def test_upload_page_shows_the_reason_for_a_refused_file(client, evaluator, project):
    client.force_login(evaluator)
    response = client.post(
        reverse("evaluation:document_upload", args=[project.slug]),
        {
            "title": "Fake",
            "kind": "photo",
            "file": SimpleUploadedFile("fake.png", b"GIF89a...."),
        },
    )
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert not Document.objects.exists()


@pytest.fixture
def document(project):
    return services.document_upload(
        project=project,
        uploaded=SimpleUploadedFile("notes.txt", b"Private notes\n"),
        data={"title": "Notes", "kind": "meeting_notes"},
    )


def test_members_download_through_the_checked_view_and_it_is_audited(
    client, commissioner, project, document
):
    client.force_login(commissioner)
    response = client.get(
        reverse("evaluation:document_download", args=[project.slug, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Private notes\n"
    assert response["Content-Type"] == "text/plain"
    assert "attachment" in response["Content-Disposition"]
    (event,) = HistoryEvent.objects.filter(action="downloaded")
    assert (event.model, event.object_id) == ("evaluation.document", str(document.pk))


def test_outsiders_get_404_for_a_document(client, outsider, project, document):
    client.force_login(outsider)
    response = client.get(
        reverse("evaluation:document_download", args=[project.slug, document.pk])
    )
    assert response.status_code == 404


def test_document_of_another_project_is_not_served_under_this_one(
    client, evaluator, programme, document
):
    from tests.factories import ProjectFactory

    other = ProjectFactory(programme=programme)
    client.force_login(evaluator)
    response = client.get(
        reverse("evaluation:document_download", args=[other.slug, document.pk])
    )
    assert response.status_code == 404


def test_deleting_a_document_removes_the_file(
    client, evaluator, project, document, settings, django_capture_on_commit_callbacks
):
    path = settings.MEDIA_ROOT / document.file.name
    assert path.exists()
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluation:document_delete", args=[project.slug, document.pk])
        )
    assert not Document.objects.exists()
    assert not path.exists()
