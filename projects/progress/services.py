"""Writes for progress logging: activities with attendance, Double Diamond moves and
stops, and per-stage plans. (The + / − entries of each stage are factor observations,
written by the factors feature.)"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from coproduce.concurrency import EditConflict, versioned_update
from projects.models import (
    Activity,
    Attendance,
    DiamondStage,
    Headcount,
    Project,
    ProjectStatus,
    RoleCategory,
    StagePlan,
    StageTransition,
    Stakeholder,
    SupportKind,
    TransitionKind,
    stage_position,
)

EARLIEST_DATE = dt.date(1990, 1, 1)
# Activities may be logged a little ahead (a booked event); anything further is a typo.
MAX_DAYS_AHEAD = 366


class StageChanged(EditConflict):
    """Someone moved or stopped the project after this form was opened."""

    def __init__(self, transition: StageTransition | None):
        super().__init__()
        self.transition = transition


def _today() -> dt.date:
    return timezone.localdate()


def _check_date(value: dt.date, field: str, *, days_ahead: int) -> None:
    if value < EARLIEST_DATE:
        raise ValidationError({field: "That date is too far in the past. Check it."})
    if value > _today() + dt.timedelta(days=days_ahead):
        if days_ahead <= 1:
            message = "This date is in the future. Record changes once they happen."
        else:
            message = "That date is more than a year ahead. Check it."
        raise ValidationError({field: message})


def _check_activity(project: Project, data: dict) -> None:
    _check_date(data["held_on"], "held_on", days_ahead=MAX_DAYS_AHEAD)
    ends_on = data.get("ends_on")
    if ends_on:
        _check_date(ends_on, "ends_on", days_ahead=MAX_DAYS_AHEAD)
        if ends_on < data["held_on"]:
            raise ValidationError({"ends_on": "The end date is before the start date."})
    if data["stage"] not in DiamondStage.values:
        raise ValidationError({"stage": "Choose a Double Diamond stage."})
    unknown = set(data.get("support") or []) - set(SupportKind.values)
    if unknown:
        raise ValidationError({"support": "Choose support from the list."})
    if project.status == ProjectStatus.DISCONTINUED and stage_position(
        data["stage"]
    ) > stage_position(project.current_stage):
        stopped_at = (
            DiamondStage(project.current_stage).label
            if project.current_stage
            else "before it started"
        )
        raise ValidationError(
            {
                "stage": (
                    f"This project was discontinued at {stopped_at}, so it has no "
                    f"activities for {DiamondStage(data['stage']).label}."
                )
            }
        )


def _clean_headcounts(headcounts) -> list[dict]:
    cleaned, seen = [], set()
    for row in headcounts:
        role = row.get("role_category")
        count = row.get("count") or 0
        seldom = row.get("seldom_heard_count") or 0
        if not role and not count and not seldom:
            continue
        if role not in RoleCategory.values:
            raise ValidationError("Choose a role for each headcount.")
        if count < 0 or seldom < 0:
            raise ValidationError("Headcounts cannot be negative.")
        if seldom > count:
            raise ValidationError(
                "More people from seldom-heard groups than people in that role."
            )
        if role in seen:
            raise ValidationError("List each role once in the headcounts.")
        seen.add(role)
        if count:
            cleaned.append(
                {"role_category": role, "count": count, "seldom_heard_count": seldom}
            )
    return cleaned


def _set_attendance(activity: Activity, attendees) -> None:
    """Named attendees: keep rows of people still listed (their recorded role stays),
    add the new ones, drop the rest. Rows of deleted people are kept."""
    attendees = list(attendees)
    for person in attendees:
        if person.programme_id != activity.project.programme_id:
            raise ValidationError("Someone listed belongs to another programme.")
    wanted = {person.pk: person for person in attendees}
    activity.attendances.filter(stakeholder__isnull=False).exclude(
        stakeholder_id__in=wanted
    ).delete()
    existing = set(
        activity.attendances.filter(stakeholder_id__in=wanted).values_list(
            "stakeholder_id", flat=True
        )
    )
    new_ids = [pk for pk in wanted if pk not in existing]
    if not new_ids:
        return
    seldom_ids = set(
        Stakeholder.objects.filter(
            pk__in=new_ids, seldom_heard_groups__isnull=False
        ).values_list("pk", flat=True)
    )
    Attendance.objects.bulk_create(
        Attendance(
            activity=activity,
            stakeholder=wanted[pk],
            role_category=wanted[pk].role_category,
            seldom_heard=pk in seldom_ids,
        )
        for pk in new_ids
    )


def _set_headcounts(activity: Activity, headcounts: list[dict]) -> None:
    activity.headcounts.all().delete()
    Headcount.objects.bulk_create(
        Headcount(activity=activity, **row) for row in headcounts
    )


ACTIVITY_FIELDS = [
    "held_on",
    "held_on_precision",
    "ends_on",
    "kind",
    "title",
    "purpose",
    "stage",
    "co_constructed",
    "co_constructed_by",
    "chaired_by",
    "decided_by",
    "support",
    "support_note",
    "outputs",
    "reflection",
]


def _activity_data(data: dict) -> dict:
    values = {field: data[field] for field in ACTIVITY_FIELDS if field in data}
    for field in ACTIVITY_FIELDS:
        if field not in values and field not in {"held_on", "kind", "title", "stage"}:
            values[field] = Activity._meta.get_field(field).get_default()
    values["support"] = list(values.get("support") or [])
    if not values["co_constructed"]:
        values["co_constructed_by"] = ""
    return values


@transaction.atomic
def activity_create(
    *, project: Project, data: dict, attendees=(), headcounts=(), recorded_by=None
) -> Activity:
    """Log an activity with its named attendees and headcounts (all or nothing)."""
    values = _activity_data(data)
    _check_activity(project, values)
    counts = _clean_headcounts(headcounts)
    activity = Activity.objects.create(
        project=project, recorded_by=recorded_by, **values
    )
    _set_attendance(activity, attendees)
    _set_headcounts(activity, counts)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, data: dict, attendees, headcounts, seen_version: int
) -> None:
    """Save an edited activity unless someone else saved it since the form opened."""
    values = _activity_data(data)
    _check_activity(activity.project, values)
    counts = _clean_headcounts(headcounts)
    versioned_update(activity, seen_version=seen_version, **values)
    _set_attendance(activity, attendees)
    _set_headcounts(activity, counts)


def activity_delete(*, activity: Activity) -> None:
    """Delete an activity. Refused while payments are recorded for it, since the
    finance records must keep adding up."""
    if activity.payments.exists():
        raise ValidationError(
            "Payments are recorded for this activity, so it cannot be deleted."
        )
    activity.delete()


def _last_transition(project: Project) -> StageTransition | None:
    return project.stage_transitions.order_by("-id").first()


def _lock(project: Project, seen_transition: int) -> tuple[Project, StageTransition]:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    last = _last_transition(locked)
    if (last.pk if last else 0) != (seen_transition or 0):
        raise StageChanged(last)
    return locked, last


def _check_transition_date(happened_on: dt.date, last) -> None:
    _check_date(happened_on, "happened_on", days_ahead=1)
    if last and happened_on < last.happened_on:
        raise ValidationError(
            {
                "happened_on": (
                    "The last change was recorded on "
                    f"{date_format(last.happened_on, 'j F Y')}; this one cannot be earlier."
                )
            }
        )


@transaction.atomic
def stage_move(
    *,
    project: Project,
    to_stage: str,
    happened_on: dt.date,
    rationale: str,
    recorded_by,
    seen_transition: int,
) -> StageTransition:
    """Move the project to another Double Diamond stage, forward or back.

    A move back is kept as iteration. A paused (or proposed) project becomes active;
    a discontinued one cannot move. Raises ``StageChanged`` if someone else moved or
    stopped the project since ``seen_transition`` (the id of the last change seen).
    """
    locked, last = _lock(project, seen_transition)
    if to_stage not in DiamondStage.values:
        raise ValidationError({"to_stage": "Choose a Double Diamond stage."})
    if to_stage == locked.current_stage:
        raise ValidationError(
            {"to_stage": f"The project is already at {DiamondStage(to_stage).label}."}
        )
    if locked.status == ProjectStatus.DISCONTINUED:
        raise ValidationError(
            "This project was discontinued, so it cannot move. Change its status "
            "first if work has started again."
        )
    rationale = rationale.strip()
    if not rationale:
        raise ValidationError({"rationale": "Say why the project moved."})
    _check_transition_date(happened_on, last)
    if not locked.current_stage:
        kind = TransitionKind.START
    elif stage_position(to_stage) > stage_position(locked.current_stage):
        kind = TransitionKind.FORWARD
    else:
        kind = TransitionKind.BACK
    changes = {"current_stage": to_stage}
    if locked.status in {ProjectStatus.PAUSED, ProjectStatus.PROPOSED}:
        changes.update(status=ProjectStatus.ACTIVE, status_reason="")
    move = StageTransition.objects.create(
        project=locked,
        from_stage=locked.current_stage,
        to_stage=to_stage,
        kind=kind,
        status=changes.get("status", locked.status),
        happened_on=happened_on,
        rationale=rationale,
        recorded_by=recorded_by,
    )
    versioned_update(locked, seen_version=locked.edit_version, **changes)
    return move


@transaction.atomic
def project_stop(
    *,
    project: Project,
    status: str,
    reason: str,
    happened_on: dt.date,
    recorded_by,
    seen_transition: int,
) -> StageTransition:
    """Stop the project at its current stage: paused or discontinued, with a reason."""
    locked, last = _lock(project, seen_transition)
    if status not in {ProjectStatus.PAUSED, ProjectStatus.DISCONTINUED}:
        raise ValidationError({"status": "Choose paused or discontinued."})
    if locked.status == status:
        raise ValidationError(
            {"status": f"The project is already {ProjectStatus(status).label.lower()}."}
        )
    if locked.status == ProjectStatus.DISCONTINUED:
        raise ValidationError({"status": "The project is already discontinued."})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the project stopped."})
    _check_transition_date(happened_on, last)
    stop = StageTransition.objects.create(
        project=locked,
        from_stage=locked.current_stage,
        to_stage=locked.current_stage,
        kind=TransitionKind.STOP,
        status=status,
        happened_on=happened_on,
        rationale=reason,
        recorded_by=recorded_by,
    )
    versioned_update(
        locked, seen_version=locked.edit_version, status=status, status_reason=reason
    )
    return stop


@transaction.atomic
def stage_plan_save(
    *, project: Project, stage: str, data: dict, user, seen_version: int
) -> StagePlan:
    """Save the plan, contribution and achievements for one stage (lost-update safe;
    ``seen_version`` 0 means the form was opened before the stage had a plan)."""
    if stage not in DiamondStage.values:
        raise ValidationError("Unknown stage.")
    values = {
        f: (data.get(f) or "").strip() for f in ("plan", "contribution", "achieved")
    }
    plan, created = StagePlan.objects.get_or_create(
        project=project, stage=stage, defaults={**values, "updated_by": user}
    )
    if created:
        if seen_version:
            raise EditConflict
        return plan
    versioned_update(plan, seen_version=seen_version, updated_by=user, **values)
    return plan
