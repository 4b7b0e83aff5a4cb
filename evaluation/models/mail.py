"""Email sent in the background: the outbox (one row per message) and each person's
choice of which kinds of email they get.

A message row is written in the same transaction as whatever it is about (a round's
new links, a reminder that falls due) and a worker sends it after commit. The row is
the source of truth: a worker claims it before sending, so a task delivered twice
never sends twice, and a failed send stays visible (with the reason in plain words)
until it is sent or given up. The body can hold a personal link, so it is kept sealed
(encrypted with a key derived from SECRET_KEY) and wiped once the message has gone.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coproduce import history
from evaluation.models.evidence import EvaluationStage
from evaluation.models.matrix import ScoringRound
from projects.models import Programme, Stakeholder

__all__ = ["MailKind", "OutboxStatus", "OutboxMessage", "MailOptOut"]


class MailKind(models.TextChoices):
    ROUND_INVITATION = "round_invitation", "Invitations to score a project"
    ROUND_REMINDER = "round_reminder", "Reminders before a scoring link closes"
    REVIEW_INVITATION = "review_invitation", "Invitations to review draft themes"
    REVIEW_REMINDER = "review_reminder", "Reminders before a review link closes"
    WEEKLY_DIGEST = "weekly_digest", "A weekly summary of what changed in programmes"
    INACTIVITY_NUDGE = "inactivity_nudge", "Notes about projects that have gone quiet"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent yet (will try again)"
    GAVE_UP = "gave_up", "Could not be sent"


@history.track(programme="programme", person="stakeholder", withhold=("sealed_body",))
class OutboxMessage(models.Model):
    """One email to one person, from queued to sent (or given up)."""

    kind = models.CharField(max_length=24, choices=MailKind.choices)
    status = models.CharField(
        max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    to_email = models.EmailField("to")
    # Who it is for: an account holder or a person without an account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    # What the message is about, so its page can show how sending went.
    scoring_round = models.ForeignKey(
        ScoringRound,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    review_stage = models.ForeignKey(
        EvaluationStage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox_messages",
    )
    subject = models.CharField(max_length=200)
    # Plain text and HTML, sealed; emptied once sent.
    sealed_body = models.TextField(blank=True, editable=False)
    # One message per occasion: queuing the same reminder twice makes one row.
    dedupe_key = models.CharField(max_length=120, unique=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField("what went wrong", max_length=300, blank=True)
    next_try_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_try_at"], name="outbox_due"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to_email} ({self.status})"

    @property
    def recipient_name(self) -> str:
        if self.stakeholder_id:
            return self.stakeholder.display_name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.to_email


@history.track(person="stakeholder")
class MailOptOut(models.Model):
    """A kind of email someone asked not to get (from the account page or an
    unsubscribe link)."""

    kind = models.CharField(max_length=24, choices=MailKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mail_opt_outs",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(user__isnull=False),
                name="one_opt_out_per_user_kind",
            ),
            models.UniqueConstraint(
                fields=["stakeholder", "kind"],
                condition=models.Q(stakeholder__isnull=False),
                name="one_opt_out_per_person_kind",
            ),
        ]

    def __str__(self):
        return f"No {self.get_kind_display().lower()}"
