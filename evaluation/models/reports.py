"""Report jobs: the database row is the source of truth; the broker only carries ids."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coproduce import history
from coproduce.text import TEXT_LIMIT
from evaluation.models.evidence import Quote
from projects.models import Programme, Project, Stakeholder


class ReportKind(models.TextChoices):
    CASE_STUDY = "case_study", "Project case study"
    PROGRAMME = "programme", "Programme cross-case report"
    SUMMARY = "summary", "Commissioner summary"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"
    # Made, then taken back because someone whose words it holds withdrew consent.
    WITHDRAWN = "withdrawn", "Withdrawn"


PENDING = [JobStatus.QUEUED, JobStatus.RUNNING]


@history.track(programme="programme", project="project")
class ReportJob(models.Model):
    kind = models.CharField(max_length=16, choices=ReportKind.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="report_jobs"
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    options = models.JSONField(default=dict, blank=True)
    # Same kind, scope and options: a second request while one is pending reuses it.
    dedupe_key = models.CharField(max_length=64)
    # What the finished PDF shows (reports.stamps): a later request with the same
    # key and stamp is answered with this job's PDF instead of a new render.
    stamp = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A running job whose lease has run out lost its worker and may be claimed again.
    # The worker renews the lease while it renders (a heartbeat).
    lease_until = models.DateTimeField(null=True, blank=True)
    # The current holder's token, new at each claim: progress, the heartbeat and the
    # final save only touch the row while it still carries their token.
    claim = models.UUIDField(null=True, blank=True)
    # Plain words for the people who asked; details of a failure go to the log only.
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the job was last published; the sweep publishes waiting jobs again from it.
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A withdrawn report keeps its row (people can see it existed) but not its file.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Completes "Withdrawn because ...", e.g. "a participant withdrew consent".
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    replacement = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text="The report made in place of this withdrawn one.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_pending_job_per_request",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    def get_absolute_url(self):
        return reverse("evaluation:report_job", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def is_withdrawn(self) -> bool:
        return self.status == JobStatus.WITHDRAWN

    @property
    def scope_title(self) -> str:
        return self.project.title if self.project_id else self.programme.name

    @property
    def filename(self) -> str:
        from django.utils.text import slugify

        scope = self.project.slug if self.project_id else self.programme.slug
        return f"{slugify(self.get_kind_display())}-{scope}-{self.pk}.pdf"


@history.track(programme="job__programme", project="job__project", person="stakeholder")
class ReportVoice(models.Model):
    """One quote a finished report shows: whose words the report holds.

    Written with the report's PDF, in the same transaction, for every kind of
    report. The speaker is kept beside the quote so a report can still be found by
    person when the quote is later unlinked or deleted."""

    job = models.ForeignKey(ReportJob, on_delete=models.CASCADE, related_name="voices")
    quote = models.ForeignKey(
        Quote,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_voices",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_voices",
    )

    class Meta:
        ordering = ["job", "id"]

    def __str__(self):
        return f"Quote {self.quote_id} in report {self.job_id}"


class AttemptOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    STORED = "stored", "PDF stored"
    RETRY = "retry", "Failed, tried again"
    FAILED = "failed", "Failed"
    LOST = "lost", "Worker stopped"
    DISCARDED = "discarded", "Finished after losing the job"


class ReportAttempt(models.Model):
    """One claim of a report job by a worker: the job's history, kept for staff and
    to show that no job was made twice."""

    job = models.ForeignKey(ReportJob, on_delete=models.CASCADE, related_name="tries")
    claim = models.UUIDField(unique=True)
    number = models.PositiveSmallIntegerField()
    # host:pid of the worker process
    worker = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(
        max_length=10, choices=AttemptOutcome.choices, default=AttemptOutcome.RUNNING
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "number"]

    def __str__(self):
        return f"Report job {self.job_id} attempt {self.number} ({self.outcome})"


@history.track(programme="project__programme", project="project")
class LearningPoint(models.Model):
    """A key learning point of a project, written by its facilitators or evaluators
    for the case study."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="learning_points"
    )
    text = models.TextField("learning point", max_length=TEXT_LIMIT)
    position = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text
