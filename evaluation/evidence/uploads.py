"""Which evidence files may be uploaded, checked from their bytes, not only their name.

A file is accepted when its extension is on the list, it is not too large, and its
first bytes (or, for Office files, the zip's contents) show it really is that kind of
file. SVG and HTML are refused on purpose: they can carry scripts.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF document", "application/pdf", ("pdf",))
PNG = FileKind("PNG image", "image/png", ("png",))
JPEG = FileKind("JPEG photo", "image/jpeg", ("jpg", "jpeg"))
GIF = FileKind("GIF image", "image/gif", ("gif",))
WEBP = FileKind("WebP image", "image/webp", ("webp",))
DOCX = FileKind(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
PPTX = FileKind(
    "PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ("pptx",),
)
XLSX = FileKind(
    "Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
)
TEXT = FileKind("plain text", "text/plain", ("txt", "md"))
CSV = FileKind("CSV table", "text/csv", ("csv",))

ALLOWED_KINDS = (PDF, PNG, JPEG, GIF, WEBP, DOCX, PPTX, XLSX, TEXT, CSV)
ALLOWED_EXTENSIONS = sorted({ext for kind in ALLOWED_KINDS for ext in kind.extensions})

OFFICE_FOLDERS = {"word/": DOCX, "ppt/": PPTX, "xl/": XLSX}
MARKUP_STARTS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body")


def max_upload_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def _office_kind(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    for folder, kind in OFFICE_FOLDERS.items():
        if any(name.startswith(folder) for name in names):
            return kind
    return None


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    start = text.lstrip()[:20].lower().encode()
    return not start.startswith(MARKUP_STARTS)


def sniff(data: bytes, extension: str) -> FileKind | None:
    """The kind of file these bytes are, judged from the bytes themselves.

    Text-like kinds (txt, md, csv) have no signature, so for them the extension
    decides once the bytes are shown to be plain UTF-8 text without markup.
    """
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if _looks_like_text(data):
        return CSV if extension == "csv" else TEXT
    return None


def check_upload(uploaded) -> FileKind:
    """Validate an uploaded file; return its kind or raise ValidationError."""
    name = uploaded.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            "Files of this type cannot be uploaded. Allowed: "
            + ", ".join(ALLOWED_EXTENSIONS)
            + "."
        )
    limit = max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(uploaded.size)}; the limit is "
            f"{filesizeformat(limit)}."
        )
    if uploaded.size == 0:
        raise ValidationError("The file is empty.")
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    kind = sniff(data, extension)
    if kind is None or extension not in kind.extensions:
        found = f" It looks like a {kind.label}." if kind else ""
        raise ValidationError(
            f"The file's contents do not match its name “{name}”.{found} "
            "Check you chose the right file, or save it in one of the allowed types."
        )
    return kind
