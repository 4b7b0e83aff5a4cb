"""Spreadsheet imports: one job per uploaded file, from the checked preview to the
rows written. See ``evaluation/imports``."""

from django.conf import settings
from django.db import models

from coproduce import history
from evaluation.models.evidence import EvaluationStage
from projects.models import Programme, Project


class ImportKind(models.TextChoices):
    PEOPLE = "people", "People"
    ACTIVITIES = "activities", "Activities with attendance"
    COUNTS = "counts", "Evaluation invitations as counts"


class ImportStatus(models.TextChoices):
    CHECK_QUEUED = "check_queued", "Waiting to be checked"
    CHECKING = "checking", "Being checked"
    READY = "ready", "Checked: waiting for you to confirm"
    APPLY_QUEUED = "apply_queued", "Confirmed: waiting to be imported"
    APPLYING = "applying", "Being imported"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"


IMPORT_PENDING = (
    ImportStatus.CHECK_QUEUED,
    ImportStatus.CHECKING,
    ImportStatus.APPLY_QUEUED,
    ImportStatus.APPLYING,
)


@history.track(programme="programme", project="project")
class ImportJob(models.Model):
    """One uploaded spreadsheet: its preview, then what confirming it did.

    The parsed rows are kept server-side in ``ImportRows`` (a separate table so
    the history of the job records its states, not thousands of cells), and confirm
    applies exactly those rows."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="import_jobs"
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    stage = models.ForeignKey(
        EvaluationStage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    status = models.CharField(
        max_length=14, choices=ImportStatus.choices, default=ImportStatus.CHECK_QUEUED
    )
    original_name = models.CharField(max_length=255)
    row_count = models.PositiveIntegerField(default=0)
    # How many rows will be (and, once done, were) created, changed, left unchanged
    # and skipped for problems: {"create": n, "change": n, "same": n, "skip": n}.
    summary = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Problems with the whole file (a missing column): these block the import.
    file_problems = models.JSONField(default=list, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Import {self.pk}: {self.original_name}"

    @property
    def is_pending(self) -> bool:
        return self.status in IMPORT_PENDING

    @property
    def may_confirm(self) -> bool:
        return self.status == ImportStatus.READY and not self.file_problems


class ImportRows(models.Model):
    """The rows of an import job as read from the file (``raw``) and as checked
    (``rows``: one dict per row with its spreadsheet row number, the action, the
    values to write, what changes and its problems). After the import is done the
    values are dropped: only row numbers, actions, outcomes and problems stay."""

    job = models.OneToOneField(ImportJob, on_delete=models.CASCADE, related_name="data")
    raw = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)

    def __str__(self):
        return f"Rows of {self.job}"
