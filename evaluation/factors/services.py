"""Writes for factors: the programme's factor catalogue and the factor observations
(the + / − entries of the Double Diamond stage table, linked to a factor, graded and
backed by evidence on the evaluation pages). This module is the only writer of
FactorObservation."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.concurrency import versioned_update
from evaluation.evidence.services import evidence_check_belongs, unique_name_error
from evaluation.factors import catalogue
from evaluation.models import (
    Effect,
    Factor,
    FactorGroup,
    FactorObservation,
)
from projects.models import DiamondStage, Programme, Project


@transaction.atomic
def factor_catalogue_seed(*, programme: Programme) -> int:
    """Add the shipped factor groups and factors that the programme does not have yet.

    Safe to run again: existing groups and factors (matched by name) are left as the
    programme edited them. Returns how many factors were added.
    """
    added = 0
    for group_position, (group_name, group_text, factors) in enumerate(
        catalogue.FACTOR_CATALOGUE
    ):
        group, _ = FactorGroup.objects.get_or_create(
            programme=programme,
            name=group_name,
            defaults={"description": group_text, "position": group_position},
        )
        for position, (name, text) in enumerate(factors):
            _, created = Factor.objects.get_or_create(
                group=group,
                name=name,
                defaults={"description": text, "position": position},
            )
            added += created
    return added


def factor_group_save(
    *, programme: Programme, data: dict, group: FactorGroup | None = None
) -> FactorGroup:
    """Create a factor group, or update ``group``."""
    clash = FactorGroup.objects.filter(programme=programme, name=data["name"])
    if group is not None:
        clash = clash.exclude(pk=group.pk)
    if clash.exists():
        raise unique_name_error("group")
    if group is None:
        return FactorGroup.objects.create(programme=programme, **data)
    for field, value in data.items():
        setattr(group, field, value)
    group.save(update_fields=list(data))
    return group


def factor_save(
    *, programme: Programme, data: dict, factor: Factor | None = None
) -> Factor:
    """Create a factor in one of the programme's groups, or update ``factor``."""
    group = data["group"]
    if group.programme_id != programme.pk:
        raise ValidationError({"group": "Choose a group of this programme."})
    clash = Factor.objects.filter(group=group, name=data["name"])
    if factor is not None:
        clash = clash.exclude(pk=factor.pk)
    if clash.exists():
        raise unique_name_error("factor in this group")
    if factor is None:
        return Factor.objects.create(**data)
    for field, value in data.items():
        setattr(factor, field, value)
    factor.save(update_fields=list(data))
    return factor


# --- Factor observations: the one write path -----------------------------------------
# The stage table's "+ / −" entries and the evaluation pages both write here, so an
# entry is checked the same way whichever page it comes from.

OBSERVATION_FIELDS = ["factor", "stage", "effect", "strength", "text", "note"]


def _observation_values(project: Project, data: dict) -> dict:
    """The observation fields given in ``data``, checked and normalised."""
    values = {f: data[f] for f in OBSERVATION_FIELDS if f in data}
    if "text" in values:
        values["text"] = (values["text"] or "").strip()
        if not values["text"]:
            raise ValidationError({"text": "Write what helped or got in the way."})
    if "stage" in values and values["stage"] not in DiamondStage.values:
        raise ValidationError({"stage": "Choose a Double Diamond stage."})
    if "effect" in values and values["effect"] not in Effect.values:
        raise ValidationError({"effect": "Choose whether it helped or hindered."})
    factor = values.get("factor")
    if factor is not None and factor.group.programme_id != project.programme_id:
        raise ValidationError({"factor": "Choose a factor from this programme."})
    return values


@transaction.atomic
def observation_create(
    *, project: Project, data: dict, quotes=(), documents=(), user=None
) -> FactorObservation:
    """Record that something helped (+) or hindered (−) the project at a stage.

    ``data`` needs ``stage``, ``effect`` and ``text``; an entry from the stage table
    has only those, and evaluators link it to a catalogue factor, grade it and attach
    evidence later (``observation_update``).
    """
    missing = [f for f in ("stage", "effect", "text") if f not in data]
    if missing:
        raise ValidationError({f: "This is needed." for f in missing})
    values = _observation_values(project, data)
    evidence_check_belongs(project, quotes, documents)
    observation = FactorObservation.objects.create(
        project=project, recorded_by=user, **values
    )
    if quotes:
        observation.quotes.set(quotes)
    if documents:
        observation.documents.set(documents)
    return observation


@transaction.atomic
def observation_update(
    *,
    observation: FactorObservation,
    data: dict,
    quotes=(),
    documents=(),
    seen_version: int | None,
) -> None:
    """Link an observation to a factor, grade it and attach evidence, unless someone
    saved it since ``seen_version`` (then ``EditConflict``)."""
    project = observation.project
    values = _observation_values(project, data)
    evidence_check_belongs(project, quotes, documents)
    versioned_update(observation, seen_version=seen_version, **values)
    observation.quotes.set(quotes)
    observation.documents.set(documents)


def observation_delete(*, observation: FactorObservation) -> None:
    """Delete an entry with its factor link, grading and evidence links (the quotes
    and documents themselves stay)."""
    observation.delete()
