"""Blind double coding: a round of quotes coded independently by two or more coders,
the codes each coder gave, and how disagreements were settled."""

from django.conf import settings
from django.db import models

from coproduce import history
from evaluation.models.evidence import EvaluationStage, Quote, Theme
from projects.models import Programme, Project


class CodingScope(models.TextChoices):
    PROGRAMME = "programme", "Every quote of the programme"
    THEMES = "themes", "Quotes already coded to the round's themes"
    PROJECT = "project", "Quotes of one project"
    STAGE = "stage", "Quotes said during one evaluation stage"


class CodingRoundStatus(models.TextChoices):
    CODING = "coding", "Coding"
    SETTLING = "settling", "Settling disagreements"
    FINISHED = "finished", "Finished"


@history.track(programme="programme", m2m=("themes", "quotes"))
class CodingRound(models.Model):
    """A fixed set of quotes that each assigned coder codes without seeing the others."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="coding_rounds"
    )
    title = models.CharField(max_length=160)
    instructions = models.TextField(
        "guidance for coders",
        blank=True,
        max_length=3000,
        help_text="What coders should look for, in plain words.",
    )
    scope = models.CharField("which quotes", max_length=16, choices=CodingScope.choices)
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.ForeignKey(
        EvaluationStage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="evaluation stage",
    )
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    seed = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Drawing again with this number gives the same sample.",
    )
    themes = models.ManyToManyField(
        Theme, related_name="coding_rounds", verbose_name="themes to apply"
    )
    quotes = models.ManyToManyField(Quote, related_name="coding_rounds")
    status = models.CharField(
        max_length=16,
        choices=CodingRoundStatus.choices,
        default=CodingRoundStatus.CODING,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    coding_closed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edit_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_coding(self) -> bool:
        return self.status == CodingRoundStatus.CODING

    @property
    def is_finished(self) -> bool:
        return self.status == CodingRoundStatus.FINISHED


@history.track(programme="round__programme")
class Coder(models.Model):
    """A person assigned to code every quote of a round, and whether they submitted."""

    round = models.ForeignKey(
        CodingRound, on_delete=models.CASCADE, related_name="coders"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coder_places"
    )
    position = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    edit_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="unique_coder")
        ]

    def __str__(self):
        return f"{self.user} coding {self.round}"

    @property
    def has_submitted(self) -> bool:
        return self.submitted_at is not None


@history.track(
    programme="coder__round__programme", project="quote__project", m2m=("themes",)
)
class CoderCode(models.Model):
    """The themes one coder applied to one quote of the round (none: no theme fits).

    A quote the coder has not coded has no row: a missing code."""

    coder = models.ForeignKey(Coder, on_delete=models.CASCADE, related_name="codes")
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="+")
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    coded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["quote_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["coder", "quote"], name="unique_code_per_coder"
            )
        ]

    def __str__(self):
        return f"{self.coder.user} on quote {self.quote_id}"


@history.track(programme="round__programme", project="quote__project", m2m=("themes",))
class CodingSettlement(models.Model):
    """How a disagreement on one quote was settled: the codes agreed, who and why.

    Settling again adds a row; the newest counts, the earlier ones stay as history."""

    round = models.ForeignKey(
        CodingRound, on_delete=models.CASCADE, related_name="settlements"
    )
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="+")
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    reason = models.TextField("why", max_length=2000)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    settled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-settled_at", "-id"]

    def __str__(self):
        return f"Quote {self.quote_id} settled in {self.round}"
