"""Demo consent that reaches a report already made: Dawn agreed to be quoted, a case
study of her project quoted her, then she withdrew consent. The case study is shown
as withdrawn and its replacement, made without her words, is ready.

Built through the evidence and report services, so the withdrawal takes the same
path as on the consent page. Two real renders of a small project (the old report
and its replacement) keep the demo quick."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.demo.reports import report_make_now
from evaluation.evidence import services as evidence_services
from evaluation.models import (
    Consent,
    JobStatus,
    Quote,
    QuoteSource,
    ReportJob,
    Theme,
)
from evaluation.reports import services as report_services
from projects import services as project_services
from projects.models import Project, Stakeholder

DATA = demo_data("consent")


def _person(project: Project) -> Stakeholder:
    person = Stakeholder.objects.filter(
        programme=project.programme, display_name=DATA["person"]
    ).first()
    if person is not None:
        return person
    return project_services.stakeholder_create(
        programme=project.programme,
        data={
            "display_name": DATA["person"],
            "is_pseudonym": True,
            "role_category": DATA["role"],
        },
        groups=[],
        project=project,
    )


@transaction.atomic
def demo_load() -> None:
    eve = get_user_model().objects.get(username="eve")
    project = Project.objects.get(programme__slug=PROGRAMME_SLUG, slug=DATA["project"])
    if ReportJob.objects.filter(project=project, status=JobStatus.WITHDRAWN).exists():
        return
    today = timezone.localdate()
    person = _person(project)
    if not person.consent_records.exists():
        evidence_services.consent_record_create(
            programme=project.programme,
            data={
                "stakeholder": person,
                "consent": Consent.MAY_QUOTE,
                "recorded_on": today - dt.timedelta(days=DATA["agreed_days_ago"]),
                "how": DATA["agreed_how"],
            },
            user=eve,
        )
    if not Quote.objects.filter(project=project, stakeholder=person).exists():
        evidence_services.quote_create(
            project=project,
            data={
                "text": DATA["quote"],
                "source": QuoteSource.INTERVIEW,
                "said_on": today - dt.timedelta(days=DATA["said_days_ago"]),
                "role_category": DATA["role"],
                "stakeholder": person,
                "consent": Consent.MAY_QUOTE,
            },
            themes=Theme.objects.filter(
                programme=project.programme, name__in=DATA["themes"]
            ),
            user=eve,
        )
    made, _ = report_services.report_request(
        user=eve, kind="case_study", project=project
    )
    report_make_now(made)
    evidence_services.consent_record_create(
        programme=project.programme,
        data={
            "stakeholder": person,
            "consent": Consent.MAY_NOT,
            "recorded_on": today,
            "how": DATA["withdrawn_how"],
        },
        user=eve,
    )
    made.refresh_from_db()
    if made.status != JobStatus.WITHDRAWN or made.replacement is None:
        raise RuntimeError("The demo's withdrawn case study was not withdrawn.")
    report_make_now(made.replacement)
