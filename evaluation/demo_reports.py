"""Demo learning points, and one finished case study and summary to download."""

from django.contrib.auth import get_user_model
from django.db import transaction

from projects.demo import PROGRAMME_SLUG
from projects.models import Project

from . import report_services
from .models import JobStatus, LearningPoint, ReportJob, ReportKind

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
