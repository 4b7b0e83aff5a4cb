"""Demo learning points, finished reports, and the loose ends dashboards point at
(quotes not yet coded, a participant link about to expire)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.evidence import services as evidence_services
from evaluation.models import (
    Consent,
    JobStatus,
    LearningPoint,
    Quote,
    QuoteSource,
    ReportJob,
    RoundInvitation,
)
from evaluation.reports import services as report_services
from projects.models import Project

DATA = demo_data("reports")


@transaction.atomic
def demo_load() -> None:
    User = get_user_model()
    fran = User.objects.get(username="fran")
    cam = User.objects.get(username="cam")
    projects = Project.objects.filter(programme__slug=PROGRAMME_SLUG).in_bulk(
        field_name="slug"
    )
    for slug, points in DATA["learning"].items():
        if LearningPoint.objects.filter(project=projects[slug]).exists():
            continue
        for text in points:
            report_services.learning_point_add(
                project=projects[slug], text=text, author=fran
            )
    for spec in DATA["uncoded_quotes"]:
        project = projects[spec["project"]]
        if Quote.objects.filter(project=project, text=spec["text"]).exists():
            continue
        evidence_services.quote_create(
            project=project,
            data={
                "text": spec["text"],
                "source": QuoteSource.WORKSHOP,
                "role_category": spec["role"],
                "consent": Consent.ANONYMOUS,
                "said_on": timezone.localdate() - dt.timedelta(days=9),
            },
        )
    # One open participant link that runs out within the week (links are made with
    # at least a week to run, so the demo shortens one directly).
    soon = (
        RoundInvitation.objects.filter(
            revoked_at__isnull=True,
            round__closed_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("pk")
        .first()
    )
    if soon:
        soon.expires_at = timezone.now() + dt.timedelta(days=5)
        soon.save(update_fields=["expires_at"])
    for spec in DATA["ready_reports"]:
        project, kind = projects[spec["project"]], spec["kind"]
        if ReportJob.objects.filter(
            project=project, kind=kind, status=JobStatus.DONE
        ).exists():
            continue
        job, _ = report_services.report_request(user=cam, kind=kind, project=project)
        report_make_now(job)


def report_make_now(job: ReportJob) -> None:
    """Make the job's PDF here and now, through the worker's claim and render."""
    claimed = report_services.report_claim(job_id=job.pk)
    # The render service keeps a failure on the job for the requester to retry;
    # the demo must not carry on without its report.
    outcome = report_services.report_render_job(job=claimed) if claimed else None
    if outcome != "stored":
        raise RuntimeError(
            f"The demo's {job.kind} report for {job.scope_title} was not made "
            f"({outcome or 'not claimed'}); the log says why."
        )
