"""Writes for the decision log: decisions and whose input was asked for on them.

Shared by the pages and the demo. Each function checks everything it is given
belongs to the decision's project, raises ``ValidationError`` with plain messages
(keyed by field, so forms show them next to what was typed) and refuses a stale
edit with ``EditConflict`` (``coproduce.concurrency``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from coproduce.concurrency import versioned_update
from evaluation.models import (
    Decision,
    DecisionInput,
    DecisionMethod,
    ScoringRound,
)
from projects.models import Activity, Project, RoleCategory, Stakeholder

DECISION_FIELDS = [
    "title",
    "detail",
    "decided_on",
    "stage",
    "activity",
    "options",
    "decided_by_roles",
    "method",
    "method_note",
]
INPUT_FIELDS = ["role_category", "stakeholder", "effect", "account", "scoring_round"]
MAX_OPTIONS = 20
OPTION_LENGTH = 300


def decision_options_clean(options) -> list[str]:
    """The options as a list of distinct, non-empty lines (in the order given)."""
    cleaned, seen = [], set()
    errors = []
    for option in options or []:
        option = " ".join(str(option).split())
        if not option:
            continue
        if option.casefold() in seen:
            errors.append(f"“{option}” is listed twice.")
            continue
        if len(option) > OPTION_LENGTH:
            errors.append(f"Keep each option under {OPTION_LENGTH} characters.")
            continue
        seen.add(option.casefold())
        cleaned.append(option)
    if len(cleaned) == 1 and not errors:
        errors.append(
            "List at least two options, one a line, or leave the list empty if no "
            "other option was considered."
        )
    if len(cleaned) > MAX_OPTIONS:
        errors.append(f"List at most {MAX_OPTIONS} options.")
    if errors:
        raise ValidationError({"options": errors})
    return cleaned


def _people_on(project: Project, people) -> None:
    people = list(people)
    if not people:
        return
    involved = set(
        Stakeholder.objects.filter(
            pk__in=[p.pk for p in people], involvements__project=project
        ).values_list("pk", flat=True)
    )
    if any(p.pk not in involved for p in people):
        raise ValidationError(
            {"decided_by": "Choose people who are involved in this project."}
        )


def _check_decision(project: Project, data: dict, decided_by) -> dict:
    """The values to save, or ``ValidationError`` with every problem found."""
    values = {f: data.get(f) for f in DECISION_FIELDS}
    values["detail"] = values["detail"] or ""
    values["method_note"] = (values["method_note"] or "").strip()
    values["decided_by_roles"] = list(dict.fromkeys(values["decided_by_roles"] or []))
    errors: dict[str, list[str]] = {}
    try:
        values["options"] = decision_options_clean(values["options"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if any(role not in RoleCategory.values for role in values["decided_by_roles"]):
        errors.setdefault("decided_by_roles", []).append("Choose roles from the list.")
    if not values["decided_by_roles"] and not list(decided_by):
        errors.setdefault("decided_by_roles", []).append(
            "Say who made the decision: tick their roles, choose the people, or both."
        )
    try:
        _people_on(project, decided_by)
    except ValidationError as error:
        errors.update(error.message_dict)
    activity: Activity | None = values["activity"]
    if activity is not None and activity.project_id != project.pk:
        errors.setdefault("activity", []).append("Choose an activity of this project.")
    decided_on = values["decided_on"]
    if decided_on and decided_on > timezone.localdate():
        errors.setdefault("decided_on", []).append(
            "A decision is logged once it has been made: the date cannot be in the "
            "future."
        )
    elif (
        decided_on
        and activity is not None
        and activity.project_id == project.pk
        and decided_on < activity.held_on
    ):
        errors.setdefault("decided_on", []).append(
            "The decision came out of an activity held on "
            f"{formats.date_format(activity.held_on)}, so it cannot be earlier."
        )
    if values["method"] == DecisionMethod.OTHER and not values["method_note"]:
        errors.setdefault("method_note", []).append("Say how the decision was made.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def decision_create(
    *, project: Project, data: dict, decided_by=(), user=None
) -> Decision:
    """Log a decision of ``project``: what, when, at which stage, by whom, how and
    from which options."""
    values = _check_decision(project, data, decided_by)
    decision = Decision.objects.create(project=project, recorded_by=user, **values)
    decision.decided_by.set(decided_by)
    return decision


@transaction.atomic
def decision_update(
    *, decision: Decision, data: dict, decided_by=(), seen_version: int | None
) -> None:
    """Save changes to a decision unless someone else saved it since the form was
    opened (``EditConflict``)."""
    values = _check_decision(decision.project, data, decided_by)
    versioned_update(decision, seen_version=seen_version, **values)
    decision.decided_by.set(decided_by)


def decision_delete(*, decision: Decision, user=None) -> None:
    """Remove a decision and the inputs recorded on it (the history keeps them)."""
    decision.delete()


def _check_input(decision: Decision, data: dict, quotes, activities, item=None) -> dict:
    project = decision.project
    values = {f: data.get(f) for f in INPUT_FIELDS}
    errors: dict[str, list[str]] = {}
    person: Stakeholder | None = values["stakeholder"]
    if person is not None:
        if not person.involvements.filter(project=project).exists():
            errors["stakeholder"] = ["Choose someone involved in this project."]
        elif (
            values["role_category"] and person.role_category != values["role_category"]
        ):
            errors["role_category"] = [
                f"{person.display_name} is recorded as "
                f"{person.get_role_category_display().lower()}: choose that role, or "
                "leave the person out."
            ]
    same = DecisionInput.objects.filter(
        decision=decision, role_category=values["role_category"], stakeholder=person
    )
    if item is not None:
        same = same.exclude(pk=item.pk)
    if same.exists():
        errors.setdefault("role_category", []).append(
            "This decision already has an entry for "
            + (person.display_name if person else "that role")
            + ": edit that one instead."
        )
    if any(q.project_id != project.pk for q in quotes):
        errors["quotes"] = ["Choose quotes from this project."]
    if any(a.project_id != project.pk for a in activities):
        errors["activities"] = ["Choose activities of this project."]
    scoring_round: ScoringRound | None = values["scoring_round"]
    if scoring_round is not None and scoring_round.project_id != project.pk:
        errors["scoring_round"] = ["Choose a scoring round of this project."]
    if not (values["account"] or "").strip():
        errors["account"] = ["Say in a sentence or two what happened."]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def decision_input_create(
    *, decision: Decision, data: dict, quotes=(), activities=()
) -> DecisionInput:
    """Record whose input was asked for on ``decision`` and whether it changed the
    outcome, with the evidence for it."""
    quotes, activities = list(quotes), list(activities)
    values = _check_input(decision, data, quotes, activities)
    item = DecisionInput.objects.create(decision=decision, **values)
    item.quotes.set(quotes)
    item.activities.set(activities)
    return item


@transaction.atomic
def decision_input_update(
    *,
    item: DecisionInput,
    data: dict,
    quotes=(),
    activities=(),
    seen_version: int | None,
) -> None:
    """Save changes to an input unless someone else saved it since the form was
    opened (``EditConflict``)."""
    quotes, activities = list(quotes), list(activities)
    values = _check_input(item.decision, data, quotes, activities, item=item)
    versioned_update(item, seen_version=seen_version, **values)
    item.quotes.set(quotes)
    item.activities.set(activities)


def decision_input_delete(*, item: DecisionInput, user=None) -> None:
    """Remove one input of a decision (the history keeps it)."""
    item.delete()
