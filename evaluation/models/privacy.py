"""People's own data: subject access downloads (made in the background) and the
record of each erasure."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coproduce import history
from evaluation.models.reports import PENDING, JobStatus
from projects.models import Programme, Stakeholder


@history.track(programme="programme", person="stakeholder")
class SubjectAccessJob(models.Model):
    """A zip of everything held about one person, made by a worker.

    Uses the report jobs' states; the row is the source of truth and the broker only
    carries its id. The file holds personal data: erasing the person deletes it."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="subject_access_jobs"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="subject_access_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Plain words for the people who asked; details of a failure go to the log only.
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="private/subject-access/%Y/%m/", blank=True)
    size = models.PositiveIntegerField("size in bytes", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_pending_subject_access_per_person",
            )
        ]

    def __str__(self):
        return f"Subject access #{self.pk} ({self.status})"

    def get_absolute_url(self):
        return reverse("evaluation:subject_access_job", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def filename(self) -> str:
        return f"personal-data-person-{self.stakeholder_id}-{self.pk}.zip"


class ErasureCause(models.TextChoices):
    REQUEST = "request", "Erased on request"
    RETENTION = "retention", "Retention period ended"


@history.track(programme="programme", person="stakeholder")
class ErasureRecord(models.Model):
    """One erasure of a person's details: who, when, why and what it changed.

    ``summary`` holds counts only (``{"quotes marked": 3, ...}``), never the erased
    text."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="erasures"
    )
    stakeholder = models.OneToOneField(
        Stakeholder, on_delete=models.CASCADE, related_name="erasure"
    )
    cause = models.CharField(max_length=16, choices=ErasureCause.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.JSONField(default=dict)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"Person {self.stakeholder_id}: {self.get_cause_display()}"
