"""Reading an uploaded spreadsheet into rows, with tablib (django-import-export's
table library) doing the parsing of CSV and XLSX.

The upload first passes the same type and size checks as evidence documents
(``evaluation.evidence.uploads.check_upload``, which looks at the bytes, so a file
renamed from another type is refused), and must then be a CSV or XLSX file. Row
numbers are those a spreadsheet shows: the header is row 1. Rows that are empty or
start with ``#`` (the templates' instructions) are passed over but still counted.
"""

import datetime as dt

import tablib
from django.core.exceptions import ValidationError

from evaluation.evidence.uploads import CSV, XLSX, check_upload
from evaluation.imports.kinds import COMMENT_MARK

# The most rows one file may hold (far above any real stakeholder list or register).
MAX_ROWS = 20_000


def _cell(value):
    """A cell as JSON can keep it (dates as ISO text, which the readers accept)."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if value is None or isinstance(value, int | float | bool):
        return value
    return str(value)


def _blank(cells) -> bool:
    return all(c is None or c == "" for c in cells)


def upload_read(uploaded) -> tuple[list, list[tuple[int, list]]]:
    """(headers, [(row number, cells)]) from an uploaded CSV or XLSX file, or
    ValidationError with a plain message."""
    kind = check_upload(uploaded)
    if kind not in (CSV, XLSX):
        raise ValidationError(
            f"This is a {kind.label}. Upload a CSV file or an Excel spreadsheet "
            "(.xlsx): download the template to start from."
        )
    data = uploaded.read()
    uploaded.seek(0)
    dataset = tablib.Dataset()
    try:
        if kind is XLSX:
            dataset.load(data, format="xlsx")
        else:
            dataset.load(data.decode("utf-8-sig"), format="csv")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "The CSV file is not saved as UTF-8 text. In Excel, choose "
            "'CSV UTF-8' when you save it."
        ) from error
    except Exception as error:  # tablib and openpyxl raise many kinds
        raise ValidationError(
            "The file could not be read as a spreadsheet. Save it again as .xlsx "
            "or .csv and try once more."
        ) from error
    headers = [_cell(h) for h in (dataset.headers or [])]
    if _blank(headers):
        raise ValidationError(
            "The first row is empty: it must hold the column names of the template."
        )
    rows = []
    for index, values in enumerate(dataset, start=2):
        cells = [_cell(v) for v in values]
        if _blank(cells) or str(cells[0] or "").startswith(COMMENT_MARK):
            continue
        rows.append((index, cells))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            f"The file has {len(rows):,} rows; at most {MAX_ROWS:,} can be imported "
            "at once. Split it into smaller files."
        )
    if not rows:
        raise ValidationError("The file has column names but no rows to import.")
    return headers, rows
