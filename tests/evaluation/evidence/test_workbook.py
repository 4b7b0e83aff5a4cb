"""The programme workbook (.xlsx), read back with openpyxl."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.evidence import exports, services, workbook
from evaluation.models import Consent, Quote
from projects.models import Attendance, HistoryEvent, Programme, ProjectStatus
from tests.evaluation.evidence.factories import (
    ClaimFactory,
    ObservationFactory,
    QuoteFactory,
    ThemeFactory,
)
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round
from tests.factories import OrganisationFactory, ProjectFactory, StakeholderFactory
from tests.projects.factories import (
    ActivityFactory,
    HeadcountFactory,
    StageTransitionFactory,
)

pytestmark = pytest.mark.django_db

SHEETS = [
    "About",
    "Projects",
    "Activities",
    "Attendance by role",
    "Stage history",
    "Matrix scores",
    "Enablers and barriers",
    "Contribution claims",
    "Quotes",
]
# Text a spreadsheet could take for a formula, whatever the column it lands in.
FORMULAS = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\r=1"]


@pytest.fixture
def evidence(project):
    theme = ThemeFactory(programme=project.programme, name="Power")
    text = "Sam at Open Door Arts said we decided together"
    shown = QuoteFactory(
        project=project,
        text=text,
        said_on=dt.date(2025, 3, 4),
        redactions=services.redactions_from_lines(
            text, "Sam => name\nOpen Door Arts => organisation"
        ),
    )
    shown.themes.add(theme)
    hidden = QuoteFactory(project=project, text="Secret words", consent=Consent.MAY_NOT)
    observation = ObservationFactory(project=project, text="Trust grew")
    observation.quotes.add(shown, hidden)
    claim = ClaimFactory(
        project=project,
        indicator__programme=project.programme,
        indicator__name="Service changed",
    )
    claim.quotes.add(shown, hidden)
    return {"shown": shown, "hidden": hidden}


@pytest.fixture
def progress(project):
    project.partners.add(OrganisationFactory(name="Riverside Council"))
    project.start_date = dt.date(2024, 1, 8)
    project.current_stage = "define"
    project.save(update_fields=["start_date", "current_stage"])
    activity = ActivityFactory(
        project=project, title="Listening day", held_on=dt.date(2024, 2, 5)
    )
    person = StakeholderFactory(programme=project.programme, display_name="Ann Named")
    Attendance.objects.create(
        activity=activity,
        stakeholder=person,
        role_category="patient_rep",
        seldom_heard=True,
    )
    HeadcountFactory(
        activity=activity, role_category="patient_rep", count=4, seldom_heard_count=1
    )
    HeadcountFactory(activity=activity, role_category="commissioner", count=2)
    StageTransitionFactory(project=project, happened_on=dt.date(2024, 1, 8))
    StageTransitionFactory(
        project=project,
        from_stage="discover",
        to_stage="define",
        kind="forward",
        status=ProjectStatus.ACTIVE,
        happened_on=dt.date(2024, 3, 1),
        rationale="Enough had been heard.",
    )
    return activity


def _book(programme, user):
    return load_workbook(
        io.BytesIO(workbook.programme_workbook(programme, exported_by=user))
    )


def _records(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _all_text(book) -> str:
    return "\n".join(
        str(value)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_workbook_starts_with_an_about_sheet_then_one_sheet_per_subject(
    programme, evaluator, evidence, progress
):
    evaluator.first_name, evaluator.last_name = "Eve", "Evaluator"
    evaluator.save(update_fields=["first_name", "last_name"])
    book = _book(programme, evaluator)
    assert book.sheetnames == SHEETS
    about = {
        row[0]: row[1:]
        for row in book["About"].iter_rows(values_only=True)
        if row[0] is not None
    }
    assert about["Programme"][0] == programme.name
    assert about["Exported by"][0] == "Eve Evaluator"
    exported = about["Exported"][0]
    assert isinstance(exported, dt.datetime)
    assert abs(exported - dt.datetime.now()) < dt.timedelta(days=1)
    # Each subject with its row count: the restricted quote is not counted.
    assert about["Quotes"][1] == 1
    assert about["Activities"][1] == 1
    assert about["Stage history"][1] == 2
    notes = [row[1] for row in book["About"].iter_rows(values_only=True) if row[1]]
    assert any('"may not quote"' in str(note) for note in notes)


def test_quotes_are_redacted_and_restricted_ones_are_left_out_everywhere(
    programme, evaluator, evidence
):
    book = _book(programme, evaluator)
    [quote] = _records(book["Quotes"])
    assert (
        quote["Text (redacted)"] == "[name] at [organisation] said we decided together"
    )
    assert quote["Speaker's role"] == "Patient representative"
    assert quote["Themes"] == "Power"
    assert quote["Date"] == dt.datetime(2025, 3, 4)
    assert book["Quotes"]["C2"].is_date
    everything = _all_text(book)
    assert "Secret words" not in everything
    assert "Sam " not in everything and "Open Door Arts" not in everything
    [claim] = _records(book["Contribution claims"])
    assert claim["Outcome indicator"] == "Service changed"
    assert claim["Quotes (redacted)"] == (
        "[name] at [organisation] said we decided together (Patient representative)"
    )
    [observation] = _records(book["Enablers and barriers"])
    assert observation["What was noticed"] == "Trust grew"
    assert observation["Quotes linked"] == 1  # a number, and only the shareable quote


def test_workbook_and_csv_share_the_same_rows(programme, evaluator, evidence):
    book = _book(programme, evaluator)
    for sheet, build in [
        ("Quotes", exports.quotes_csv),
        ("Enablers and barriers", exports.observations_csv),
        ("Contribution claims", exports.claims_csv),
    ]:
        from_csv = list(csv.reader(io.StringIO(build(programme))))
        from_xlsx = [
            [
                ""
                if v is None
                else v.date().isoformat()
                if isinstance(v, dt.datetime)
                else str(v)
                for v in row
            ]
            for row in book[sheet].iter_rows(values_only=True)
        ]
        assert from_xlsx == from_csv


def test_progress_sheets_hold_real_dates_and_numbers_and_no_names(
    programme, evaluator, project, progress
):
    book = _book(programme, evaluator)
    [row] = _records(book["Projects"])
    assert row["Partner organisations"] == "Riverside Council"
    assert row["Double Diamond stage"] == "Define"
    assert row["Start date"] == dt.datetime(2024, 1, 8)
    assert row["Target end date"] is None
    assert book["Projects"]["F2"].number_format == workbook.DATE_FORMAT
    [activity] = _records(book["Activities"])
    assert activity["Activity"] == "Listening day"
    assert activity["Date"] == dt.datetime(2024, 2, 5)
    assert (
        activity["Named attendees"],
        activity["People counted by role"],
        activity["Everyone"],
        activity["From seldom-heard groups"],
    ) == (1, 6, 7, 2)
    assert book["Activities"]["L2"].data_type == "n"
    by_role = {r["Role"]: r for r in _records(book["Attendance by role"])}
    assert by_role["Patient representative"]["People"] == 5
    assert by_role["Patient representative"]["From seldom-heard groups"] == 2
    assert by_role["Commissioner"]["People"] == 2
    history = _records(book["Stage history"])
    assert [(h["Change"], h["From"], h["To"]) for h in history] == [
        ("Started", None, "Discover"),
        ("Moved forward", "Discover", "Define"),
    ]
    assert history[1]["Why"] == "Enough had been heard."
    assert "Ann Named" not in _all_text(book)


def test_matrix_sheet_shows_latest_round_against_target_and_hides_small_groups(
    programme, evaluator, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES, held_on=dt.date(2026, 3, 1))
    for _ in range(3):
        add_response(scoring_round, "commissioner", [3])
    add_response(scoring_round, "patient_rep", [1])
    [row] = _records(_book(programme, evaluator)["Matrix scores"])
    assert row["Project"] == project.title
    assert row["Date"] == dt.datetime(2026, 3, 1)
    assert row["Responses"] == 4
    assert row["Average level (professionals)"] == 3
    # One person with lived experience answered: too few to show.
    assert row["Average level (lived experience)"] is None
    assert row["Perception gap"] is None
    assert isinstance(row["Levels below target (average)"], int | float)
    assert row["Rows at target"] <= row["Rows in framework"]


def test_header_row_is_frozen_bold_and_columns_fit_their_text(
    programme, evaluator, evidence
):
    long_text = "A long observation. " * 14  # 280 characters: the field holds 300
    ObservationFactory(project=evidence["shown"].project, text=long_text)
    sheet = _book(programme, evaluator)["Enablers and barriers"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.auto_filter.ref == "A1:J3"
    widths = {c: sheet.column_dimensions[c].width for c in "AFG"}
    assert widths["A"] >= len(evidence["shown"].project.title)
    assert widths["F"] == len("(not linked yet)")
    assert widths["G"] == workbook.MAX_WIDTH  # long text is capped and wrapped
    texts = [c for (c,) in sheet.iter_rows(min_col=7, max_col=7, min_row=2)]
    assert all(cell.alignment.wrap_text for cell in texts)


@pytest.mark.parametrize("text", FORMULAS)
def test_workbook_text_that_looks_like_a_formula_stays_text(
    programme, evaluator, project, text
):
    QuoteFactory(project=project, text=text)
    project.title = text.strip() + " project"
    project.save(update_fields=["title"])
    data = workbook.programme_workbook(programme, exported_by=evaluator)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)
    book = load_workbook(io.BytesIO(data))
    cell = book["Quotes"]["G2"]
    assert cell.value == text  # the words are kept exactly as written
    assert cell.data_type == "s"
    assert cell.quotePrefix  # Excel keeps it as text even when the cell is edited
    title = book["Projects"]["A2"]
    assert title.data_type == "s" and title.value == project.title


def test_workbook_keeps_error_like_text_as_text(programme, evaluator, project):
    QuoteFactory(project=project, text="#N/A")
    cell = _book(programme, evaluator)["Quotes"]["G2"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_text_that_looks_like_a_formula_gets_an_apostrophe(project, text):
    QuoteFactory(project=project, text=text)
    rows = list(
        csv.reader(io.StringIO(exports.quotes_csv(project.programme)), dialect="excel")
    )
    assert rows[1][6] == "'" + text


def test_control_characters_are_dropped_rather_than_breaking_the_file(
    programme, evaluator, project
):
    QuoteFactory(project=project, text="Bell\x07 rang")
    assert _book(programme, evaluator)["Quotes"]["G2"].value == "Bell rang"


def test_download_is_an_xlsx_attachment_recorded_in_the_audit_trail(
    client, commissioner, programme, evidence
):
    client.force_login(commissioner)
    response = client.get(reverse("evaluation:export_workbook", args=[programme.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == workbook.CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="demo-programme-evaluation.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert "Secret words" not in _all_text(book)
    event = HistoryEvent.objects.get(action="exported")
    assert event.note == "evaluation.xlsx"
    assert event.programme_id == programme.pk


def test_outsider_gets_404(client, outsider, programme):
    client.force_login(outsider)
    response = client.get(reverse("evaluation:export_workbook", args=[programme.slug]))
    assert response.status_code == 404


def test_project_only_member_cannot_download_the_programme_workbook(
    client, project_facilitator, programme
):
    client.force_login(project_facilitator)
    response = client.get(reverse("evaluation:export_workbook", args=[programme.slug]))
    assert response.status_code == 403
    assert not HistoryEvent.objects.filter(action="exported").exists()


def test_evaluation_page_offers_the_workbook_with_type_and_size(
    client, commissioner, programme, evidence
):
    client.force_login(commissioner)
    body = client.get(
        reverse("evaluation:programme_evaluation", args=[programme.slug])
    ).content.decode()
    assert reverse("evaluation:export_workbook", args=[programme.slug]) in body
    assert "(XLSX, about 12" in body


def test_size_estimate_is_near_the_real_size(programme, evaluator, evidence, progress):
    real = len(workbook.programme_workbook(programme, exported_by=evaluator))
    estimate = workbook.workbook_size_estimate(programme)
    assert real / 2 < estimate < real * 2


def _grow(programme, n):
    for i in range(n):
        project = ProjectFactory(programme=programme)
        project.partners.add(OrganisationFactory())
        activity = ActivityFactory(project=project)
        HeadcountFactory(activity=activity)
        Attendance.objects.create(
            activity=activity,
            stakeholder=StakeholderFactory(programme=programme),
            role_category="young_person",
        )
        StageTransitionFactory(project=project)
        quote = QuoteFactory(project=project)
        quote.themes.add(ThemeFactory(programme=programme))
        ObservationFactory(project=project).quotes.add(quote)
        ClaimFactory(project=project, indicator__programme=programme).quotes.add(quote)
        scoring_round, _ = open_round(project, key=PRINCIPLES)
        add_response(scoring_round, "commissioner", [i % 3 + 1])


def test_workbook_download_queries_do_not_grow_with_projects(
    client, commissioner, programme, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("evaluation:export_workbook", args=[programme.slug])
    _grow(programme, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(programme, 12)
    # session, user, programme and access (4); activities with totals (1);
    # projects and partners (2); attendance and headcounts by role (2); stage
    # history (1); latest rounds, the rounds loaded, their dimensions and scores (4); shareable quotes,
    # quote links, observations and their documents (4); claims with quotes and
    # documents (3); themes, quotes and their themes (3); the audit record (1).
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
    assert len(small) <= 25


def test_demo_programme_fills_every_sheet_without_restricted_quotes(evaluator):
    call_command("demo", force=True)
    programme = Programme.objects.get(slug="co-create-south-yorkshire")
    book = _book(programme, evaluator)
    assert all(sheet.max_row > 1 for sheet in book)
    everything = _all_text(book)
    for quote in Quote.objects.filter(consent=Consent.MAY_NOT):
        assert quote.text not in everything
    assert "[name of organisation]" in everything
