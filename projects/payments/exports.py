"""The finance export of a programme's involvement payments, as CSV and XLSX.
Every text cell goes through the one formula guard (coproduce/exports.py); amounts
are written as Decimal money, so the spreadsheet adds them up exactly."""

import datetime as dt
import io

from django.utils import timezone

from coproduce.exports import csv_writer, xlsx_put
from projects.payments import selectors

HEADER = [
    "Project",
    "Activity",
    "Activity date",
    "Person",
    "Role",
    "Payment or voucher",
    "Payment or voucher (£)",
    "Travel (£)",
    "Other expenses (£)",
    "Total (£)",
    "Status",
    "Offered on",
    "Claimed on",
    "Approved by",
    "Approved at",
    "Paid on",
    "Finance reference",
    "Note",
]
MONEY_COLUMNS = {6, 7, 8, 9}  # 0-based positions of the amounts


def _rows(programme):
    for p in selectors.export_rows(programme):
        approved_at = (
            timezone.localtime(p.approved_at).replace(tzinfo=None, microsecond=0)
            if p.approved_at
            else None
        )
        yield [
            p.activity.project.title,
            p.activity.title,
            p.activity.held_on,
            p.stakeholder.display_name if p.stakeholder else "(details deleted)",
            p.get_role_category_display(),
            p.get_kind_display(),
            p.fee,
            p.travel,
            p.expenses,
            p.total,
            p.get_status_display(),
            p.offered_on,
            p.claimed_on,
            str(p.approved_by) if p.approved_by else "",
            approved_at,
            p.paid_on,
            p.reference,
            p.note,
        ]


def payments_csv(programme) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    for row in _rows(programme):
        writer.writerow(
            [
                value.isoformat() if isinstance(value, dt.date) else value
                for value in row
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def payments_xlsx(programme) -> bytes:
    from openpyxl import Workbook  # imported here: loading the site need not pay
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Payments"
    for column, heading in enumerate(HEADER, start=1):
        xlsx_put(sheet, 1, column, heading).font = Font(bold=True)
    for row_number, row in enumerate(_rows(programme), start=2):
        for position, value in enumerate(row):
            cell = xlsx_put(sheet, row_number, position + 1, value)
            if position in MONEY_COLUMNS:
                cell.number_format = "£#,##0.00"
            elif isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for letter in "ABDN":
        sheet.column_dimensions[letter].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
