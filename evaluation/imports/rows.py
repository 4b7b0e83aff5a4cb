"""One handler per kind of import: read a row's cells, match it to what is stored
(by the keys in ``kinds.py``), say what confirm would do, and do it through the
feature's own services.

A checked row is a JSON dict: ``row`` (the spreadsheet row number), ``action``
("create", "change", "same" or "skip"), ``what`` (a short description), ``changes``
(plain words for each change), ``problems`` (plain words; any problem means "skip"),
``values`` (what to write, JSON-safe), ``target`` and ``version`` (the stored row
and the edit version the preview saw). Each handler reads what it needs to match
with a fixed number of queries, whatever the number of rows.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from coproduce.dates import DAY, day_or_month_parse, day_or_month_text
from evaluation.evidence.services import (
    invitation_count_create,
    invitation_count_group_key,
    invitation_count_update,
)
from evaluation.imports import kinds
from evaluation.models import ImportKind, InvitationCount
from projects.models import (
    Activity,
    Organisation,
    ProjectStakeholder,
    RoleCategory,
    Stakeholder,
)
from projects.progress.services import (
    ACTIVITY_FIELDS,
    EARLIEST_DATE,
    MAX_DAYS_AHEAD,
    activity_create,
    activity_update,
)
from projects.services import (
    stakeholder_attach,
    stakeholder_create,
    stakeholder_update,
    stakeholders_create,
)

ROLE_LABELS = dict(RoleCategory.choices)


def _squash(value: str) -> str:
    return " ".join((value or "").split()).lower()


def _limit(value: str, size: int, what: str, problems: list) -> str:
    if len(value) > size:
        problems.append(f"{what} is {len(value):,} characters; the most is {size:,}.")
    return value


def _shown(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class Handler:
    kind: str = ""

    def __init__(self, job):
        self.job = job
        self.targets: dict[int, object] = {}

    def check(self, number: int, cells: dict, seen: dict) -> dict:
        problems: list[str] = []
        row = {
            "row": number,
            "action": "skip",
            "what": "",
            "changes": [],
            "problems": problems,
            "values": {},
            "target": None,
            "version": None,
        }
        values = self.read(cells, problems)
        row["what"] = self.describe(values)
        if problems:
            return row
        key = self.key(values)
        if key in seen:
            problems.append(f"The same {self.noun} as row {seen[key]}.")
            return row
        seen[key] = number
        self.match(row, values, key)
        return row

    def _read(self, cells, key, reader, problems, *args):
        value = cells.get(key)
        if value is None or value == "":
            return None
        try:
            return reader(value, *args)
        except ValueError as error:
            problems.append(str(error))
            return None

    def _required(self, cells, key, what, problems) -> str:
        value = kinds.text(cells.get(key))
        if not value:
            problems.append(f"{what} is empty.")
        return value

    def _compare(self, row, pairs) -> None:
        """pairs: (label, stored, given); a change for each given value that
        differs (an empty cell, None, keeps what is stored)."""
        for label, stored, given in pairs:
            if given is not None and given != stored:
                row["changes"].append(f"{label}: {_shown(stored)} → {_shown(given)}")

    def prefetch_targets(self, pks) -> None:
        pass


# --- People -------------------------------------------------------------------------


class PeopleHandler(Handler):
    kind = ImportKind.PEOPLE
    noun = "person"

    def __init__(self, job):
        super().__init__(job)
        self.project = job.project
        people = list(
            Stakeholder.objects.filter(
                programme=job.programme, erased_at__isnull=True
            ).only(
                "id",
                "display_name",
                "role_category",
                "organisation_id",
                "email",
                "is_pseudonym",
                "edit_version",
            )
        )
        self.on_project = set(
            ProjectStakeholder.objects.filter(project=self.project).values_list(
                "stakeholder_id", flat=True
            )
        )
        self.by_email = {p.email.lower(): p for p in people if p.email}
        self.by_name = {
            (_squash(p.display_name), p.organisation_id): p
            for p in people
            if p.pk in self.on_project
        }
        self.orgs = {
            _squash(name): (pk, name)
            for pk, name in Organisation.objects.values_list("pk", "name")
        }

    def read(self, cells, problems) -> dict:
        name = _limit(
            self._required(cells, "name", "The name", problems),
            120,
            "The name",
            problems,
        )
        role = self._read(cells, "role", kinds.role_read, problems)
        if role is None and not kinds.text(cells.get("role")):
            problems.append("The role is empty.")
        values = {"display_name": name, "role_category": role}
        org_name = kinds.text(cells.get("organisation"))
        values["organisation_id"] = None
        if org_name:
            found = self.orgs.get(_squash(org_name))
            if found is None:
                problems.append(
                    f"No organisation called “{org_name}” yet: add it first "
                    "(Add an organisation) or leave the cell empty."
                )
            else:
                values["organisation_id"], values["organisation"] = found
        email = kinds.text(cells.get("email")).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(f"“{email}” is not an email address.")
        values["email"] = email or None
        values["is_pseudonym"] = self._read(
            cells, "pseudonym", kinds.yes_no_read, problems
        )
        return values

    def describe(self, values) -> str:
        role = ROLE_LABELS.get(values.get("role_category") or "", "")
        return f"{values.get('display_name') or 'no name'}" + (
            f" ({role})" if role else ""
        )

    def key(self, values):
        if values["email"]:
            return ("email", values["email"])
        return ("name", _squash(values["display_name"]), values["organisation_id"])

    def match(self, row, values, key) -> None:
        person = None
        if values["email"]:
            person = self.by_email.get(values["email"])
        if person is None:
            candidate = self.by_name.get(
                (_squash(values["display_name"]), values["organisation_id"])
            )
            # Matched by name only when it has no other email.
            if candidate and (not candidate.email or not values["email"]):
                person = candidate
        row["values"] = values
        if person is None:
            row["action"] = "create"
            return
        row["target"], row["version"] = person.pk, person.edit_version
        self._compare(
            row,
            [
                ("Name", person.display_name, values["display_name"]),
                ("Role", person.role_category, values["role_category"]),
                ("Email", person.email.lower() or None, values["email"]),
                ("Pseudonym", person.is_pseudonym, values["is_pseudonym"]),
            ],
        )
        if values["organisation_id"] and values["organisation_id"] != (
            person.organisation_id
        ):
            row["changes"].append(f"Organisation: {values['organisation']}")
        if person.pk not in self.on_project:
            row["changes"].append("Added to this project")
        row["action"] = "change" if row["changes"] else "same"

    def prefetch_targets(self, pks) -> None:
        self.targets = {
            p.pk: p
            for p in Stakeholder.objects.filter(pk__in=pks).prefetch_related(
                "seldom_heard_groups"
            )
        }

    @staticmethod
    def _data(values) -> dict:
        data = {
            "display_name": values["display_name"],
            "role_category": values["role_category"],
        }
        if values["email"]:
            data["email"] = values["email"]
        if values["is_pseudonym"] is not None:
            data["is_pseudonym"] = values["is_pseudonym"]
        if values["organisation_id"]:
            data["organisation_id"] = values["organisation_id"]
        return data

    def apply_many(self, rows) -> None:
        """New people in one go (a big file would take minutes one by one)."""
        stakeholders_create(
            programme=self.job.programme,
            rows=[self._data(row["values"]) for row in rows],
            project=self.project,
        )

    def apply(self, row) -> None:
        data = self._data(row["values"])
        if row["action"] == "create":
            stakeholder_create(
                programme=self.job.programme,
                data=data,
                groups=[],
                project=self.project,
            )
            return
        person = self.targets.get(row["target"])
        if person is None:
            raise ValidationError("This person was deleted after the preview.")
        changed = {
            k: v
            for k, v in data.items()
            if (getattr(person, k).lower() if k == "email" else getattr(person, k)) != v
        }
        if changed or person.edit_version != row["version"]:
            stakeholder_update(
                stakeholder=person,
                data=changed,
                groups=list(person.seldom_heard_groups.all()),
                seen_version=row["version"],
            )
        if not ProjectStakeholder.objects.filter(
            project=self.project, stakeholder=person
        ).exists():
            stakeholder_attach(
                project=self.project,
                stakeholder=person,
                joined_on=self.project.start_date,
            )


# --- Activities ---------------------------------------------------------------------


def _headcounts_text(rows) -> str:
    return "; ".join(
        f"{ROLE_LABELS.get(r['role_category'], r['role_category'])}: {r['count']}"
        + (
            f" ({r['seldom_heard_count']} seldom heard)"
            if r["seldom_heard_count"]
            else ""
        )
        for r in rows
    )


def _headcounts_sorted(rows) -> list[tuple]:
    return sorted(
        (r["role_category"], r["count"], r["seldom_heard_count"]) for r in rows
    )


class ActivitiesHandler(Handler):
    kind = ImportKind.ACTIVITIES
    noun = "activity"
    TEXTS = (
        ("purpose", "Purpose"),
        ("outputs", "What it produced"),
        ("reflection", "Reflection"),
    )

    def __init__(self, job):
        super().__init__(job)
        self.project = job.project
        activities = list(
            Activity.objects.filter(project=self.project).prefetch_related(
                "attendances", "headcounts"
            )
        )
        self.existing = {
            (a.held_on.isoformat(), _squash(a.title)): a for a in activities
        }
        people = Stakeholder.objects.filter(
            involvements__project=self.project, erased_at__isnull=True
        ).only("id", "display_name", "email")
        self.people_by_name: dict[str, list[int]] = {}
        self.people_by_email = {}
        self.names = {}
        for person in people:
            self.people_by_name.setdefault(_squash(person.display_name), []).append(
                person.pk
            )
            if person.email:
                self.people_by_email[person.email.lower()] = person.pk
            self.names[person.pk] = person.display_name

    def read(self, cells, problems) -> dict:
        values: dict = {}
        held_on = self._read(cells, "date", kinds.day_read, problems)
        if held_on is None and not kinds.text(cells.get("date")):
            problems.append("The date is empty.")
        if held_on is not None:
            today = dt.date.today()
            if held_on < EARLIEST_DATE:
                problems.append("The date is too far in the past. Check it.")
            elif held_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
                problems.append("The date is more than a year ahead. Check it.")
        values["held_on"] = held_on.isoformat() if held_on else None
        values["title"] = _limit(
            self._required(cells, "title", "The title", problems),
            200,
            "The title",
            problems,
        )
        for key, lookup, what in (
            ("kind", kinds.KIND_LOOKUP, "kind of activity"),
            ("stage", kinds.STAGE_LOOKUP, "Double Diamond stage"),
        ):
            values[key] = self._read(
                cells, key, kinds.choice_read, problems, lookup, what
            )
            if values[key] is None and not kinds.text(cells.get(key)):
                problems.append(f"The {what} is empty.")
        for key, label in self.TEXTS:
            value = kinds.text(cells.get(key))
            values[key] = _limit(value, 10_000, label, problems) or None
        values["co_constructed"] = self._read(
            cells, "co_constructed", kinds.yes_no_read, problems
        )
        values["attendees"] = None
        names = kinds.names_read(cells.get("attendees"))
        if names:
            ids = []
            for name in names:
                found = self.people_by_email.get(name.lower())
                matches = (
                    [found] if found else self.people_by_name.get(_squash(name), [])
                )
                if len(matches) == 1:
                    ids.append(matches[0])
                elif matches:
                    problems.append(
                        f"More than one person on this project is called “{name}”: "
                        "use their email address."
                    )
                else:
                    problems.append(
                        f"No one called “{name}” on this project: import the people "
                        "first, or check the spelling."
                    )
            values["attendees"] = sorted(set(ids))
        values["headcounts"] = None
        if kinds.text(cells.get("headcounts")):
            try:
                counts = kinds.headcounts_read(cells.get("headcounts"))
            except ValueError as error:
                problems.append(str(error))
            else:
                roles = [c["role_category"] for c in counts]
                if len(set(roles)) != len(roles):
                    problems.append("List each role once in the headcounts.")
                if any(c["seldom_heard_count"] > c["count"] for c in counts):
                    problems.append(
                        "More people from seldom-heard groups than people in that role."
                    )
                values["headcounts"] = counts
        return values

    def describe(self, values) -> str:
        day = values.get("held_on") or "no date"
        return f"{values.get('title') or 'no title'} ({day})"

    def key(self, values):
        return (values["held_on"], _squash(values["title"]))

    def match(self, row, values, key) -> None:
        row["values"] = values
        activity = self.existing.get(key)
        if activity is None:
            row["action"] = "create"
            return
        row["target"], row["version"] = activity.pk, activity.edit_version
        pairs = [
            ("Kind", activity.kind, values["kind"]),
            ("Stage", activity.stage, values["stage"]),
            ("Co-constructed", activity.co_constructed, values["co_constructed"]),
        ]
        pairs += [(label, getattr(activity, k), values[k]) for k, label in self.TEXTS]
        self._compare(row, pairs)
        if values["attendees"] is not None:
            stored = sorted(
                a.stakeholder_id for a in activity.attendances.all() if a.stakeholder_id
            )
            if stored != values["attendees"]:
                row["changes"].append(
                    "Attendees: "
                    + ", ".join(self.names.get(pk, "?") for pk in values["attendees"])
                )
        if values["headcounts"] is not None:
            stored = [
                {
                    "role_category": h.role_category,
                    "count": h.count,
                    "seldom_heard_count": h.seldom_heard_count,
                }
                for h in activity.headcounts.all()
            ]
            if _headcounts_sorted(stored) != _headcounts_sorted(values["headcounts"]):
                row["changes"].append(
                    f"Headcounts: {_headcounts_text(values['headcounts'])}"
                )
        row["action"] = "change" if row["changes"] else "same"

    def prefetch_targets(self, pks) -> None:
        self.targets = {
            a.pk: a
            for a in Activity.objects.filter(pk__in=pks).prefetch_related(
                "attendances", "headcounts"
            )
        }

    def _people(self, ids):
        return list(Stakeholder.objects.filter(pk__in=ids))

    def apply(self, row) -> None:
        values = row["values"]
        given = {
            k: v
            for k, v in values.items()
            if k not in {"attendees", "headcounts"} and v is not None
        }
        given["held_on"] = dt.date.fromisoformat(values["held_on"])
        if row["action"] == "create":
            activity_create(
                project=self.project,
                data=given,
                attendees=self._people(values["attendees"] or []),
                headcounts=values["headcounts"] or [],
                recorded_by=self.job.created_by,
            )
            return
        activity = self.targets.get(row["target"])
        if activity is None:
            raise ValidationError("This activity was deleted after the preview.")
        data = {f: getattr(activity, f) for f in ACTIVITY_FIELDS} | given
        attendees = values["attendees"]
        if attendees is None:
            attendees = [
                a.stakeholder_id for a in activity.attendances.all() if a.stakeholder_id
            ]
        headcounts = values["headcounts"]
        if headcounts is None:
            headcounts = [
                {
                    "role_category": h.role_category,
                    "count": h.count,
                    "seldom_heard_count": h.seldom_heard_count,
                }
                for h in activity.headcounts.all()
            ]
        activity_update(
            activity=activity,
            data=data,
            attendees=self._people(attendees),
            headcounts=headcounts,
            seen_version=row["version"],
        )


# --- Counts -------------------------------------------------------------------------


class CountsHandler(Handler):
    kind = ImportKind.COUNTS
    noun = "group"

    def __init__(self, job):
        super().__init__(job)
        self.stage = job.stage
        self.existing = {
            c.group_key: c for c in InvitationCount.objects.filter(stage=self.stage)
        }

    def read(self, cells, problems) -> dict:
        roles = self._read(cells, "group", kinds.group_read, problems)
        if roles is None and not kinds.text(cells.get("group")):
            problems.append("The group is empty.")
        values = {"roles": roles}
        values["label"] = (
            _limit(kinds.text(cells.get("label")), 160, "The group name", problems)
            or None
        )
        for key, what in (("invited", "Invited"), ("took_part", "Took part")):
            values[key] = self._read(cells, key, kinds.number_read, problems, what)
            if values[key] is None and not kinds.text(cells.get(key)):
                problems.append(f"{what} is empty.")
        if (
            values["invited"] is not None
            and values["took_part"] is not None
            and values["took_part"] > values["invited"]
        ):
            problems.append("More people took part than were invited.")
        when = self._read(cells, "date", day_or_month_parse, problems)
        values["counted_on"] = when[0].isoformat() if when else None
        values["counted_on_precision"] = when[1] if when else None
        values["note"] = (
            _limit(kinds.text(cells.get("note")), 2000, "The note", problems) or None
        )
        return values

    def describe(self, values) -> str:
        roles = values.get("roles")
        if values.get("label"):
            return values["label"]
        if roles == []:
            return "Role not recorded"
        return " / ".join(ROLE_LABELS.get(r, r) for r in roles or []) or "no group"

    def key(self, values):
        return invitation_count_group_key(values["roles"])

    def match(self, row, values, key) -> None:
        row["values"] = values
        count = self.existing.get(key)
        if count is None:
            row["action"] = "create"
            return
        row["target"], row["version"] = count.pk, count.edit_version
        stored_date = count.counted_on.isoformat() if count.counted_on else None
        self._compare(
            row,
            [
                ("Group name", count.label or None, values["label"]),
                ("Invited", count.invited, values["invited"]),
                ("Took part", count.took_part, values["took_part"]),
                ("Note", count.note or None, values["note"]),
            ],
        )
        if values["counted_on"] is not None and (
            values["counted_on"],
            values["counted_on_precision"],
        ) != (stored_date, count.counted_on_precision):
            row["changes"].append(
                "Date: "
                + day_or_month_text(
                    dt.date.fromisoformat(values["counted_on"]),
                    values["counted_on_precision"],
                )
            )
        row["action"] = "change" if row["changes"] else "same"

    def prefetch_targets(self, pks) -> None:
        self.targets = {
            c.pk: c
            for c in InvitationCount.objects.filter(pk__in=pks).select_related("stage")
        }

    def apply(self, row) -> None:
        values = dict(row["values"])
        if values["counted_on"]:
            values["counted_on"] = dt.date.fromisoformat(values["counted_on"])
        if row["action"] == "create":
            values = {k: v for k, v in values.items() if v is not None}
            values.setdefault("counted_on_precision", DAY)
            invitation_count_create(
                stage=self.stage, data=values, user=self.job.created_by
            )
            return
        count = self.targets.get(row["target"])
        if count is None:
            raise ValidationError("These figures were deleted after the preview.")
        stored = {
            "roles": count.roles,
            "label": count.label,
            "counted_on": count.counted_on,
            "counted_on_precision": count.counted_on_precision,
            "note": count.note,
        }
        given = {k: v for k, v in values.items() if v is not None}
        invitation_count_update(
            count=count, data=stored | given, seen_version=row["version"]
        )


HANDLERS = {
    ImportKind.PEOPLE: PeopleHandler,
    ImportKind.ACTIVITIES: ActivitiesHandler,
    ImportKind.COUNTS: CountsHandler,
}
