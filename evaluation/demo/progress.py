"""Demo progress data: every demo project gets a stage history, activities with
attendance, per-stage plans and + / − entries.

Runs after evaluation.demo.projects. Idempotent and gentle: rows are found by natural keys and
created only when missing, so changes made while exploring the demo are kept. Dates
of finished projects follow their start date; ongoing projects are placed so their
latest work is recent (one is left quiet to show up as stalled).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.models import Effect, FactorObservation
from projects.models import (
    Activity,
    ActivityKind,
    Attendance,
    DecisionHolder,
    DiamondStage,
    Headcount,
    Project,
    ProjectStatus,
    RoleCategory,
    StagePlan,
    StageTransition,
    SupportKind,
    TransitionKind,
    stage_position,
)

S = DiamondStage
R = RoleCategory
K = ActivityKind
SUP = SupportKind

DISCOVER_TO = {
    S.DISCOVER: [S.DISCOVER],
    S.DEFINE: [S.DISCOVER, S.DEFINE],
    S.DEVELOP: [S.DISCOVER, S.DEFINE, S.DEVELOP],
    S.DELIVER: [S.DISCOVER, S.DEFINE, S.DEVELOP, S.DELIVER],
}

# The stages each project went through, in order. Repeated stages are moves back.
PATHS = {
    "innovation-fund": DISCOVER_TO[S.DELIVER],
    "core-partnership": DISCOVER_TO[S.DELIVER],
    "extra-care": DISCOVER_TO[S.DEVELOP],
    "coproduction-network": DISCOVER_TO[S.DISCOVER],
    "ae-queue": DISCOVER_TO[S.DEFINE],
    "intermediate-care": DISCOVER_TO[S.DELIVER],
    "ae-attendance": DISCOVER_TO[S.DISCOVER],
    "gypsy-traveller": DISCOVER_TO[S.DEVELOP],
    "childrens-commissioning": DISCOVER_TO[S.DEFINE],
    "europe-21": DISCOVER_TO[S.DEFINE],
    "transition": DISCOVER_TO[S.DELIVER],
    "edge-of-care": DISCOVER_TO[S.DEFINE],
    "community-strategy": DISCOVER_TO[S.DEVELOP],
    "child-friendly": DISCOVER_TO[S.DEVELOP],
    "young-peoples-drug-alcohol": DISCOVER_TO[S.DELIVER],
    "young-peoples-housing": DISCOVER_TO[S.DEFINE],
    "multiple-complex-needs": [
        S.DISCOVER,
        S.DEFINE,
        S.DEVELOP,
        S.DEFINE,
        S.DEVELOP,
        S.DELIVER,
    ],
    "autism-services": [S.DISCOVER, S.DEFINE, S.DEVELOP, S.DEFINE, S.DEVELOP],
    "module-development": DISCOVER_TO[S.DELIVER],
    "patient-engagement": DISCOVER_TO[S.DEVELOP],
    "take-part-1": DISCOVER_TO[S.DELIVER],
    "take-part-2": [S.DISCOVER, S.DEFINE, S.DEVELOP, S.DISCOVER, S.DEVELOP],
    "equality-impact": [],
    "customer-exit-survey": DISCOVER_TO[S.DEFINE],
    "doing-care-differently": DISCOVER_TO[S.DEVELOP],
}
# Left without recent activity so the programme page lists it as stalled.
QUIET = {"young-peoples-housing"}

# Who the project mainly worked with: (role, share from seldom-heard groups, support)
AUDIENCES = {
    "innovation-fund": (R.SERVICE_USER, 0.5, [SUP.TRAVEL, SUP.FOOD]),
    "core-partnership": (R.SERVICE_USER, 0.6, [SUP.TRAVEL, SUP.PAYMENT, SUP.FOOD]),
    "extra-care": (R.SERVICE_USER, 0.0, [SUP.FAMILIAR_VENUE, SUP.ACCESSIBILITY]),
    "gypsy-traveller": (R.SERVICE_USER, 1.0, [SUP.FAMILIAR_VENUE, SUP.FOOD]),
    "multiple-complex-needs": (R.SERVICE_USER, 1.0, [SUP.PAYMENT, SUP.FOOD]),
    "autism-services": (R.SERVICE_USER, 0.7, [SUP.ACCESSIBILITY, SUP.CHILDCARE]),
    "module-development": (R.OTHER, 0.0, []),
    "patient-engagement": (R.PATIENT_REP, 0.0, [SUP.TRAVEL]),
    "ae-queue": (R.PATIENT_REP, 0.0, [SUP.TRAVEL]),
    "intermediate-care": (R.PATIENT_REP, 0.2, [SUP.TRAVEL, SUP.ACCESSIBILITY]),
}
YOUNG = (R.YOUNG_PERSON, 0.3, [SUP.PAYMENT, SUP.FOOD, SUP.FAMILIAR_VENUE])
for _slug in (
    "transition",
    "edge-of-care",
    "community-strategy",
    "child-friendly",
    "young-peoples-drug-alcohol",
    "young-peoples-housing",
    "childrens-commissioning",
):
    AUDIENCES[_slug] = YOUNG
DEFAULT_AUDIENCE = (R.SERVICE_USER, 0.1, [SUP.TRAVEL, SUP.FOOD])

# (kind, title, purpose, outputs, reflection) per stage; {what} is the project title.
STAGE_ACTIVITIES = {
    S.DISCOVER: [
        (
            K.MEETING,
            "Scoping meeting with the commissioner",
            "Agree what the project is for and who needs to be involved in {what}.",
            "A list of people and groups to reach, and a first timetable.",
            "Useful, but only professionals were in the room; we agreed that must "
            "change at the next step.",
        ),
        (
            K.WORKSHOP,
            "Listening workshop",
            "Hear from people who use the service what works and what does not.",
            "Around forty sticky notes grouped into five concerns.",
            "People spoke freely once the commissioner stepped back from leading.",
        ),
        (
            K.INTERVIEW,
            "One-to-one conversations",
            "Reach people who would not come to a group session.",
            "Notes from conversations, summarised by theme.",
            "Slow to arrange, but we heard from people no meeting had reached.",
        ),
    ],
    S.DEFINE: [
        (
            K.WORKSHOP,
            "Agreeing the focus together",
            "Choose, with participants, the one problem worth solving first.",
            "A shared problem statement everyone signed up to.",
            "Voting with stickers kept it fair; some professionals found it "
            "uncomfortable to be outvoted.",
        ),
        (
            K.MEETING,
            "Writing the design brief",
            "Turn the agreed focus into a brief the commissioner can act on.",
            "Draft design brief, checked line by line with two participants.",
            "Plain-English drafting took longer than expected and was worth it.",
        ),
    ],
    S.DEVELOP: [
        (
            K.WORKSHOP,
            "Trying out first ideas",
            "Sketch and test ways of meeting the brief.",
            "Three rough ideas; one dropped after testing.",
            "Testing early saved us from building the wrong thing.",
        ),
        (
            K.TASTER,
            "Taster session of the new approach",
            "Let people experience the idea before deciding on it.",
            "Feedback cards from everyone who took part.",
            "Attendance was lower than hoped because of the time of day.",
        ),
    ],
    S.DELIVER: [
        (
            K.PANEL,
            "Procurement panel",
            "Choose a provider, with people who use the service on the panel.",
            "A provider chosen; participants' scores counted equally.",
            "Panel members said being trusted with real decisions mattered most.",
        ),
        (
            K.EVENT,
            "Sharing what we learned",
            "Tell everyone involved what happened to their ideas.",
            "A short film and a one-page summary.",
            "Closing the loop is often skipped; people thanked us for it.",
        ),
    ],
}

# Reasons for each kind of move, in plain words.
START_WHY = "Funding agreed and a first meeting booked."
FORWARD_WHY = {
    S.DEFINE: "Enough had been heard to start agreeing a focus.",
    S.DEVELOP: "The design brief was agreed by everyone involved.",
    S.DELIVER: "One idea worked well in testing and the commissioner backed it.",
}
BACK_WHY = {
    "multiple-complex-needs": (
        "Testing the first service idea showed the problem had been framed "
        "around single services, when people need one front door for everything."
    ),
    "autism-services": (
        "Families testing the assessment redesign said support after diagnosis "
        "was the real gap, so we went back to agree a new focus."
    ),
    "take-part-2": (
        "Tenants in the second pilot were a different group from the first; "
        "we went back to hear from them before changing the offer."
    ),
}
STAGE_PLANS = {
    S.DISCOVER: (
        "Hear widely, especially from people who are rarely asked, before "
        "deciding anything.",
        "Designed and ran the listening sessions; paid for travel and food; "
        "coached the commissioner on listening rather than presenting.",
        "A shared picture of the problem in the words of people who live with it.",
    ),
    S.DEFINE: (
        "Agree one focus and write a design brief together.",
        "Facilitated the priority-setting workshop and drafted the brief with "
        "participants.",
        "A design brief that professionals and participants both signed up to.",
    ),
    S.DEVELOP: (
        "Test ideas quickly and cheaply with the people who would use them.",
        "Ran taster sessions and kept a record of what changed after each one.",
        "One idea refined through testing; two dropped for good reasons.",
    ),
    S.DELIVER: (
        "Put the chosen idea in place and keep participants involved in decisions.",
        "Trained panel members and supported them through procurement.",
        "A service commissioned with people who use it on the decision panel.",
    ),
}
ENABLERS = {
    S.DISCOVER: [
        "A commissioner who wanted to listen, not defend the service.",
        "A trusted community group opened doors for us.",
        "Small grants covered travel and food, so more people came.",
    ],
    S.DEFINE: [
        "Participants chaired part of the workshop.",
        "Earlier good experience of working together built trust quickly.",
    ],
    S.DEVELOP: [
        "Budget set aside for testing ideas before committing.",
        "Provider staff joined sessions as equals.",
    ],
    S.DELIVER: [
        "Procurement rules allowed participants' scores to count.",
        "A senior sponsor backed the final decision.",
    ],
}
BARRIERS = {
    S.DISCOVER: [
        "Past consultations that changed nothing made people wary.",
        "Meetings held in office hours excluded people in work.",
    ],
    S.DEFINE: [
        "Staff changes in the commissioning team slowed decisions.",
        "Some professionals saw participation as a box to tick.",
    ],
    S.DEVELOP: [
        "Organisational sign-off took months.",
        "No budget line for paying participants' time.",
    ],
    S.DELIVER: [
        "Contract timetables left little room for changes.",
        "Funding for the new service was only agreed for one year.",
    ],
}
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


def _anchor(project: Project, steps: int, today: dt.date) -> dt.date:
    finished = project.status in {ProjectStatus.COMPLETED, ProjectStatus.DISCONTINUED}
    if finished and project.start_date:
        return project.start_date
    # Ongoing: place the work so its latest activity is a couple of weeks ago.
    back = steps * STEP_DAYS + 5
    if project.slug in QUIET:
        back += 150
    return today - dt.timedelta(days=back)


def _people_counts(slug: str, stage: str, index: int) -> tuple[int, int]:
    role, share, _ = AUDIENCES.get(slug, DEFAULT_AUDIENCE)
    base = 4 + (len(slug) + index * 3 + stage_position(stage) * 2) % 9
    return base, round(base * share)


def _log_activities(project, stage, visit, start, people, fran):
    role, share, support = AUDIENCES.get(project.slug, DEFAULT_AUDIENCE)
    templates = STAGE_ACTIVITIES[stage]
    suffix = f" (round {visit + 1})" if visit else ""
    last = start
    for index, (kind, title, purpose, outputs, reflection) in enumerate(templates):
        held_on = start + dt.timedelta(days=ACTIVITY_OFFSETS[index])
        later = stage_position(stage) >= 1
        with_participants = kind != K.MEETING or later
        activity, created = Activity.objects.get_or_create(
            project=project,
            title=f"{title}{suffix}",
            defaults={
                "held_on": held_on,
                "kind": kind,
                "stage": stage,
                "purpose": purpose.format(what=project.title),
                "co_constructed": later and with_participants,
                "co_constructed_by": (
                    "two participants from the previous session"
                    if later and with_participants
                    else ""
                ),
                "chaired_by": R.FACILITATOR if not later else role,
                "decided_by": (
                    DecisionHolder.PROFESSIONALS
                    if not with_participants
                    else DecisionHolder.PARTICIPANTS
                    if kind == K.PANEL
                    else DecisionHolder.SHARED
                ),
                "support": list(support) if with_participants else [],
                "outputs": outputs,
                "reflection": reflection,
                "recorded_by": fran,
            },
        )
        last = max(last, held_on)
        if not created:
            continue
        named = people if with_participants else [p for p in people if not p[1]][:3]
        Attendance.objects.bulk_create(
            Attendance(
                activity=activity,
                stakeholder=person,
                role_category=person.role_category,
                seldom_heard=seldom,
            )
            for person, seldom in named
        )
        if with_participants:
            count, seldom_count = _people_counts(project.slug, stage, index)
            Headcount.objects.create(
                activity=activity,
                role_category=role,
                count=count,
                seldom_heard_count=seldom_count,
            )
            if index == 0:
                Headcount.objects.create(
                    activity=activity, role_category=R.PROVIDER, count=2
                )
    return last


def _record_path(project, path, anchor, people, fran) -> None:
    steps = _path_steps(path)
    moved = project.stage_transitions.exists()
    day = anchor
    visits: dict[str, int] = {}
    last_day = anchor
    for kind, from_stage, to_stage in steps:
        if not moved:
            if kind == TransitionKind.START:
                why = START_WHY
            elif kind == TransitionKind.BACK:
                why = BACK_WHY.get(project.slug, "Testing showed we needed to rethink.")
            elif to_stage in visits:
                why = "With the problem reframed, the team picked up this stage again."
            else:
                why = FORWARD_WHY[to_stage]
            StageTransition.objects.create(
                project=project,
                from_stage=from_stage,
                to_stage=to_stage,
                kind=kind,
                status=ProjectStatus.ACTIVE,
                happened_on=day,
                rationale=why,
                recorded_by=fran,
            )
        visit = visits.get(to_stage, 0)
        visits[to_stage] = visit + 1
        last_day = _log_activities(project, to_stage, visit, day, people, fran)
        day += dt.timedelta(days=STEP_DAYS)
    if moved or not steps:
        return
    final = steps[-1][2]
    if project.status in {ProjectStatus.PAUSED, ProjectStatus.DISCONTINUED}:
        StageTransition.objects.create(
            project=project,
            from_stage=final,
            to_stage=final,
            kind=TransitionKind.STOP,
            status=project.status,
            happened_on=min(last_day + dt.timedelta(days=14), timezone.localdate()),
            rationale=project.status_reason or "Work stopped at this stage.",
            recorded_by=fran,
        )
    Project.objects.filter(pk=project.pk).update(current_stage=final)


def _stage_notes(project, path, fran) -> None:
    for number, stage in enumerate(dict.fromkeys(path)):
        plan, contribution, achieved = STAGE_PLANS[stage]
        is_last = stage == path[-1]
        stopped = project.status in {ProjectStatus.PAUSED, ProjectStatus.DISCONTINUED}
        if is_last and project.status != ProjectStatus.COMPLETED:
            achieved = (
                "Work stopped here before this stage was finished."
                if stopped
                else "In progress."
            )
        StagePlan.objects.get_or_create(
            project=project,
            stage=stage,
            defaults={
                "plan": plan,
                "contribution": contribution,
                "achieved": achieved,
                "updated_by": fran,
            },
        )
        seed = len(project.slug) + number
        picks = [
            (Effect.ENABLER, ENABLERS[stage][seed % len(ENABLERS[stage])]),
            (Effect.BARRIER, BARRIERS[stage][seed % len(BARRIERS[stage])]),
        ]
        if seed % 3 == 0:
            extra = ENABLERS[stage][(seed + 1) % len(ENABLERS[stage])]
            picks.append((Effect.ENABLER, extra))
        for effect, text in picks:
            FactorObservation.objects.get_or_create(
                project=project,
                stage=stage,
                effect=effect,
                text=text,
                defaults={"recorded_by": fran},
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
        path = PATHS.get(project.slug)
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


def _early_conversation(project, held_on, people, fran) -> None:
    """A proposed project has not started the Double Diamond, but talks have begun."""
    activity, created = Activity.objects.get_or_create(
        project=project,
        title="First conversation about the idea",
        defaults={
            "held_on": held_on,
            "kind": K.MEETING,
            "stage": S.DISCOVER,
            "purpose": "See whether the partner wants to co-produce this work.",
            "chaired_by": R.FACILITATOR,
            "decided_by": DecisionHolder.NO_DECISIONS,
            "outputs": "Agreement to write a proposal together.",
            "reflection": "Keen partner; no one who uses the service was there yet.",
            "recorded_by": fran,
        },
    )
    if created:
        Attendance.objects.bulk_create(
            Attendance(
                activity=activity,
                stakeholder=person,
                role_category=person.role_category,
                seldom_heard=seldom,
            )
            for person, seldom in people
        )
