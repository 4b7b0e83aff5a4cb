"""Demo progress data: every demo project gets a stage history, activities with
attendance, per-stage plans and + / − entries (texts in ``data/progress.toml``).

Runs after evaluation.demo.projects. Idempotent and gentle: rows are found by natural
keys and created only when missing, so changes made while exploring the demo are
kept. Dates of finished projects follow their start date; ongoing projects are
placed so their latest work is recent (one is left quiet to show up as stalled).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.factors import services as factor_services
from evaluation.models import Effect, FactorObservation
from projects.models import (
    Activity,
    ActivityKind,
    DecisionHolder,
    DiamondStage,
    Project,
    ProjectStatus,
    RoleCategory,
    StagePlan,
    StageTransition,
    TransitionKind,
    stage_position,
)
from projects.progress import services

DATA = demo_data("progress")
R = RoleCategory
K = ActivityKind
STOPPED = {ProjectStatus.PAUSED, ProjectStatus.DISCONTINUED}
STEP_DAYS = 75
ACTIVITY_OFFSETS = [10, 32, 55]


def _path_steps(path: list[str]) -> list[tuple[str, str, str]]:
    """(kind, from, to) for each stage in a path."""
    steps, current = [], ""
    for stage in path:
        if not current:
            kind = TransitionKind.START
        elif stage_position(stage) > stage_position(current):
            kind = TransitionKind.FORWARD
        else:
            kind = TransitionKind.BACK
        steps.append((kind, current, stage))
        current = stage
    return steps


def _audience(slug: str) -> dict:
    return DATA["audiences"].get(slug, DATA["default_audience"])


def _anchor(project: Project, steps: int, today: dt.date) -> dt.date:
    finished = project.status in {ProjectStatus.COMPLETED, ProjectStatus.DISCONTINUED}
    if finished and project.start_date:
        return project.start_date
    # Ongoing: place the work so its latest activity is a couple of weeks ago.
    back = steps * STEP_DAYS + 5
    if project.slug in DATA["quiet"]:
        back += 150
    return today - dt.timedelta(days=back)


def _people_counts(slug: str, stage: str, index: int) -> tuple[int, int]:
    base = 4 + (len(slug) + index * 3 + stage_position(stage) * 2) % 9
    return base, round(base * _audience(slug)["seldom_share"])


def _log_activities(project, stage, visit, start, people, fran) -> dt.date:
    audience = _audience(project.slug)
    role = audience["role"]
    suffix = f" (round {visit + 1})" if visit else ""
    last = start
    for index, spec in enumerate(DATA["stage_activities"][stage]):
        held_on = start + dt.timedelta(days=ACTIVITY_OFFSETS[index])
        last = max(last, held_on)
        title = f"{spec['title']}{suffix}"
        if Activity.objects.filter(project=project, title=title).exists():
            continue
        kind = spec["kind"]
        later = stage_position(stage) >= 1
        with_participants = kind != K.MEETING or later
        headcounts = []
        if with_participants:
            count, seldom_count = _people_counts(project.slug, stage, index)
            headcounts.append(
                {
                    "role_category": role,
                    "count": count,
                    "seldom_heard_count": seldom_count,
                }
            )
            if index == 0:
                headcounts.append({"role_category": R.PROVIDER, "count": 2})
        services.activity_create(
            project=project,
            data={
                "held_on": held_on,
                "kind": kind,
                "title": title,
                "stage": stage,
                "purpose": spec["purpose"].format(what=project.title),
                "co_constructed": later and with_participants,
                "co_constructed_by": DATA["co_constructed_by"],
                "chaired_by": R.FACILITATOR if not later else role,
                "decided_by": (
                    DecisionHolder.PROFESSIONALS
                    if not with_participants
                    else DecisionHolder.PARTICIPANTS
                    if kind == K.PANEL
                    else DecisionHolder.SHARED
                ),
                "support": audience["support"] if with_participants else [],
                "outputs": spec["outputs"],
                "reflection": spec["reflection"],
            },
            attendees=(
                [person for person, _ in people]
                if with_participants
                else [person for person, seldom in people if not seldom][:3]
            ),
            headcounts=headcounts,
            recorded_by=fran,
        )
    return last


def _why(project, kind, to_stage, visits) -> str:
    if kind == TransitionKind.START:
        return DATA["start_why"]
    if kind == TransitionKind.BACK:
        return DATA["back_why"].get(project.slug, DATA["back_default_why"])
    if to_stage in visits:
        return DATA["again_why"]
    return DATA["forward_why"][to_stage]


def _record_path(project, path, anchor, people, fran) -> None:
    """The stage history, dated over the project's life.

    Written directly: stage_move and project_stop record today's status and refuse
    moves of a discontinued project, while this is the history of moves made while
    the project was active, months or years ago.
    """
    steps = _path_steps(path)
    moved = project.stage_transitions.exists()
    day = last_day = anchor
    visits: dict[str, int] = {}
    for kind, from_stage, to_stage in steps:
        if not moved:
            StageTransition.objects.create(
                project=project,
                from_stage=from_stage,
                to_stage=to_stage,
                kind=kind,
                status=ProjectStatus.ACTIVE,
                happened_on=day,
                rationale=_why(project, kind, to_stage, visits),
                recorded_by=fran,
            )
            Project.objects.filter(pk=project.pk).update(current_stage=to_stage)
            project.current_stage = to_stage
        visit = visits.get(to_stage, 0)
        visits[to_stage] = visit + 1
        last_day = _log_activities(project, to_stage, visit, day, people, fran)
        day += dt.timedelta(days=STEP_DAYS)
    if moved or not steps or project.status not in STOPPED:
        return
    final = steps[-1][2]
    StageTransition.objects.create(
        project=project,
        from_stage=final,
        to_stage=final,
        kind=TransitionKind.STOP,
        status=project.status,
        happened_on=min(last_day + dt.timedelta(days=14), timezone.localdate()),
        rationale=project.status_reason or DATA["stop_default_why"],
        recorded_by=fran,
    )


def _stage_notes(project, path, fran) -> None:
    for number, stage in enumerate(dict.fromkeys(path)):
        spec = DATA["stage_plans"][stage]
        achieved = spec["achieved"]
        if stage == path[-1] and project.status != ProjectStatus.COMPLETED:
            stopped = project.status in STOPPED
            achieved = DATA["stopped_achieved" if stopped else "ongoing_achieved"]
        if not StagePlan.objects.filter(project=project, stage=stage).exists():
            services.stage_plan_save(
                project=project,
                stage=stage,
                data={**spec, "achieved": achieved},
                user=fran,
                seen_version=0,
            )
        enablers, barriers = DATA["enablers"][stage], DATA["barriers"][stage]
        seed = len(project.slug) + number
        picks = [
            (Effect.ENABLER, enablers[seed % len(enablers)]),
            (Effect.BARRIER, barriers[seed % len(barriers)]),
        ]
        if seed % 3 == 0:
            picks.append((Effect.ENABLER, enablers[(seed + 1) % len(enablers)]))
        for effect, text in picks:
            if not FactorObservation.objects.filter(
                project=project, stage=stage, effect=effect, text=text
            ).exists():
                factor_services.observation_create(
                    project=project,
                    data={"stage": stage, "effect": effect, "text": text},
                    user=fran,
                )


def _early_conversation(project, held_on, people, fran) -> None:
    """A proposed project has not started the Double Diamond, but talks have begun."""
    spec = DATA["early_conversation"]
    if Activity.objects.filter(project=project, title=spec["title"]).exists():
        return
    services.activity_create(
        project=project,
        data={
            "held_on": held_on,
            "kind": K.MEETING,
            "title": spec["title"],
            "stage": DiamondStage.DISCOVER,
            "purpose": spec["purpose"],
            "co_constructed": False,
            "chaired_by": R.FACILITATOR,
            "decided_by": DecisionHolder.NO_DECISIONS,
            "outputs": spec["outputs"],
            "reflection": spec["reflection"],
        },
        attendees=[person for person, _ in people],
        recorded_by=fran,
    )


@transaction.atomic
def demo_load() -> None:
    """Add stage histories, activities, plans and + / − entries to the demo."""
    fran = get_user_model().objects.filter(username="fran").first()
    today = timezone.localdate()
    projects = Project.objects.filter(programme__slug=PROGRAMME_SLUG).prefetch_related(
        "involvements__stakeholder__seldom_heard_groups"
    )
    for project in projects:
        path = DATA["paths"].get(project.slug)
        if path is None:
            continue
        people = [
            (inv.stakeholder, bool(inv.stakeholder.seldom_heard_groups.all()))
            for inv in project.involvements.all()
            if inv.stakeholder.role_category != R.EVALUATOR
        ]
        anchor = _anchor(project, len(path), today)
        _record_path(project, path, anchor, people, fran)
        if path:
            _stage_notes(project, path, fran)
        else:
            _early_conversation(project, today - dt.timedelta(days=20), people, fran)
