"""The one formula guard every export shares."""

import csv
import datetime as dt
import io

from coproduce.exports import csv_cell, csv_writer, starts_formula


def test_text_that_a_spreadsheet_would_run_is_kept_as_text():
    for text in ["=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"]:
        assert starts_formula(text)
        assert csv_cell(text) == "'" + text


def test_numbers_dates_and_plain_text_are_left_alone():
    assert csv_cell(-1.5) == "-1.5"
    assert csv_cell(dt.date(2025, 1, 2)) == "2025-01-02"
    assert csv_cell("Plain - text") == "Plain - text"
    assert csv_cell(None) == ""
    assert csv_cell("Plain words") == "Plain words"


def test_the_writer_guards_every_cell_of_every_row():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["title", "n"])
    writer.writerows([["=cmd()", 3], ["ok", -1]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["title", "n"], ["'=cmd()", "3"], ["ok", "-1"]]
