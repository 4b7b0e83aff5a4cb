"""The demo's dates tell one story, relative to the day it is loaded: nothing happens
before its project starts or after a finished project ends, briefs come before the
reports that quote them, and a page never says a review closed while its link works."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from evaluation.models import (
    Invitation,
    JobStatus,
    ReportJob,
    RoundInvitation,
    ScoringRound,
    ThemeReview,
)
from logicmodels.models import LogicModelVersion
from projects.models import (
    Activity,
    BriefRevision,
    Project,
    ProjectStatus,
    StageTransition,
)

FINISHED = {ProjectStatus.COMPLETED, ProjectStatus.DISCONTINUED}


def _span(project, today):
    """The days things of the project may be dated on: from its start to today, and
    never after the end it was planned to have."""
    last = min(today, project.target_end_date or today)
    return project.start_date, last


def _outside(project, day, today) -> bool:
    first, last = _span(project, today)
    return day < first or day > last


def _activities(projects) -> list:
    """No activity before its project starts or after a finished one ends."""
    today = timezone.localdate()
    wrong = []
    for activity in Activity.objects.all():
        project = projects[activity.project_id]
        first, last = _span(project, today)
        # Ongoing projects may have an activity planned ahead.
        if project.status not in FINISHED:
            last = project.target_end_date or dt.date.max
        if not first <= activity.held_on <= last:
            wrong.append((project.slug, activity.title, activity.held_on))
    return wrong


def _inside_span(projects) -> list:
    """Stage moves, scoring rounds and logic models inside the project's span."""
    today = timezone.localdate()
    moves = [
        (projects[m.project_id].slug, m.to_stage, m.happened_on)
        for m in StageTransition.objects.all()
        if _outside(projects[m.project_id], m.happened_on, today)
    ]
    rounds = [
        (projects[r.project_id].slug, r.number, r.held_on)
        for r in ScoringRound.objects.all()
        if _outside(projects[r.project_id], r.held_on, today)
    ]
    models = [
        (projects[v.logic_model.project_id].slug, v.number, v.created_at)
        for v in LogicModelVersion.objects.select_related("logic_model")
        if _outside(
            projects[v.logic_model.project_id],
            timezone.localtime(v.created_at).date(),
            today,
        )
    ]
    return moves + rounds + models


def _briefs(projects) -> list:
    """Brief versions dated apart, and before any report quoting them."""
    today = timezone.localdate()
    revisions: dict[int, list] = {}
    for revision in BriefRevision.objects.order_by("number"):
        revisions.setdefault(revision.project_id, []).append(revision)
    wrong = []
    for project_id, items in revisions.items():
        days = [timezone.localtime(r.created_at).date() for r in items]
        if len(set(days)) != len(days) or days != sorted(days):
            wrong.append((projects[project_id].slug, "versions", days))
        if any(_outside(projects[project_id], day, today) for day in days):
            wrong.append((projects[project_id].slug, "span", days))
    reports = ReportJob.objects.filter(status=JobStatus.DONE, project__isnull=False)
    assert reports.exists()
    for job in reports:
        for revision in revisions.get(job.project_id, []):
            if revision.created_at >= job.created_at:
                wrong.append((job.project.slug, "report", revision.number))
    return wrong


def _closing_dates(projects) -> list:
    """Every "closes on" is ahead while its link still works."""
    today, now = timezone.localdate(), timezone.now()
    reviews = [
        (i.stage.name, i.stage.ends_on)
        for i in Invitation.objects.select_related("stage")
        .exclude(token_hash="")
        .filter(link_revoked_at__isnull=True, link_expires_at__gt=now)
        if i.stage.ends_on and i.stage.ends_on < today
    ]
    rounds = [
        (i.round.project.slug, i.round.number, i.round.closes_on)
        for i in RoundInvitation.objects.select_related("round__project").filter(
            revoked_at__isnull=True,
            expires_at__gt=now,
            round__closed_at__isnull=True,
        )
        if i.round.closes_on and i.round.closes_on < today
    ]
    return reviews + rounds


def _replies(projects) -> list:
    """Member-check replies carry one date on every page."""
    wrong = [
        (review.pk, review.updated_at, review.invitation.responded_at)
        for review in ThemeReview.objects.select_related("invitation")
        if review.invitation.responded_at is None
        or timezone.localtime(review.updated_at).date()
        != timezone.localtime(review.invitation.responded_at).date()
    ]
    return wrong


RULES = (_activities, _inside_span, _briefs, _closing_dates, _replies)


def test_demo_dates_tell_one_story(db):
    # One load for every rule: the demo is the slow part.
    call_command("demo", force=True)
    projects = {p.pk: p for p in Project.objects.all()}
    problems = {rule.__doc__: rule(projects) for rule in RULES}
    assert problems == {rule.__doc__: [] for rule in RULES}
