"""What each kind of import reads: its columns, how a cell is read, the key a row is
matched on, the downloadable templates and the fixed samples.

Keys (documented on the templates' "How to fill this in" sheet and in the README):

- People: the email address (ignoring capitals) among the programme's people;
  without an email, the name and organisation among the project's people.
- Activities: the project, the date and the title (ignoring capitals and spaces).
- Counts: the evaluation stage and the group (its roles, in any order, or "Role not
  recorded").

An empty optional cell leaves what is stored as it is, so a file can fill gaps
without wiping anything, and importing the same file again changes nothing.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass

from coproduce.dates import DAY, day_or_month_parse
from coproduce.exports import csv_writer, xlsx_put
from evaluation.models import ROLE_NOT_RECORDED, ImportKind
from projects.models import ActivityKind, DiamondStage, RoleCategory

# The most people one count or headcount may give (as on the forms).
NUMBER_MAX = 1_000_000
COMMENT_MARK = "#"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str


def _names(choices) -> str:
    return ", ".join(label for _, label in choices)


PEOPLE = (
    Column(
        "name", "Name", True, "The name the person is known by (a pseudonym is fine)."
    ),
    Column("role", "Role", True, f"One of: {_names(RoleCategory.choices)}."),
    Column(
        "organisation",
        "Organisation",
        False,
        "The name of an organisation already in Coproduce (add new ones first).",
    ),
    Column(
        "email",
        "Email",
        False,
        "Used to find the person again on a later import, and to send them links.",
    ),
    Column(
        "pseudonym",
        "Pseudonym",
        False,
        "'yes' if the name is a pseudonym the person asked for.",
    ),
)
ACTIVITIES = (
    Column("date", "Date", True, "The day it happened, for example 14/03/2025."),
    Column("title", "Title", True, "A short name, for example 'Planning workshop'."),
    Column("kind", "Kind", True, f"One of: {_names(ActivityKind.choices)}."),
    Column(
        "stage",
        "Double Diamond stage",
        True,
        f"One of: {_names(DiamondStage.choices)}.",
    ),
    Column("purpose", "Purpose", False, "What it was for."),
    Column(
        "co_constructed",
        "Co-constructed",
        False,
        "'yes' if participants helped plan it, 'no' if not.",
    ),
    Column("outputs", "What it produced", False, "What came out of it."),
    Column("reflection", "Reflection", False, "What the team learned."),
    Column(
        "attendees",
        "Attendees",
        False,
        "Names or email addresses of the project's people, separated by ';'.",
    ),
    Column(
        "headcounts",
        "Headcounts",
        False,
        "People counted by role, separated by ';', for example "
        "'Patient representative: 5 (2 seldom heard); Commissioner: 2'.",
    ),
)
COUNTS = (
    Column(
        "group",
        "Group",
        True,
        "A role, several roles joined with '/' for a combined group (for example "
        "'Arts manager / Artist'), or 'Role not recorded'.",
    ),
    Column(
        "label",
        "Group name",
        False,
        "The source's own words for the group, for example 'Arts managers / artists'.",
    ),
    Column("invited", "Invited", True, "How many were invited (a whole number)."),
    Column("took_part", "Took part", True, "How many took part (a whole number)."),
    Column("date", "Date", False, "A day (12/03/2017) or a month (March 2017)."),
    Column("note", "Note", False, "Where the figures come from."),
)
COLUMNS = {
    ImportKind.PEOPLE: PEOPLE,
    ImportKind.ACTIVITIES: ACTIVITIES,
    ImportKind.COUNTS: COUNTS,
}

KEYS = {
    ImportKind.PEOPLE: (
        "A person is matched by email address (capitals ignored) among the "
        "programme's people, or, without an email, by name and organisation among "
        "the project's people."
    ),
    ImportKind.ACTIVITIES: (
        "An activity is matched by its date and title (capitals and spaces ignored) "
        "within the project."
    ),
    ImportKind.COUNTS: (
        "Figures are matched by group within the stage: the same roles in any "
        "order, or 'Role not recorded'."
    ),
}
RULES = (
    "Rows with problems are skipped; the other rows are imported. An empty optional "
    "cell leaves what is already stored as it is, so importing the same file again "
    f"changes nothing. Rows starting with '{COMMENT_MARK}' are ignored."
)

SAMPLES = {
    ImportKind.PEOPLE: [
        ["Amira Khan", "Patient representative", "", "amira.khan@example.org", "no"],
        ["Dev Patel", "Commissioner", "", "dev.patel@example.org", ""],
        ["Sam Reid", "Service user or carer", "", "", "yes"],
    ],
    ImportKind.ACTIVITIES: [
        [
            "14/01/2025",
            "Listening session",
            "Workshop",
            "Discover",
            "Hear what matters to people who use the service",
            "yes",
            "A list of ten things that matter",
            "People spoke more freely in small groups",
            "Amira Khan; dev.patel@example.org",
            "Patient representative: 6 (2 seldom heard); Commissioner: 1",
        ],
        [
            "11/02/2025",
            "Design brief meeting",
            "Meeting",
            "Define",
            "Agree the brief",
            "no",
            "A first design brief",
            "",
            "Dev Patel",
            "Commissioner: 2",
        ],
    ],
    ImportKind.COUNTS: [
        ["Commissioner", "", 8, 5, "March 2017", ""],
        ["Arts manager / Artist", "Arts managers / artists", 9, 5, "March 2017", ""],
        ["Role not recorded", "", 9, 4, "March 2017", "No role given in the report"],
    ],
}


# --- Reading cells ------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[_squash(value)] = value
        lookup[_squash(value.replace("_", " "))] = value
        lookup[_squash(label)] = value
    return lookup


def _singular(text: str) -> str:
    # "Commissioners" and "Arts managers" name the same roles as their labels.
    return " ".join(word[:-1] if word.endswith("s") else word for word in text.split())


ROLE_LOOKUP = _choice_lookup(RoleCategory.choices)
ROLE_SINGULAR = {_singular(k): v for k, v in ROLE_LOOKUP.items()}
KIND_LOOKUP = _choice_lookup(ActivityKind.choices)
STAGE_LOOKUP = _choice_lookup(DiamondStage.choices)
NOT_RECORDED_WORDS = {"role not recorded", "not recorded", "unknown", "not known"}


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def role_read(value) -> str:
    """A role value from its label or value, plurals allowed; ValueError if none."""
    key = _squash(text(value))
    role = ROLE_LOOKUP.get(key) or ROLE_SINGULAR.get(_singular(key))
    if role is None:
        raise ValueError(f"“{text(value)}” is not a role we know.")
    return role


def choice_read(value, lookup: dict, what: str) -> str:
    found = lookup.get(_squash(text(value)))
    if found is None:
        raise ValueError(f"“{text(value)}” is not a {what} we know.")
    return found


def yes_no_read(value) -> bool | None:
    """True, False, or None for an empty cell; ValueError otherwise."""
    if isinstance(value, bool):
        return value
    word = _squash(text(value))
    if not word:
        return None
    if word in {"yes", "y", "true", "1"}:
        return True
    if word in {"no", "n", "false", "0"}:
        return False
    raise ValueError(f"Write 'yes' or 'no', not “{text(value)}”.")


def number_read(value, what: str) -> int:
    """A whole number from 0 to NUMBER_MAX; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a whole number.")
    if isinstance(value, int | float):
        number = value
    else:
        cleaned = text(value).replace(",", "")
        if not cleaned:
            raise ValueError(f"{what} is empty.")
        try:
            number = float(cleaned)
        except ValueError as error:
            raise ValueError(
                f"{what} must be a whole number, not “{text(value)}”."
            ) from error
    if number != int(number):
        raise ValueError(f"{what} must be a whole number, not {value}.")
    number = int(number)
    if not 0 <= number <= NUMBER_MAX:
        raise ValueError(f"{what} must be between 0 and {NUMBER_MAX:,}.")
    return number


def day_read(value) -> dt.date:
    """A date to the day (activities need the day)."""
    parsed = day_or_month_parse(value)
    if parsed is None:
        raise ValueError("The date is empty.")
    day, precision = parsed
    if precision != DAY:
        raise ValueError(f"Give the day, not only the month (“{text(value)}”).")
    return day


def group_read(value) -> list[str]:
    """The roles of a counts group ([] for 'Role not recorded')."""
    words = _squash(text(value))
    if not words:
        raise ValueError("The group is empty.")
    if words in NOT_RECORDED_WORDS or words == ROLE_NOT_RECORDED:
        return []
    parts = [p for p in re.split(r"[/;+]| and ", words) if p.strip()]
    return sorted({role_read(p) for p in parts}, key=RoleCategory.values.index)


HEADCOUNT = re.compile(
    r"^(?P<role>[^:]+):\s*(?P<count>\d+)(?:\s*\((?P<seldom>\d+)[^)]*\))?$"
)


def headcounts_read(value) -> list[dict]:
    rows = []
    for part in text(value).split(";"):
        part = part.strip()
        if not part:
            continue
        match = HEADCOUNT.match(part)
        if not match:
            raise ValueError(f"Write each headcount as 'Role: number', not “{part}”.")
        rows.append(
            {
                "role_category": role_read(match["role"]),
                "count": number_read(match["count"], "A headcount"),
                "seldom_heard_count": number_read(match["seldom"] or 0, "A headcount"),
            }
        )
    return rows


def names_read(value) -> list[str]:
    return [p.strip() for p in text(value).split(";") if p.strip()]


# --- Headers ------------------------------------------------------------------------


def header_key(header) -> str:
    """A header cell as a column key: capitals, '*' and '(required)' ignored."""
    words = re.sub(r"\(.*?\)|\*", "", text(header))
    return _squash(words)


def header_map(kind: str, headers) -> tuple[dict[str, int], list[str]]:
    """Which position each column is at, and the file's problems with the headers."""
    wanted = {_squash(c.header): c for c in COLUMNS[kind]}
    wanted |= {_squash(c.key.replace("_", " ")): c for c in COLUMNS[kind]}
    positions, problems = {}, []
    for index, header in enumerate(headers):
        column = wanted.get(header_key(header))
        if column is not None and column.key not in positions:
            positions[column.key] = index
    missing = [c.header for c in COLUMNS[kind] if c.required and c.key not in positions]
    if missing:
        problems.append(
            "The first row must hold the column names. Missing: "
            + ", ".join(missing)
            + ". Download the template to see them."
        )
    return positions, problems


# --- Templates and samples ----------------------------------------------------------


def _how_to_rows(kind: str) -> list[list[str]]:
    return [
        [c.header, "Required" if c.required else "Optional", c.help]
        for c in COLUMNS[kind]
    ]


def workbook_bytes(kind: str, rows=()) -> bytes:
    """An XLSX file: the header row (and ``rows``) on the first sheet, and a sheet
    "How to fill this in" with every column, the matching key and the rules."""
    # Imported here: loading the site must not import openpyxl (cold start).
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = ImportKind(kind).label[:31]
    for column, col in enumerate(COLUMNS[kind], start=1):
        cell = xlsx_put(sheet, 1, column, col.header + (" *" if col.required else ""))
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(col.header) + 4)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            xlsx_put(sheet, r, c, value if value != "" else None)
    how = book.create_sheet("How to fill this in")
    lines = [
        ["Column", "Required?", "How to fill it in"],
        *_how_to_rows(kind),
        [],
        ["Matching", "", KEYS[kind]],
        ["Rules", "", RULES],
        ["", "", "Columns marked * are required. Keep the first row as it is."],
    ]
    for r, row in enumerate(lines, start=1):
        for c, value in enumerate(row, start=1):
            xlsx_put(how, r, c, value)
    how.column_dimensions["A"].width = 24
    how.column_dimensions["B"].width = 12
    how.column_dimensions["C"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(kind: str, rows=()) -> str:
    """A CSV file: the header row, one comment row (ignored on import) saying how
    to fill it in, then ``rows``."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([c.header + (" *" if c.required else "") for c in COLUMNS[kind]])
    # The comment row starts with '#', which the formula guard leaves alone.
    writer.writerow(
        [
            f"{COMMENT_MARK} Delete this line if you like. * = required. {KEYS[kind]} {RULES}"
        ]
        + [""] * (len(COLUMNS[kind]) - 1)
    )
    writer.writerows(rows)
    return out.getvalue()
