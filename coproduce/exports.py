"""The one formula guard for every CSV and spreadsheet export.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be
run as a formula when the file is opened in Excel or LibreOffice (``=HYPERLINK(...)`` in a
project title, say). Every export writes its cells through ``csv_cell`` (CSV) or checks
``starts_formula`` (XLSX, where the cell is stored as text instead), so a title typed by a
user never becomes a live formula. Numbers and dates are left as they are, so a negative
figure stays a number.
"""

import csv
import re

# Text starting with one of these could be read as a formula by a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value) -> str:
    """Text for a CSV cell; a leading apostrophe stops formula injection."""
    text = "" if value is None else str(value)
    return "'" + text if starts_formula(value) else text


class GuardedWriter:
    """``csv.writer`` whose every cell goes through ``csv_cell``."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> GuardedWriter:
    """The writer every CSV export uses (``out`` is a file or an HttpResponse)."""
    return GuardedWriter(out, **kwargs)


# Control characters an XLSX file (XML) cannot hold.
XLSX_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_put(sheet, row: int, column: int, value):
    """Write one value into an openpyxl sheet: text always as text (formula-like
    text gets the quote prefix Excel sets for a typed apostrophe, so it stays text
    even when edited), numbers, Decimals and dates as themselves."""
    if isinstance(value, str):
        value = XLSX_UNSAFE.sub("", value) or None
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        # openpyxl reads "=..." as a formula and "#N/A" as an error: keep it text.
        cell.data_type = "s"
        if starts_formula(value):
            cell.quotePrefix = True
    return cell
