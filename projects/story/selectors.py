"""Reads of a project's story, the same for the project page and the case study."""

from dataclasses import dataclass

from projects.models import Project, StoryPart, StorySection

# What each part asks the writer, shown on its edit page and when it is empty.
PROMPTS = {
    StoryPart.CONTEXT: (
        "Where the work happened and what came before it: the services, the people "
        "and organisations involved, their history of working together, and why "
        "this issue mattered to them then."
    ),
    StoryPart.WHAT_WORKED: (
        "What worked and what did not, for whom, and why, given that context: how "
        "the work unfolded, what changed people's minds, and who gained what."
    ),
    StoryPart.KEY_ELEMENTS: (
        "The parts of the approach that made the difference, one to a list item if "
        "you like: how people were invited and prepared, how decisions were shared, "
        "how the work was followed up."
    ),
    StoryPart.FACTORS: (
        "The history, leadership, structures, money and time, attitudes to "
        "involvement and ways of working together that helped co-production or got "
        "in its way here."
    ),
}


@dataclass(frozen=True)
class StoryItem:
    part: StoryPart
    section: StorySection | None

    @property
    def label(self) -> str:
        return self.part.label

    @property
    def prompt(self) -> str:
        return PROMPTS[self.part]

    @property
    def text(self) -> str:
        return self.section.text if self.section else ""


def project_story(project: Project) -> list[StoryItem]:
    """Every part of the story in order, written or not (one query)."""
    sections = {s.part: s for s in StorySection.objects.filter(project=project)}
    return [StoryItem(part, sections.get(part.value)) for part in StoryPart]


def story_by_part(project: Project) -> dict[str, StoryItem]:
    """The same, by part value (``story.context.text`` in templates)."""
    return {item.part.value.replace("-", "_"): item for item in project_story(project)}
