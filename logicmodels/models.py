"""Logic models: what a project hoped would happen (a priori) and what did (post facto).

A project has at most one logic model of each kind. Each model is a series of numbered
versions: the newest may be a draft; agreeing a draft freezes it, and the next change
starts a new version as a copy. Items keep an ``origin`` across copies so a later
version (or a post facto model copied from the a priori one) can be compared item by item.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from coproduce import history

ITEM_MAX_LENGTH = 240
REFLECTION_MAX_LENGTH = 4000


class ModelKind(models.TextChoices):
    A_PRIORI = "a-priori", "A priori"
    POST_FACTO = "post-facto", "Post facto"


KIND_MEANING = {
    ModelKind.A_PRIORI: "what the team hoped would happen",
    ModelKind.POST_FACTO: "what actually happened",
}


class Section(models.IntegerChoices):
    """The five parts of a logic model, in reading order."""

    CONTEXT = 1, "Context"
    INPUTS = 2, "Inputs"
    ACTIVITIES = 3, "Activities"
    OUTPUTS = 4, "Outputs"
    OUTCOMES = 5, "Outcomes"

    @property
    def key(self) -> str:
        return self.name.lower()


# Links run from one section to the next; context sets the scene and is not linked.
LINKED_SECTIONS = (
    Section.INPUTS,
    Section.ACTIVITIES,
    Section.OUTPUTS,
    Section.OUTCOMES,
)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class CheckAnswer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Anticipation(models.TextChoices):
    ANTICIPATED = "anticipated", "Anticipated"
    UNANTICIPATED = "unanticipated", "Unanticipated"


class Effect(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


# (field prefix, question) for the three checks made once a model is drafted.
CLOSING_CHECKS = [
    ("story", "Does the model tell a story that hangs together?"),
    ("gaps", "Where are the gaps, and what more do we need to find out?"),
    (
        "trace",
        "Can each outcome be followed back through the outputs and activities "
        "that led to it?",
    ),
]


@history.track(programme="project__programme", project="project")
class LogicModel(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="logic_models"
    )
    kind = models.CharField(max_length=16, choices=ModelKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"], name="one_logic_model_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.project}: {self.get_kind_display()} logic model"


@history.track(
    programme="logic_model__project__programme", project="logic_model__project"
)
class LogicModelVersion(models.Model):
    logic_model = models.ForeignKey(
        LogicModel, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=8, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every save of the draft; a save carrying an older number is refused.
    edit_version = models.PositiveIntegerField(default=1)

    context_reflection = models.TextField(
        "reflection on the context", blank=True, max_length=REFLECTION_MAX_LENGTH
    )
    inputs_reflection = models.TextField(
        "reflection on the inputs", blank=True, max_length=REFLECTION_MAX_LENGTH
    )
    activities_reflection = models.TextField(
        "reflection on the activities", blank=True, max_length=REFLECTION_MAX_LENGTH
    )
    outputs_reflection = models.TextField(
        "reflection on the outputs", blank=True, max_length=REFLECTION_MAX_LENGTH
    )
    outcomes_reflection = models.TextField(
        "reflection on the outcomes", blank=True, max_length=REFLECTION_MAX_LENGTH
    )

    story_answer = models.CharField(
        "does it tell a coherent story?",
        max_length=8,
        choices=CheckAnswer.choices,
        blank=True,
    )
    story_note = models.TextField(blank=True, max_length=REFLECTION_MAX_LENGTH)
    gaps_answer = models.CharField(
        "is more information needed?",
        max_length=8,
        choices=CheckAnswer.choices,
        blank=True,
    )
    gaps_note = models.TextField(blank=True, max_length=REFLECTION_MAX_LENGTH)
    trace_answer = models.CharField(
        "can outcomes be traced back?",
        max_length=8,
        choices=CheckAnswer.choices,
        blank=True,
    )
    trace_note = models.TextField(blank=True, max_length=REFLECTION_MAX_LENGTH)

    class Meta:
        ordering = ["logic_model", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["logic_model", "number"], name="unique_logic_model_version"
            ),
            models.UniqueConstraint(
                fields=["logic_model"],
                condition=models.Q(status="draft"),
                name="one_draft_per_logic_model",
            ),
        ]

    def __str__(self):
        return f"{self.logic_model} v{self.number}"

    def get_absolute_url(self):
        return reverse(
            "logicmodels:version_detail",
            args=[self.logic_model.project.slug, self.logic_model.kind, self.number],
        )

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def kind(self) -> str:
        return self.logic_model.kind

    @property
    def label(self) -> str:
        state = "draft" if self.is_draft else "agreed"
        return f"{self.logic_model.get_kind_display()} version {self.number} ({state})"

    def reflection_for(self, section: int) -> str:
        return getattr(self, f"{Section(section).key}_reflection")


@history.track(
    programme="version__logic_model__project__programme",
    project="version__logic_model__project",
)
class LogicItem(models.Model):
    """One short statement in one section of a version."""

    version = models.ForeignKey(
        LogicModelVersion, on_delete=models.CASCADE, related_name="items"
    )
    section = models.PositiveSmallIntegerField(choices=Section.choices)
    position = models.PositiveIntegerField()
    text = models.CharField(max_length=ITEM_MAX_LENGTH)
    # Shared by the copies of this item in later versions (and in a post facto model
    # started from the a priori one), so comparisons can follow an item as it changes.
    origin = models.UUIDField(default=uuid.uuid4)
    anticipation = models.CharField(
        "expected?", max_length=16, choices=Anticipation.choices, blank=True
    )
    effect = models.CharField(max_length=8, choices=Effect.choices, blank=True)

    class Meta:
        ordering = ["version", "section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "origin"], name="unique_item_origin_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(section=5)
                | (models.Q(anticipation="") & models.Q(effect="")),
                name="only_outcomes_are_flagged",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def flags(self) -> str:
        """'Unanticipated, negative' and the like; empty for plain items."""
        parts = [self.get_anticipation_display(), self.get_effect_display()]
        return ", ".join(p for p in parts if p).capitalize()


@history.track(
    programme="version__logic_model__project__programme",
    project="version__logic_model__project",
)
class LogicLink(models.Model):
    """An item feeding an item of the next section (input -> activity -> ...)."""

    version = models.ForeignKey(
        LogicModelVersion, on_delete=models.CASCADE, related_name="links"
    )
    source = models.ForeignKey(
        LogicItem, on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        LogicItem, on_delete=models.CASCADE, related_name="links_in"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"], name="unique_logic_link"
            )
        ]

    def __str__(self):
        return f"{self.source} -> {self.target}"


@history.track(programme="programme")
class GuidingQuestions(models.Model):
    """A programme's crib sheet for one section: questions and reflection prompts.

    One question per line; programme facilitators edit them on the crib sheet page.
    """

    programme = models.ForeignKey(
        "projects.Programme",
        on_delete=models.CASCADE,
        related_name="logic_model_questions",
    )
    section = models.PositiveSmallIntegerField(choices=Section.choices)
    questions = models.TextField(
        blank=True, help_text="One question per line.", max_length=4000
    )
    reflection_prompts = models.TextField(
        blank=True,
        help_text="One prompt per line, to help write the reflection.",
        max_length=4000,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "section"]
        verbose_name_plural = "guiding questions"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "section"], name="unique_questions_per_section"
            )
        ]

    def __str__(self):
        return f"{self.programme}: {self.get_section_display()} questions"

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def question_list(self) -> list[str]:
        return self._lines(self.questions)

    def prompt_list(self) -> list[str]:
        return self._lines(self.reflection_prompts)
