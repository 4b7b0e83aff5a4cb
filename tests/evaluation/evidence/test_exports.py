import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.evidence import exports, services
from evaluation.models import Consent
from projects.models import HistoryEvent
from tests.evaluation.evidence.factories import (
    ClaimFactory,
    ObservationFactory,
    QuoteFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# The project carries its own copy of the schema (MIT licence, see LICENSE beside it).
XSD = Path(__file__).resolve().parent / "refi_qda" / "Project.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture
def evidence(project):
    parent = ThemeFactory(programme=project.programme, name="Power")
    child = ThemeFactory(programme=project.programme, parent=parent, name="Deciding")
    text = "Sam at Open Door Arts said =SUM(A1) was fine"
    shown = QuoteFactory(
        project=project,
        text=text,
        redactions=services.redactions_from_lines(
            text, "Sam => name\nOpen Door Arts => organisation"
        ),
    )
    shown.themes.add(child)
    hidden = QuoteFactory(project=project, text="Secret words", consent=Consent.MAY_NOT)
    hidden.themes.add(parent)
    observation = ObservationFactory(project=project)
    observation.quotes.add(shown, hidden)
    claim = ClaimFactory(project=project, indicator__programme=project.programme)
    claim.quotes.add(shown, hidden)
    services.document_upload(
        project=project,
        uploaded=SimpleUploadedFile("notes.txt", b"Meeting notes\n"),
        data={"title": "Notes", "kind": "meeting_notes"},
    )
    return {"shown": shown, "hidden": hidden, "child": child}


def _rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_quotes_csv_is_redacted_consented_and_has_theme_paths(programme, evidence):
    rows = _rows(exports.quotes_csv(programme))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Text (redacted)"] == "[name] at [organisation] said =SUM(A1) was fine"
    assert row["Themes"] == "Power / Deciding"
    assert "Secret words" not in exports.quotes_csv(programme)
    assert "Sam" not in exports.quotes_csv(programme)


def test_csv_cells_cannot_start_a_formula(project):
    QuoteFactory(project=project, text='=HYPERLINK("http://x")')
    rows = _rows(exports.quotes_csv(project.programme))
    assert rows[1][6].startswith("'=")


def test_claims_and_observations_csv_leave_out_restricted_quotes(programme, evidence):
    claims = exports.claims_csv(programme)
    assert "Secret words" not in claims
    assert "[name] at [organisation]" in claims
    observations = _rows(exports.observations_csv(programme))
    assert observations[1][8] == "1"  # only the quote that may be shared


def _validate(data: bytes):
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - lxml is needed for this check
        from tests.conftest import service_missing

        service_missing("lxml is not installed")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = etree.fromstring(archive.read("project.qde"))
        names = archive.namelist()
    schema.assertValid(document)
    return document, names


def test_qdpx_export_is_valid_against_the_refi_qda_schema(programme, evidence):
    document, names = _validate(exports.qdpx_bytes(programme))
    assert document.tag == "{urn:QDA-XML:project:1.0}Project"
    assert any(name.startswith("Sources/") for name in names)
    texts = document.xpath("//q:PlainTextContent/text()", namespaces=NS)
    assert texts == ["[name] at [organisation] said =SUM(A1) was fine"]
    codes = document.xpath("//q:Code/@name", namespaces=NS)
    assert codes == ["Power", "Deciding"]
    assert document.xpath("//q:Case/@name", namespaces=NS) == [
        evidence["shown"].project.title
    ]


def test_qdpx_guids_stay_the_same_between_exports(programme, evidence):
    first, _ = _validate(exports.qdpx_bytes(programme))
    second, _ = _validate(exports.qdpx_bytes(programme))
    guids = "//@guid"
    assert first.xpath(guids) == second.xpath(guids)
    assert len(set(first.xpath(guids))) == len(first.xpath(guids))


def test_qdpx_of_an_empty_programme_is_valid(programme):
    _validate(exports.qdpx_bytes(programme))


def test_export_downloads_are_recorded_in_the_audit_trail(
    client, commissioner, programme, evidence
):
    client.force_login(commissioner)
    for name in [
        "export_quotes",
        "export_observations",
        "export_contribution",
        "export_qdpx",
    ]:
        response = client.get(reverse(f"evaluation:{name}", args=[programme.slug]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"Secret words" not in response.content
    assert HistoryEvent.objects.filter(action="exported").count() == 4
