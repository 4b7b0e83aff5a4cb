"""Writes to logic models: crib sheets, versions, drafts and links.

The trace check and version comparison are in ``logicmodels.compare``.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from coproduce.concurrency import version_check, versioned_update
from logicmodels.models import (
    CLOSING_CHECKS,
    ITEM_MAX_LENGTH,
    Anticipation,
    CheckAnswer,
    Effect,
    GuidingQuestions,
    LogicItem,
    LogicLink,
    LogicModel,
    LogicModelVersion,
    ModelKind,
    Section,
    VersionStatus,
)

__all__ = [
    "crib_sheet_ensure",
    "crib_sheet_save",
    "draft_save",
    "link_add",
    "link_remove",
    "logic_model_start",
    "version_agree",
    "version_start_next",
]

# The crib sheet every programme starts with; facilitators can change it.
DEFAULT_GUIDING_QUESTIONS = {
    Section.CONTEXT: (
        [
            "How did the project begin, and why did it need the people who use "
            "services to help shape it?",
            "What was pushing the work forward: politics, money, local pressures or "
            "public feeling?",
            "What were the commissioners hoping to get out of it?",
            "Had these partners worked together before? How used were they to asking "
            "people for their views?",
        ],
        [
            "Were the hopes at the start realistic?",
            "Did the brief have to be changed, and if so why?",
            "What worries did people raise early on?",
        ],
    ),
    Section.INPUTS: (
        [
            "Who had time, money or other resources to give to the project?",
            "What did the facilitation team agree to bring?",
        ],
        [
            "Was it hard to get the key people involved?",
            "Did a leader help open doors or encourage people to take part?",
            "Which risks and dependencies did we talk about, such as how much "
            "commitment the facilitators needed from partners to be useful?",
        ],
    ),
    Section.ACTIVITIES: (
        [
            "What did people do together?",
            "Who took part, and how does that fit with their history of working "
            "together?",
        ],
        [
            "What was taking part like for the people involved?",
            "What went well, and what went less well?",
        ],
    ),
    Section.OUTPUTS: (
        [
            "What came directly out of the activities?",
            "What was made, written down or decided?",
        ],
        [
            "Could people use what they learned in the activities when they "
            "co-produced the next steps?",
            "What helped, and what got in the way?",
        ],
    ),
    Section.OUTCOMES: (
        [
            "What changed in the longer run, measured against the project's aims?",
            "Did anything happen that nobody expected, good or bad?",
        ],
        [
            "How did the inputs, activities and outputs shape these outcomes?",
            "What would we do differently next time?",
            "What helped the project succeed that we should use again?",
        ],
    ),
}

QUESTION_MAX_LENGTH = 400
CHECK_FIELDS = [
    f"{key}_{part}" for key, _ in CLOSING_CHECKS for part in ("answer", "note")
]
REFLECTION_FIELDS = [f"{s.key}_reflection" for s in Section]
VERSION_FIELDS = REFLECTION_FIELDS + CHECK_FIELDS


# --- Crib sheet ---------------------------------------------------------------


def crib_sheet_ensure(*, programme) -> None:
    """Give the programme the default crib sheet for any section it lacks."""
    have = set(
        GuidingQuestions.objects.filter(programme=programme).values_list(
            "section", flat=True
        )
    )
    GuidingQuestions.objects.bulk_create(
        [
            GuidingQuestions(
                programme=programme,
                section=section,
                questions="\n".join(DEFAULT_GUIDING_QUESTIONS[section][0]),
                reflection_prompts="\n".join(DEFAULT_GUIDING_QUESTIONS[section][1]),
            )
            for section in Section
            if section not in have
        ],
        ignore_conflicts=True,
    )


def _clean_lines(text: str, *, field: str) -> str:
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    for line in lines:
        if len(line) > QUESTION_MAX_LENGTH:
            raise ValidationError(
                {
                    field: f"Keep each line under {QUESTION_MAX_LENGTH} characters "
                    f"(one has {len(line)})."
                }
            )
    return "\n".join(lines)


@transaction.atomic
def crib_sheet_save(*, programme, author, entries: dict) -> None:
    """Replace the programme's guiding questions.

    ``entries`` maps each Section to ``{"questions": str, "reflection_prompts": str}``
    (one line per question).
    """
    crib_sheet_ensure(programme=programme)
    for row in GuidingQuestions.objects.select_for_update().filter(programme=programme):
        entry = entries.get(Section(row.section))
        if entry is None:
            continue
        key = Section(row.section).key
        row.questions = _clean_lines(entry["questions"], field=f"{key}_questions")
        row.reflection_prompts = _clean_lines(
            entry["reflection_prompts"], field=f"{key}_prompts"
        )
        row.updated_by = author
        row.save(
            update_fields=[
                "questions",
                "reflection_prompts",
                "updated_by",
                "updated_at",
            ]
        )


# --- Starting models and versions ---------------------------------------------


def _copy_content(*, source, target, everything: bool) -> None:
    """Copy items and links (and with ``everything``, reflections and checks)."""
    old_items = list(source.items.all())
    new_items = LogicItem.objects.bulk_create(
        [
            LogicItem(
                version=target,
                section=item.section,
                position=item.position,
                text=item.text,
                origin=item.origin,
                anticipation=item.anticipation,
                effect=item.effect,
            )
            for item in old_items
        ]
    )
    by_origin = {item.origin: item for item in new_items}
    origin_of = {item.pk: item.origin for item in old_items}
    LogicLink.objects.bulk_create(
        [
            LogicLink(
                version=target,
                source=by_origin[origin_of[link.source_id]],
                target=by_origin[origin_of[link.target_id]],
            )
            for link in source.links.all()
        ]
    )
    if everything:
        for name in VERSION_FIELDS:
            setattr(target, name, getattr(source, name))
        target.save(update_fields=VERSION_FIELDS)


@transaction.atomic
def logic_model_start(
    *, project, kind: str, author, copy_from: LogicModelVersion | None = None
) -> LogicModelVersion:
    """Start a project's a priori or post facto model as draft version 1.

    ``copy_from`` (a version of the same project, usually the latest a priori one)
    gives the new model its items and links to start from.
    """
    kind = ModelKind(kind)
    crib_sheet_ensure(programme=project.programme)
    if copy_from is not None and copy_from.logic_model.project_id != project.pk:
        raise ValidationError(
            "A logic model can only be copied from another model of the same project."
        )
    logic_model, _ = LogicModel.objects.get_or_create(project=project, kind=kind)
    LogicModel.objects.select_for_update().filter(pk=logic_model.pk).first()
    if logic_model.versions.exists():
        raise ValidationError(
            {
                "kind": f"This project already has a {kind.label.lower()} logic model. "
                "Open it to change it."
            }
        )
    version = LogicModelVersion.objects.create(
        logic_model=logic_model,
        number=1,
        created_by=author,
        updated_by=author,
        copied_from=copy_from,
    )
    if copy_from is not None:
        _copy_content(
            source=copy_from,
            target=version,
            everything=copy_from.logic_model_id == logic_model.pk,
        )
    return version


@transaction.atomic
def version_start_next(*, logic_model: LogicModel, author) -> LogicModelVersion:
    """The model's draft: the existing one, or a new version copied from the latest."""
    LogicModel.objects.select_for_update().filter(pk=logic_model.pk).first()
    versions = LogicModelVersion.objects.filter(logic_model=logic_model)
    draft = versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    latest = versions.order_by("-number").first()
    if latest is None:
        raise ValidationError("This logic model has no versions yet.")
    version = LogicModelVersion.objects.create(
        logic_model=logic_model,
        number=latest.number + 1,
        created_by=author,
        updated_by=author,
        copied_from=latest,
    )
    _copy_content(source=latest, target=version, everything=True)
    return version


def frozen_error(version: LogicModelVersion) -> ValidationError:
    when = (
        f" on {date_format(timezone.localtime(version.agreed_at), 'j F Y')}"
        if version.agreed_at
        else ""
    )
    return ValidationError(
        f"Version {version.number} was agreed{when} and can no longer be changed. "
        "Start a new version to make changes: it begins as a copy of this one."
    )


# --- Saving a draft -----------------------------------------------------------


def clean_item_text(text: str, *, section: int) -> str:
    """One line of text, not empty, not over the limit."""
    label = Section(section).label
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError(
            f"{label}: an item is empty. Write something in it or remove it."
        )
    if len(text) > ITEM_MAX_LENGTH:
        raise ValidationError(
            f"{label}: keep each item to {ITEM_MAX_LENGTH} characters or fewer "
            f"(one has {len(text)}). Split it in two, or put the detail in the "
            "reflection."
        )
    return text


def _clean_flags(row: dict, *, section: int) -> tuple[str, str]:
    anticipation = row.get("anticipation") or ""
    effect = row.get("effect") or ""
    if section != Section.OUTCOMES and (anticipation or effect):
        raise ValidationError(
            "Only outcomes can be marked anticipated or unanticipated, positive or "
            "negative."
        )
    if anticipation and anticipation not in Anticipation.values:
        raise ValidationError("Choose anticipated or unanticipated.")
    if effect and effect not in Effect.values:
        raise ValidationError("Choose positive or negative.")
    return anticipation, effect


def _parse_origin(value) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


@transaction.atomic
def draft_save(
    *,
    version: LogicModelVersion,
    author,
    fields: dict,
    sections: dict,
    seen_version: int,
) -> LogicModelVersion:
    """Save a draft's items, reflections and closing checks together.

    ``sections`` maps a Section to its items in order, each a dict with ``text`` and
    optionally ``origin`` (the item it continues; omit for a new item),
    ``anticipation`` and ``effect``. Sections left out keep their items. Raises
    ValidationError for an agreed version or bad items, and EditConflict when the
    draft was saved by someone else after ``seen_version``.
    """
    locked = LogicModelVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_draft:
        raise frozen_error(locked)
    version_check(locked, seen_version)
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise ValueError(f"Not draft fields: {sorted(unknown)}")
    for key, _ in CLOSING_CHECKS:
        answer = fields.get(f"{key}_answer")
        if answer and answer not in CheckAnswer.values:
            raise ValidationError({f"{key}_answer": "Choose yes, partly or no."})

    errors = []
    existing = {item.origin: item for item in locked.items.all()}
    kept_pks, to_update, to_create = set(), [], []
    for section, rows in sections.items():
        section = Section(section)
        for position, row in enumerate(rows, start=1):
            try:
                text = clean_item_text(row.get("text"), section=section)
                anticipation, effect = _clean_flags(row, section=section)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            item = existing.get(_parse_origin(row.get("origin")))
            if item is None or item.section != section or item.pk in kept_pks:
                item = LogicItem(version=locked, section=section, origin=uuid.uuid4())
                to_create.append(item)
            else:
                kept_pks.add(item.pk)
                to_update.append(item)
            item.text, item.position = text, position
            item.anticipation, item.effect = anticipation, effect
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))

    LogicItem.objects.filter(version=locked, section__in=list(sections)).exclude(
        pk__in=kept_pks
    ).delete()
    LogicItem.objects.bulk_update(
        to_update, ["text", "position", "anticipation", "effect"]
    )
    LogicItem.objects.bulk_create(to_create)
    versioned_update(
        locked, seen_version=locked.edit_version, updated_by=author, **fields
    )
    return locked


@transaction.atomic
def version_agree(
    *, version: LogicModelVersion, author, seen_version: int | None = None
) -> LogicModelVersion:
    """Freeze the draft as an agreed version, recording who agreed it and when."""
    locked = LogicModelVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_draft:
        raise ValidationError(f"Version {locked.number} is already agreed.")
    version_check(locked, seen_version)
    if not locked.items.exists():
        raise ValidationError("Add at least one item before agreeing this version.")
    versioned_update(
        locked,
        seen_version=locked.edit_version,
        status=VersionStatus.AGREED,
        agreed_by=author,
        agreed_at=timezone.now(),
    )
    return locked


# --- Links --------------------------------------------------------------------


@transaction.atomic
def link_add(
    *, version: LogicModelVersion, source_id: int, target_id: int
) -> LogicLink:
    """Link an item to one in the next section (input -> activity -> output -> outcome).

    Refuses agreed versions, items of other projects or versions, links that skip a
    section or run backwards, and duplicates.
    """
    locked = LogicModelVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_draft:
        raise frozen_error(locked)
    found = {
        item.pk: item
        for item in LogicItem.objects.filter(
            pk__in=[source_id, target_id],
            version__logic_model__project_id=locked.logic_model.project_id,
        )
    }
    if source_id not in found or target_id not in found:
        raise ValidationError(
            "One of those items is not part of this project's logic model, so it "
            "cannot be linked here."
        )
    source, target = found[source_id], found[target_id]
    if source.version_id != locked.pk or target.version_id != locked.pk:
        raise ValidationError(
            "One of those items belongs to another version. Link items of the draft "
            "you are editing."
        )
    if Section.CONTEXT in (source.section, target.section):
        raise ValidationError(
            "The context sets the scene and is not linked. Link inputs to activities, "
            "activities to outputs and outputs to outcomes."
        )
    from_label = Section(source.section).label.lower()
    to_label = Section(target.section).label.lower()
    if target.section <= source.section:
        raise ValidationError(
            f"Links run forwards, from one section to the next: {from_label} cannot "
            f"lead to {to_label}."
        )
    if target.section != source.section + 1:
        next_label = Section(source.section + 1).label.lower()
        raise ValidationError(
            f"A link cannot skip a section: {from_label} lead to {next_label}, not "
            f"straight to {to_label}."
        )
    if LogicLink.objects.filter(source=source, target=target).exists():
        raise ValidationError("Those two items are already linked.")
    return LogicLink.objects.create(version=locked, source=source, target=target)


@transaction.atomic
def link_remove(*, version: LogicModelVersion, link_id: int) -> None:
    locked = LogicModelVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.is_draft:
        raise frozen_error(locked)
    deleted, _ = LogicLink.objects.filter(pk=link_id, version=locked).delete()
    if not deleted:
        raise ValidationError("That link is not part of this draft.")
