"""Factors that help or hinder co-production, and where they were observed."""

from django.conf import settings
from django.db import models

from coproduce import history
from coproduce.text import TEXT_LIMIT
from projects.models import DiamondStage, Programme, Project


@history.track(programme="programme")
class FactorGroup(models.Model):
    """A heading in a programme's factor catalogue, e.g. Leadership."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="factor_groups"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=TEXT_LIMIT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="unique_factor_group_name"
            )
        ]

    def __str__(self):
        return self.name


@history.track(programme="group__programme")
class Factor(models.Model):
    group = models.ForeignKey(
        FactorGroup, on_delete=models.CASCADE, related_name="factors"
    )
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True, max_length=TEXT_LIMIT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["group__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="unique_factor_name")
        ]

    def __str__(self):
        return self.name

    @property
    def full_name(self) -> str:
        """The factor with its group, as every page and PDF shows it (load the
        group with the factor: ``select_related("factor__group")``)."""
        return f"{self.group.name}: {self.name}"


class Effect(models.TextChoices):
    ENABLER = "enabler", "Enabler (+)"
    BARRIER = "barrier", "Barrier (−)"


class Strength(models.TextChoices):
    WEAK = "weak", "Weak"
    MODERATE = "moderate", "Moderate"
    STRONG = "strong", "Strong"


@history.track(programme="project__programme", project="project")
class FactorObservation(models.Model):
    """Something that helped (+) or hindered (−) a project at a Double Diamond stage.

    The Double Diamond stage table writes these as short + and − entries; evaluators
    later link each to a catalogue factor, grade it and attach evidence.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="factor_observations"
    )
    stage = models.CharField(max_length=16, choices=DiamondStage.choices)
    effect = models.CharField(max_length=8, choices=Effect.choices)
    text = models.CharField("what was noticed", max_length=300)
    factor = models.ForeignKey(
        Factor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    strength = models.CharField(
        max_length=8, choices=Strength.choices, default=Strength.MODERATE
    )
    note = models.TextField(blank=True, max_length=TEXT_LIMIT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Bumped by the evaluation edit page; a save from an older form is refused.
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "stage", "effect", "created_at"]

    def __str__(self):
        sign = "+" if self.effect == Effect.ENABLER else "−"
        return f"{sign} {self.text}"
