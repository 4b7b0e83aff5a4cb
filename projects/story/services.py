"""Writing a project's story, one part at a time."""

from django.core.exceptions import ValidationError

from coproduce.concurrency import EditConflict, versioned_update
from coproduce.text import LONG_TEXT_LIMIT
from projects.models import Project, StoryPart, StorySection


def story_section_save(
    *, project: Project, part: str, text: str, user, seen_version: int
) -> StorySection:
    """Save one part of the story as written (paragraphs and lists kept).

    Lost-update safe: ``seen_version`` is the version the form was opened at, 0 when
    the part had not been written yet. Raises ``EditConflict`` when someone saved in
    between, ``ValidationError`` for an unknown part or a text over the limit.
    """
    if part not in StoryPart.values:
        raise ValidationError("Unknown part of the story.")
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > LONG_TEXT_LIMIT:
        raise ValidationError(
            {
                "text": f"A part of the story can be up to {LONG_TEXT_LIMIT:,} "
                f"characters; this one has {len(text):,}. Nothing was saved."
            }
        )
    section, created = StorySection.objects.get_or_create(
        project=project, part=part, defaults={"text": text, "updated_by": user}
    )
    if created:
        if seen_version:
            raise EditConflict
        return section
    versioned_update(section, seen_version=seen_version, text=text, updated_by=user)
    return section
