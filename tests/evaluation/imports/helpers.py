"""Real spreadsheets for the import tests, made with openpyxl (and csv)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def xlsx_upload(rows, name="import.xlsx") -> SimpleUploadedFile:
    """An XLSX file whose first row is the header."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        name,
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def csv_upload(rows, name="import.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


PEOPLE_HEADER = ["Name *", "Role *", "Organisation", "Email", "Pseudonym"]
ACTIVITY_HEADER = [
    "Date",
    "Title",
    "Kind",
    "Double Diamond stage",
    "Purpose",
    "Co-constructed",
    "What it produced",
    "Reflection",
    "Attendees",
    "Headcounts",
]
COUNT_HEADER = ["Group", "Group name", "Invited", "Took part", "Date", "Note"]
