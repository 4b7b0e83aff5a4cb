"""Demo learning points, finished reports, and the loose ends dashboards point at
(quotes not yet coded, a participant link about to expire)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.models import (
    Consent,
    JobStatus,
    LearningPoint,
    Quote,
    ReportJob,
    ReportKind,
    RoundInvitation,
)
from evaluation.reports import services as report_services
from projects.models import Project

LEARNING = {
    "multiple-complex-needs": [
        "Bring people with lived experience in before the problem is framed; the "
        "brief changed once they joined.",
        "Paying peer mentors for their time made the offer credible to people who "
        "had been let down before.",
        "Commissioners needed permission from their managers to step outside the "
        "usual tender timetable.",
    ],
    "autism-services": [
        "Families judged the service by the wait after diagnosis, not only the wait "
        "for it.",
        "Quiet, familiar venues and written agendas sent in advance helped autistic "
        "adults take part.",
    ],
    "gypsy-traveller": [
        "Trust came through a community member the families already knew; formal "
        "letters were ignored.",
        "Short conversations on site reached more people than one long workshop.",
    ],
    "young-peoples-drug-alcohol": [
        "Young people on the interview panel asked questions the professionals had "
        "not thought of.",
        "Training young people first gave them the confidence to challenge.",
    ],
    "patient-engagement": [
        "Without a named owner inside the hospital, the pilot could not survive a "
        "reorganisation.",
    ],
}

# Recorded after the last coding session, so the evaluator's home shows work to do.
UNCODED_QUOTES = [
    (
        "young-peoples-housing",
        "young_person",
        "They asked what we thought and then actually changed the form.",
    ),
    (
        "take-part-2",
        "service_user",
        "Meeting someone who had been through it made me come back.",
    ),
]

READY_REPORTS = [
    ("multiple-complex-needs", ReportKind.CASE_STUDY),
    ("autism-services", ReportKind.SUMMARY),
]


@transaction.atomic
def demo_load() -> None:
    User = get_user_model()
    fran = User.objects.get(username="fran")
    cam = User.objects.get(username="cam")
    projects = Project.objects.filter(
        programme__slug=PROGRAMME_SLUG, slug__in=list(LEARNING)
    ).in_bulk(field_name="slug")
    for slug, points in LEARNING.items():
        for position, text in enumerate(points, start=1):
            LearningPoint.objects.update_or_create(
                project=projects[slug],
                position=position,
                defaults={"text": text, "author": fran},
            )
    for slug, role, text in UNCODED_QUOTES:
        Quote.objects.get_or_create(
            project=Project.objects.get(slug=slug),
            text=text,
            defaults={
                "source": "workshop",
                "role_category": role,
                "consent": Consent.ANONYMOUS,
                "said_on": timezone.localdate() - dt.timedelta(days=9),
            },
        )
    # One open participant link that runs out within the week.
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
    for slug, kind in READY_REPORTS:
        project = projects[slug]
        if ReportJob.objects.filter(
            project=project, kind=kind, status=JobStatus.DONE
        ).exists():
            continue
        job, _ = report_services.report_request(user=cam, kind=kind, project=project)
        claimed = report_services.report_claim(job_id=job.pk)
        if claimed:
            report_services.report_render_job(job=claimed)
