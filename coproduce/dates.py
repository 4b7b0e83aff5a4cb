"""Dates that may be known only to the month, as published sources often give them
("March 2017"). ``day_or_month_parse`` reads what a person typed or a spreadsheet
cell held; the precision says how to print it back."""

import datetime as dt
import re

DAY, MONTH = "day", "month"
# For a model's precision field: choices=PRECISION_CHOICES, default=DAY.
PRECISION_CHOICES = [(DAY, "Day"), (MONTH, "Month only")]

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    )
}
_DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def day_or_month_parse(value) -> tuple[dt.date, str] | None:
    """(date, "day") or (first of the month, "month") from a date, a datetime or
    text such as "2017-03-12", "12/03/2017", "12 March 2017", "March 2017",
    "Mar 2017", "2017-03" or "03/2017"; None when empty. ValueError when it cannot
    be read."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date(), DAY
    if isinstance(value, dt.date):
        return value, DAY
    text = " ".join(str(value).split()).strip(" ,.")
    if not text:
        return None
    for fmt in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date(), DAY
        except ValueError:
            pass
    year_month = None
    if match := re.fullmatch(r"([A-Za-z]+),? (\d{4})", text):
        year_month = (match[2], _MONTHS.get(match[1].lower()))
    elif match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year_month = (match[1], match[2])
    elif match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        year_month = (match[2], match[1])
    if year_month and year_month[1]:
        try:
            return dt.date(int(year_month[0]), int(year_month[1]), 1), MONTH
        except ValueError:
            pass
    raise ValueError(
        f"“{text}” is not a date we can read: write a day (12/03/2017) or a month "
        "(March 2017)."
    )


def day_or_month_text(day: dt.date | None, precision: str) -> str:
    """How a stored date is written back: "12/03/2017"-style input gives
    "2017-03-12"; a month-only date gives "March 2017"."""
    if day is None:
        return ""
    if precision == MONTH:
        return day.strftime("%B %Y")
    return day.isoformat()


def day_or_month_shown(day: dt.date | None, precision: str) -> str:
    """How pages and PDFs print it: "12 Mar 2017", or "March 2017" when only the
    month is known."""
    if day is None:
        return ""
    if precision == MONTH:
        return day.strftime("%B %Y")
    return f"{day.day} {day.strftime('%b %Y')}"
