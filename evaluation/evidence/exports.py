"""Exports of evaluation evidence: CSV tables and a REFI-QDA project (.qdpx); the
XLSX workbook (``workbook.py``) reuses the tables built here.

Every export honours consent and redaction: quotes marked "may not quote" never leave
the system, quote text is always the redacted text, and speakers appear by role only.
"""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from django.core.files.storage import default_storage
from django.utils import timezone

from coproduce.exports import csv_writer
from evaluation.coding.selectors import (
    agreement_text,
    coder_label,
    finished_round_results,
)
from evaluation.evidence import selectors
from evaluation.models import Document, FactorObservation, Theme
from evaluation.outcomes.selectors import claims_for_programme
from projects.models import Programme

# --- Tables shared by the CSV and XLSX exports -----------------------------------------


@dataclass(frozen=True)
class Table:
    """One subject of an export: column headings and rows of plain values (text,
    numbers, dates or None). The CSV files and the workbook write the same rows."""

    title: str
    description: str
    header: list[str]
    rows: list[tuple]


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return out.getvalue()


def theme_paths(programme: Programme) -> dict[int, str]:
    """'Theme / Sub-theme' for every theme of the programme (1 query)."""
    themes = {t.pk: t for t in Theme.objects.filter(programme=programme)}

    def path(theme):
        names, seen = [], set()
        while theme is not None and theme.pk not in seen:
            seen.add(theme.pk)
            names.append(theme.name)
            theme = themes.get(theme.parent_id)
        return " / ".join(reversed(names))

    return {pk: path(theme) for pk, theme in themes.items()}


def quotes_table(programme: Programme) -> Table:
    """Quotes that may be shared, redacted, by role only (3 queries)."""
    paths = theme_paths(programme)
    rows = [
        (
            quote.pk,
            quote.project.title,
            quote.said_on,
            quote.get_source_display(),
            quote.get_role_category_display(),
            quote.get_consent_display(),
            quote.shown_text(),
            "; ".join(sorted(paths[t.pk] for t in quote.themes.all())),
            quote.document.title if quote.document else None,
        )
        for quote in selectors.exportable_quotes(programme)
    ]
    header = [
        "Quote",
        "Project",
        "Date",
        "Source",
        "Speaker's role",
        "Consent",
        "Text (redacted)",
        "Themes",
        "Document",
    ]
    return Table(
        "Quotes",
        "What people said, with hidden words replaced and the speaker's role only; "
        'quotes marked "may not quote" are left out.',
        header,
        rows,
    )


def observations_table(programme: Programme) -> Table:
    """Enablers and barriers, counting only quotes that may be shared (4 queries)."""
    observations = (
        FactorObservation.objects.filter(project__programme=programme)
        .select_related("project", "factor__group")
        .prefetch_related("documents")
    )
    allowed = set(selectors.exportable_quotes(programme).values_list("pk", flat=True))
    links = FactorObservation.quotes.through.objects.filter(
        factorobservation__project__programme=programme
    ).values_list("factorobservation_id", "quote_id")
    quote_counts: dict[int, int] = {}
    for observation_id, quote_id in links:
        if quote_id in allowed:
            quote_counts[observation_id] = quote_counts.get(observation_id, 0) + 1
    rows = [
        (
            o.project.title,
            o.get_stage_display(),
            "Enabler" if o.effect == "enabler" else "Barrier",
            o.get_strength_display(),
            o.factor.group.name if o.factor else None,
            o.factor.name if o.factor else "(not linked yet)",
            o.text,
            o.note,
            quote_counts.get(o.pk, 0),
            "; ".join(d.title for d in o.documents.all()),
        )
        for o in observations.order_by("project__title", "stage", "effect", "id")
    ]
    header = [
        "Project",
        "Stage",
        "Effect",
        "Strength",
        "Factor group",
        "Factor",
        "What was noticed",
        "Note",
        "Quotes linked",
        "Documents linked",
    ]
    return Table(
        "Enablers and barriers",
        "Factor observations: what helped or hindered co-production at each stage.",
        header,
        rows,
    )


def claims_table(programme: Programme) -> Table:
    """Contribution claims with their indicator and evidence (3 queries)."""
    rows = [
        (
            claim.project.title,
            claim.indicator.name,
            claim.get_status_display(),
            claim.get_contribution_display(),
            claim.narrative,
            " | ".join(
                f"{q.shown_text()} ({q.get_role_category_display()})"
                for q in claim.quotes.all()
            ),
            "; ".join(d.title for d in claim.documents.all()),
        )
        for claim in claims_for_programme(programme)
    ]
    header = [
        "Project",
        "Outcome indicator",
        "Status",
        "Programme contribution",
        "Narrative",
        "Quotes (redacted)",
        "Documents",
    ]
    return Table(
        "Contribution claims",
        "Outcome indicators each project reached and how the programme contributed, "
        "with the evidence behind each claim.",
        header,
        rows,
    )


def quotes_csv(programme: Programme) -> str:
    return table_csv(quotes_table(programme))


def observations_csv(programme: Programme) -> str:
    return table_csv(observations_table(programme))


def claims_csv(programme: Programme) -> str:
    return table_csv(claims_table(programme))


# --- REFI-QDA ---------------------------------------------------------------------------

QDA_NS = "urn:QDA-XML:project:1.0"
# Fixed namespace for GUIDs: the same row gets the same GUID in every export.
GUID_NAMESPACE = uuid.UUID("5b0f3c1e-6f5e-4c53-9d38-6d1d2f0a7c11")
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

ET.register_namespace("", QDA_NS)


def stable_guid(programme: Programme, kind: str, pk) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{programme.pk}:{kind}:{pk}"))


def _tag(name: str) -> str:
    return f"{{{QDA_NS}}}{name}"


def _sub(parent, tag: str, text: str | None = None, /, **attrs):
    element = ET.SubElement(parent, _tag(tag), {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = XML_UNSAFE.sub("", text)
    return element


def _xml_text(text: str) -> str:
    return XML_UNSAFE.sub("", text)


SOURCE_ELEMENT = {
    "application/pdf": "PDFSource",
    "image/png": "PictureSource",
    "image/jpeg": "PictureSource",
    "image/gif": "PictureSource",
    "image/webp": "PictureSource",
    "text/plain": "TextSource",
    "text/csv": "TextSource",
}


def _document_source(sources, programme, document: Document, files: dict):
    guid = stable_guid(programme, "document", document.pk)
    suffix = document.file.name.rsplit(".", 1)[-1].lower()
    internal = f"internal://{guid}.{suffix}"
    element = SOURCE_ELEMENT.get(document.content_type, "TextSource")
    attrs = {"guid": guid, "name": _xml_text(document.title)}
    if element == "TextSource":
        key = "plainTextPath" if document.content_type.startswith("text/") else None
        attrs[key or "richTextPath"] = internal
        if key is None:  # an Office file: no plain text, so keep it as rich text
            attrs["plainTextPath"] = f"internal://{guid}.txt"
            files[f"{guid}.txt"] = (document.description or document.title).encode()
    else:
        attrs["path"] = internal
    source = _sub(sources, element, **attrs)
    if document.description:
        _sub(source, "Description", document.description)
    files[f"{guid}.{suffix}"] = document
    return guid


def _coder_codings(programme: Programme, rounds) -> tuple[dict, dict]:
    """Users (guid to name) and, per quote, each coder's own codes in finished coding
    rounds: (round, coder, user guid, theme ids), so QDA tools see one user each."""
    users, by_quote = {}, {}
    for coding_round, data, _ in rounds:
        for coder in data.submitted:
            guid = stable_guid(programme, "user", coder.user_id)
            users[guid] = coder_label(coder.user)
            for quote_id, theme_ids in data.codes[coder.pk].items():
                by_quote.setdefault(quote_id, []).append(
                    (coding_round, coder, guid, sorted(theme_ids))
                )
    return users, by_quote


def qdpx_bytes(programme: Programme) -> bytes:
    """A REFI-QDA project: themes as codes, projects as cases, quotes (redacted, with
    consent) and documents as sources, the speaker's role as a variable. Finished
    coding rounds add each coder as a user with their own codings of each quote,
    and a note per round with the agreement between coders."""
    themes = list(Theme.objects.filter(programme=programme))
    rounds = finished_round_results(programme)
    users, coder_codings = _coder_codings(programme, rounds)
    quotes = list(selectors.exportable_quotes(programme))
    documents = list(
        Document.objects.filter(project__programme=programme).select_related("project")
    )
    projects = {q.project_id: q.project for q in quotes} | {
        d.project_id: d.project for d in documents
    }
    root = ET.Element(
        _tag("Project"),
        {
            "name": _xml_text(programme.name),
            "origin": "Coproduce",
            "creationDateTime": timezone.now().replace(microsecond=0).isoformat(),
        },
    )
    if users:
        user_list = _sub(root, "Users")
        for guid, name in users.items():
            _sub(user_list, "User", guid=guid, name=_xml_text(name))
    if themes:
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        children: dict = {}
        for theme in themes:
            children.setdefault(theme.parent_id, []).append(theme)

        def add_codes(parent_element, parent_id, seen):
            for theme in children.get(parent_id, []):
                if theme.pk in seen:
                    continue
                code = _sub(
                    parent_element,
                    "Code",
                    guid=stable_guid(programme, "theme", theme.pk),
                    name=_xml_text(theme.name),
                    isCodable="true",
                )
                if theme.description:
                    _sub(code, "Description", theme.description)
                add_codes(code, theme.pk, seen | {theme.pk})

        add_codes(codes, None, frozenset())
    role_guid = stable_guid(programme, "variable", "role")
    status_guid = stable_guid(programme, "variable", "status")
    variables = _sub(root, "Variables")
    role_var = _sub(
        variables,
        "Variable",
        guid=role_guid,
        name="Speaker's role",
        typeOfVariable="Text",
    )
    _sub(role_var, "Description", "Role category of the person quoted.")
    _sub(
        variables,
        "Variable",
        guid=status_guid,
        name="Project status",
        typeOfVariable="Text",
    )
    source_refs: dict[int, list[str]] = {}
    files: dict = {}
    sources = ET.Element(_tag("Sources"))
    theme_guids = {t.pk: stable_guid(programme, "theme", t.pk) for t in themes}
    for quote in quotes:
        guid = stable_guid(programme, "quote", quote.pk)
        text = _xml_text(quote.shown_text())
        source = _sub(
            sources,
            "TextSource",
            guid=guid,
            name=f"Quote {quote.pk} ({quote.get_role_category_display()})",
        )
        _sub(
            source,
            "Description",
            f"{quote.get_source_display()}, {quote.project.title}, "
            f"{quote.get_consent_display().lower()}",
        )
        _sub(source, "PlainTextContent", text)
        coded = [t for t in quote.themes.all() if t.pk in theme_guids]
        if coded:
            selection = _sub(
                source,
                "PlainTextSelection",
                guid=stable_guid(programme, "selection", quote.pk),
                name="Whole quote",
                startPosition=0,
                endPosition=len(text),
            )
            for theme in coded:
                coding = _sub(
                    selection,
                    "Coding",
                    guid=stable_guid(programme, "coding", f"{quote.pk}-{theme.pk}"),
                )
                _sub(coding, "CodeRef", targetGUID=theme_guids[theme.pk])
        for coding_round, coder, user_guid, theme_ids in coder_codings.get(
            quote.pk, []
        ):
            ids = [pk for pk in theme_ids if pk in theme_guids]
            if not ids:  # "none of these themes": nothing to code
                continue
            key = f"{coding_round.pk}-{coder.pk}-{quote.pk}"
            selection = _sub(
                source,
                "PlainTextSelection",
                guid=stable_guid(programme, "coder-selection", key),
                name=_xml_text(f"{coding_round.title}: {coder_label(coder.user)}"),
                startPosition=0,
                endPosition=len(text),
                creatingUser=user_guid,
            )
            for theme_id in ids:
                coding = _sub(
                    selection,
                    "Coding",
                    guid=stable_guid(programme, "coder-coding", f"{key}-{theme_id}"),
                    creatingUser=user_guid,
                )
                _sub(coding, "CodeRef", targetGUID=theme_guids[theme_id])
        value = _sub(source, "VariableValue")
        _sub(value, "VariableRef", targetGUID=role_guid)
        _sub(value, "TextValue", quote.get_role_category_display())
        source_refs.setdefault(quote.project_id, []).append(guid)
    for document in documents:
        guid = _document_source(sources, programme, document, files)
        source_refs.setdefault(document.project_id, []).append(guid)
    if projects:
        cases = _sub(root, "Cases")
        for project in sorted(projects.values(), key=lambda p: p.title):
            case = _sub(
                cases,
                "Case",
                guid=stable_guid(programme, "project", project.pk),
                name=_xml_text(project.title),
            )
            value = _sub(case, "VariableValue")
            _sub(value, "VariableRef", targetGUID=status_guid)
            _sub(value, "TextValue", project.get_status_display())
            for ref in source_refs.get(project.pk, []):
                _sub(case, "SourceRef", targetGUID=ref)
    if len(sources):
        root.append(sources)
    note_guids = []
    if rounds:
        notes = _sub(root, "Notes")
        for coding_round, _, result in rounds:
            guid = stable_guid(programme, "agreement-note", coding_round.pk)
            note = _sub(
                notes,
                "Note",
                guid=guid,
                name=_xml_text(f"Agreement between coders: {coding_round.title}"),
            )
            _sub(note, "PlainTextContent", agreement_text(coding_round, result))
            note_guids.append(guid)
    _sub(root, "Description", programme.description or programme.name)
    for guid in note_guids:
        _sub(root, "NoteRef", targetGUID=guid)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for name, content in files.items():
            if isinstance(content, Document):
                try:
                    with default_storage.open(content.file.name, "rb") as handle:
                        content = handle.read()
                except OSError:
                    content = b""
            archive.writestr(f"Sources/{name}", content)
    return out.getvalue()
