"""The decision and power log: what a project decided, at which Double Diamond stage,
how, from which options, and whose input was asked for and whose changed the outcome.

A decision belongs to one project and may come out of one of its activities. Each
``DecisionInput`` records one group's (or one person's) part: asked for their view,
and whether that view changed what was decided, with a short account and the
evidence for it (quotes, activity notes, scores of a scoring round).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from coproduce import history
from evaluation.models.evidence import Quote
from evaluation.models.matrix import ScoringRound
from projects.models import Activity, DiamondStage, Project, RoleCategory, Stakeholder

__all__ = ["DecisionMethod", "Decision", "InputEffect", "DecisionInput"]


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", "Consensus: everyone agreed"
    VOTE = "vote", "A vote"
    COMMISSIONER = "commissioner", "The commissioner's call"
    OTHER = "other", "Another way"


@history.track(programme="project__programme", project="project", m2m=("decided_by",))
class Decision(models.Model):
    """Something a project decided."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="decisions"
    )
    title = models.CharField(
        "what was decided",
        max_length=300,
        help_text="In one sentence, for example 'Pathways Youth Trust will run the "
        "new service'.",
    )
    detail = models.TextField("more about the decision", blank=True, max_length=4000)
    decided_on = models.DateField("date of the decision")
    stage = models.CharField(
        "Double Diamond stage", max_length=16, choices=DiamondStage.choices
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name="came out of this activity",
    )
    options = models.JSONField("options considered", default=list, blank=True)
    decided_by_roles = models.JSONField(
        "roles of the people who decided", default=list, blank=True
    )
    decided_by = models.ManyToManyField(
        Stakeholder,
        blank=True,
        related_name="decisions_made",
        verbose_name="people who decided",
    )
    method = models.CharField(
        "how it was decided", max_length=16, choices=DecisionMethod.choices
    )
    method_note = models.CharField(
        "more about how it was decided", max_length=300, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["project", "decided_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:decision_detail", args=[self.project.slug, self.pk])

    def decided_by_role_labels(self) -> list[str]:
        labels = dict(RoleCategory.choices)
        return [labels.get(role, role) for role in self.decided_by_roles or []]


class InputEffect(models.TextChoices):
    CHANGED = "changed", "Their input changed the outcome"
    NOT_CHANGED = "not_changed", "Asked, but their input did not change the outcome"


@history.track(
    programme="decision__project__programme",
    project="decision__project",
    person="stakeholder",
    m2m=("quotes", "activities"),
)
class DecisionInput(models.Model):
    """Whose input was asked for on a decision, and whether it changed the outcome."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="inputs"
    )
    role_category = models.CharField(
        "whose input (their role)", max_length=24, choices=RoleCategory.choices
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_inputs",
        verbose_name="a named person (optional)",
    )
    effect = models.CharField(
        "what their input did", max_length=16, choices=InputEffect.choices
    )
    account = models.TextField(
        "what happened",
        max_length=2000,
        help_text="A short account: what they said or did, and what came of it.",
    )
    quotes = models.ManyToManyField(
        Quote, blank=True, related_name="decision_inputs", verbose_name="quotes"
    )
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="decision_inputs",
        verbose_name="notes of these activities",
    )
    scoring_round = models.ForeignKey(
        ScoringRound,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_inputs",
        verbose_name="scores from this round",
        help_text="Shown with how the scores moved since the round before it.",
    )
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["decision", "effect", "role_category", "id"]

    def __str__(self):
        return f"{self.get_role_category_display()} on {self.decision}"

    @property
    def changed_outcome(self) -> bool:
        return self.effect == InputEffect.CHANGED
