"""The programme workbook: one Excel file (.xlsx) with a sheet per subject.

Quotes, enablers and barriers and contribution claims come from the same tables as
the CSV exports (``exports.py``), so the same consent and redaction rules apply.
People at activities appear as counts by role, never by name. A programme of any size
takes the same number of queries.
"""

import datetime as dt
import io
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from coproduce import disclosure
from coproduce.exports import xlsx_put
from evaluation.evidence.exports import (
    Table,
    claims_table,
    observations_table,
    quotes_table,
)
from evaluation.matrix import selectors as matrix_selectors
from evaluation.models import ContributionClaim, FactorObservation, Quote
from projects import selectors as project_selectors
from projects.models import (
    Activity,
    Attendance,
    Headcount,
    Programme,
    Project,
    RoleCategory,
    StageTransition,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "d mmm yyyy"
DATETIME_FORMAT = "d mmm yyyy hh:mm"
NUMBER_FORMAT = "0.0#"
MIN_WIDTH, MAX_WIDTH = 8, 60


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _role(role: str) -> str | None:
    if not role:
        return None
    try:
        return RoleCategory(role).label
    except ValueError:
        return role


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _programme_projects(programme: Programme):
    return Project.objects.filter(programme=programme)


# --- Tables --------------------------------------------------------------------------


def projects_table(programme: Programme) -> Table:
    """Every project with its partners, status, stage and dates (2 queries)."""
    projects = _programme_projects(programme).prefetch_related("partners")
    rows = [
        (
            p.title,
            "; ".join(sorted(o.name for o in p.partners.all())),
            p.get_status_display(),
            p.status_reason,
            p.get_current_stage_display() if p.current_stage else "Not started",
            p.start_date,
            p.target_end_date,
            p.get_cycle_part_display(),
            p.get_involvement_aim_display(),
        )
        for p in projects.order_by("title", "id")
    ]
    header = [
        "Project",
        "Partner organisations",
        "Status",
        "Reason for stopping",
        "Double Diamond stage",
        "Start date",
        "Target end date",
        "Commissioning-cycle part",
        "Involvement aimed for",
    ]
    return Table(
        "Projects",
        "Every project in the programme: partners, status, stage and dates.",
        header,
        rows,
    )


def activities_table(activities: list[Activity]) -> Table:
    rows = [
        (
            a.project.title,
            a.held_on,
            a.ends_on,
            a.get_kind_display(),
            a.title,
            a.get_stage_display(),
            _yes_no(a.co_constructed),
            _role(a.chaired_by),
            a.get_decided_by_display() or None,
            a.named_count,
            a.counted,
            a.total,
            a.seldom_total,
            "; ".join(a.support_labels()),
            a.outputs,
        )
        for a in activities
    ]
    header = [
        "Project",
        "Date",
        "End date",
        "Kind",
        "Activity",
        "Double Diamond stage",
        "Planned with participants",
        "Chaired or led by",
        "Who made the decisions",
        "Named attendees",
        "People counted by role",
        "Everyone",
        "From seldom-heard groups",
        "Support offered",
        "What came of it",
    ]
    return Table(
        "Activities",
        "Meetings, workshops, panels and events, with how many people took part and "
        "how many came from seldom-heard groups.",
        header,
        rows,
    )


def attendance_table(activities: list[Activity]) -> Table:
    """People at each activity by role: named attendees and headcounts added up,
    never names (2 queries)."""
    by_id = {a.pk: a for a in activities}
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    named = (
        Attendance.objects.filter(activity_id__in=by_id)
        .order_by()
        .values_list("activity_id", "role_category")
        .annotate(n=Count("id"), seldom=Count("id", filter=Q(seldom_heard=True)))
    )
    counted = (
        Headcount.objects.filter(activity_id__in=by_id)
        .order_by()
        .values_list("activity_id", "role_category")
        .annotate(n=Sum("count"), seldom=Sum("seldom_heard_count"))
    )
    for activity_id, role, n, seldom in [*named, *counted]:
        counts[activity_id, role][0] += n
        counts[activity_id, role][1] += seldom
    order = {role: i for i, role in enumerate(RoleCategory.values)}
    position = {a.pk: i for i, a in enumerate(activities)}
    rows = [
        (
            by_id[activity_id].project.title,
            by_id[activity_id].held_on,
            by_id[activity_id].title,
            _role(role),
            n,
            seldom,
        )
        for (activity_id, role), (n, seldom) in sorted(
            counts.items(),
            key=lambda item: (position[item[0][0]], order.get(item[0][1], 99)),
        )
    ]
    return Table(
        "Attendance by role",
        "Who took part in each activity, counted by role (named attendees and "
        "headcounts together), and how many of them came from seldom-heard groups.",
        ["Project", "Date", "Activity", "Role", "People", "From seldom-heard groups"],
        rows,
    )


def stage_history_table(programme: Programme) -> Table:
    """Every move between Double Diamond stages, and every stop (1 query)."""
    transitions = (
        StageTransition.objects.filter(project__programme=programme)
        .select_related("project")
        .order_by("project__title", "project_id", "happened_on", "id")
    )
    rows = [
        (
            t.project.title,
            t.happened_on,
            t.get_kind_display(),
            t.get_from_stage_display() or None,
            t.get_to_stage_display() or None,
            t.get_status_display() or None,
            t.rationale,
        )
        for t in transitions
    ]
    return Table(
        "Stage history",
        "Each project's moves between Double Diamond stages, with the reasons given.",
        ["Project", "Date", "Change", "From", "To", "Status after", "Why"],
        rows,
    )


def matrix_table(programme: Programme) -> Table:
    """Each project's latest scoring round against its targets, with the same
    small-group rule as the scores page (at most five queries)."""
    latest = matrix_selectors.programme_latest_rounds(
        _programme_projects(programme), sort="project"
    )
    rows = [
        (
            row.project.title,
            row.round.version.framework.name,
            row.round.number,
            row.round.held_on,
            row.round.get_stage_display(),
            row.response_count,
            _rounded(row.point.everyone),
            _rounded(row.point.professionals),
            _rounded(row.point.lived),
            _rounded(row.gap),
            _rounded(row.point.distance),
            row.at_target,
            row.dimension_count,
        )
        for row in latest
    ]
    header = [
        "Project",
        "Framework",
        "Round",
        "Date",
        "Stage at the time",
        "Responses",
        "Average level (everyone)",
        "Average level (professionals)",
        "Average level (lived experience)",
        "Perception gap",
        "Levels below target (average)",
        "Rows at target",
        "Rows in framework",
    ]
    return Table(
        "Matrix scores",
        "Each project's latest co-production scoring round: average levels, how far "
        "they are below the target level and how many rows reach it. Figures for "
        "professionals or people with lived experience are left blank when fewer "
        f"than {disclosure.min_group()} people in the group answered.",
        header,
        rows,
    )


def programme_tables(programme: Programme) -> list[Table]:
    activities = list(
        project_selectors.with_totals(
            Activity.objects.filter(project__programme=programme)
        )
        .select_related("project")
        .order_by("project__title", "project_id", "held_on", "id")
    )
    return [
        projects_table(programme),
        activities_table(activities),
        attendance_table(activities),
        stage_history_table(programme),
        matrix_table(programme),
        observations_table(programme),
        claims_table(programme),
        quotes_table(programme),
    ]


# --- Writing the workbook -------------------------------------------------------------


def _put(sheet, row: int, column: int, value):
    """Write one value: numbers and dates as themselves, text always as text
    (through the formula guard, ``xlsx_put``)."""
    cell = xlsx_put(sheet, row, column, value)
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, float):
        cell.number_format = NUMBER_FORMAT
    return cell


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 11
    if isinstance(value, float):
        return 5
    return max(len(line) for line in str(value).splitlines() or [""])


def _styles():
    """Bold and wrapped cell styles (openpyxl is imported only when a workbook is
    made, so that loading the site does not pay for it)."""
    from openpyxl.styles import Alignment, Font

    return Font(bold=True), Alignment(wrap_text=True, vertical="top")


def _write_table(sheet, table: Table) -> None:
    from openpyxl.utils import get_column_letter

    BOLD, WRAP = _styles()
    widths = [len(heading) for heading in table.header]
    for column, heading in enumerate(table.header, start=1):
        _put(sheet, 1, column, heading).font = BOLD
    for row_number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, row_number, column, value)
            widths[column - 1] = max(widths[column - 1], _width(value))
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
        if width > MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_col=column, max_col=column, min_row=2):
                cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.header))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"


def _write_about(sheet, programme: Programme, tables: list[Table], who: str) -> None:
    from openpyxl.styles import Font

    BOLD, WRAP = _styles()
    exported_at = timezone.localtime().replace(tzinfo=None, microsecond=0)
    headings = [
        (f"Evaluation workbook: {programme.name}",),
        ("Programme", programme.name),
        ("Exported", exported_at),
        ("Exported by", who),
        ("Made with", "Coproduce"),
        (),
        ("Sheet", "What it holds", "Rows"),
    ]
    privacy = [
        (),
        ("Privacy",),
        (
            None,
            'Quotes that people did not agree to have quoted ("may not quote") are '
            "left out of every sheet. Words hidden in a quote are replaced by their "
            "placeholders, and speakers appear by role only. People at activities "
            "are counted by role, not named.",
        ),
        (
            None,
            "Text that starts with =, +, - or @ is kept as plain text, so the "
            "spreadsheet never runs it as a formula.",
        ),
    ]
    lines = [
        *headings,
        *[(t.title, t.description, len(t.rows)) for t in tables],
        *privacy,
    ]
    for row_number, line in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            cell = _put(sheet, row_number, column, value)
            if column == 1 or row_number == len(headings):
                cell.font = BOLD
            if column == 2:
                cell.alignment = WRAP
    sheet["A1"].font = Font(bold=True, size=14)
    for letter, width in zip("ABC", (24, 80, 8), strict=True):
        sheet.column_dimensions[letter].width = width


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def programme_workbook(programme: Programme, *, exported_by) -> bytes:
    """The programme's evaluation data as .xlsx bytes: an "About" sheet, then one
    sheet per subject. ``exported_by`` is the user asking for it."""
    from openpyxl import Workbook

    tables = programme_tables(programme)
    book = Workbook()
    about = book.active
    about.title = "About"
    _write_about(about, programme, tables, _person(exported_by))
    for table in tables:
        _write_table(book.create_sheet(table.title), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Size hint -----------------------------------------------------------------------

# Measured on the demo programme: an empty workbook is about 12 KB and each row adds
# about 50 bytes once compressed; an activity has about three rows by role as well.
EMPTY_BYTES = 12_000
BYTES_PER_ROW = 50
ROWS_PER_ACTIVITY = 4


def _count(model, path: str):
    rows = model.objects.filter(**{path: OuterRef("pk")}).order_by().values(path)
    return Coalesce(
        Subquery(
            rows.annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def workbook_size_estimate(programme: Programme) -> int:
    """Roughly how many bytes the workbook will be, for the download link (1 query)."""
    counts = (
        Programme.objects.filter(pk=programme.pk)
        .annotate(
            projects_n=_count(Project, "programme"),
            activities_n=_count(Activity, "project__programme"),
            transitions_n=_count(StageTransition, "project__programme"),
            observations_n=_count(FactorObservation, "project__programme"),
            claims_n=_count(ContributionClaim, "project__programme"),
            quotes_n=_count(Quote, "project__programme"),
        )
        .values(
            "projects_n",
            "activities_n",
            "transitions_n",
            "observations_n",
            "claims_n",
            "quotes_n",
        )
        .get()
    )
    rows = sum(counts.values()) + (ROWS_PER_ACTIVITY - 1) * counts["activities_n"]
    return EMPTY_BYTES + BYTES_PER_ROW * rows
