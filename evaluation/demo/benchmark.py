"""The benchmark: a synthetic programme in a throwaway database, and timings of the
pages and reports that have to stay fast as a programme grows.

``throwaway_database`` creates a separate database the way Django's test runner does
(in memory for SQLite, a ``test_`` database for PostgreSQL) and removes it afterwards,
so the configured database is never written. ``programme_build`` fills it with
``bulk_create`` rather than the services the demo uses: it writes hundreds of
thousands of rows for up to 500 projects, and only the reads are being measured (the
factor catalogue and frameworks still come from their services).
``pages_measure`` and ``reports_measure`` take the figures; every page is also
measured against a floor page (``evaluation.demo.floor``) in the same run.
"""

import datetime as dt
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from coproduce import history
from evaluation.demo.floor import FLOOR_PATH
from evaluation.factors import services as factor_services
from evaluation.matrix import services as matrix_services
from evaluation.models import (
    ClaimStatus,
    Consent,
    ContributionClaim,
    ContributionLevel,
    DimensionScore,
    Effect,
    Factor,
    FactorObservation,
    OutcomeIndicator,
    Quote,
    QuoteSource,
    ReportKind,
    RoundResponse,
    RoundStatus,
    ScoringRound,
    Strength,
    Theme,
    TheoryStatement,
    TheoryVersion,
)
from logicmodels.models import (
    LINKED_SECTIONS,
    Anticipation,
    LogicItem,
    LogicLink,
    LogicModel,
    LogicModelVersion,
    ModelKind,
    Section,
    VersionStatus,
)
from projects.models import (
    AccessRole,
    Activity,
    ActivityKind,
    Attendance,
    BriefRevision,
    DecisionHolder,
    DiamondStage,
    Headcount,
    HistoryEvent,
    Organisation,
    OrganisationKind,
    Programme,
    ProgrammeMembership,
    Project,
    ProjectStakeholder,
    ProjectStatus,
    RoleCategory,
    SeldomHeardGroup,
    StagePlan,
    StageTransition,
    Stakeholder,
    TransitionKind,
)

PROGRAMME_SLUG = "benchmark-programme"
ACTIVITIES_PER_PROJECT = 20
ROUNDS_PER_PROJECT = 4
RESPONSES_PER_ROUND = 10
QUOTES_PER_PROJECT = 30
OBSERVATIONS_PER_PROJECT = 8
PEOPLE_PER_PROJECT = 8
ITEMS_PER_SECTION = 3
BATCH = 2000

# The commissioner dashboard is being built in evaluation/urls_dashboards.py; the
# first of these names that resolves is measured, else the key says it was skipped.
DASHBOARD_URL_NAMES = (
    "evaluation:programme_dashboard",
    "evaluation:commissioner_dashboard",
)

STAGES = list(DiamondStage.values)
STATUSES = [
    ProjectStatus.ACTIVE,
    ProjectStatus.ACTIVE,
    ProjectStatus.ACTIVE,
    ProjectStatus.COMPLETED,
    ProjectStatus.PAUSED,
    ProjectStatus.DISCONTINUED,
]
ROLES = [
    RoleCategory.PATIENT_REP,
    RoleCategory.SERVICE_USER,
    RoleCategory.CLINICIAN,
    RoleCategory.ARTIST,
    RoleCategory.YOUNG_PERSON,
    RoleCategory.COMMISSIONER,
    RoleCategory.VOLUNTARY,
    RoleCategory.HEALTH_PROVIDER,
]
QUOTE_TEXT = (
    "At first I thought nobody would listen, but Sam from the clinic asked us to "
    "run the second workshop ourselves and that changed how I felt about it."
)
NAME_START = QUOTE_TEXT.index("Sam")


# --- The throwaway database -----------------------------------------------------------


@contextmanager
def throwaway_database(
    alias: str = DEFAULT_DB_ALIAS, *, keep_as: str | None = None
) -> Iterator[str]:
    """Run the body against a new, migrated, empty database, then drop it.

    With ``keep_as`` (PostgreSQL only) the database is named after it and kept
    afterwards, and an existing one of that name is used again: building 2,000
    projects takes many minutes, measuring them again should not.

    The connection to the configured database (if one is open) is put aside rather
    than closed, because closing an in-memory SQLite database would destroy it.
    """
    connection = connections[alias]
    if connection.in_atomic_block:
        raise RuntimeError("The benchmark cannot run inside a transaction.")
    old_name = connection.settings_dict["NAME"]
    old_test = dict(connection.settings_dict.get("TEST") or {})
    if keep_as and connection.vendor != "postgresql":
        raise ValueError("Keeping the benchmark's database needs PostgreSQL.")
    if keep_as:
        connection.settings_dict["TEST"] = {
            **old_test,
            "NAME": f"test_{old_name}_benchmark_{keep_as}",
        }
    if connection.vendor == "sqlite":
        # A named in-memory database of its own, never the one a test run uses.
        connection.settings_dict["TEST"] = {
            **old_test,
            "NAME": f"file:coproduce_benchmark_{uuid.uuid4().hex[:8]}"
            "?mode=memory&cache=shared",
        }
    kept = connection.connection
    connection.connection = None
    ContentType.objects.clear_cache()
    created = False
    try:
        name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=bool(keep_as)
        )
        created = True
        yield name
    finally:
        if connection.connection is not None:
            connection.connection.close()  # for in-memory SQLite this frees it
            connection.connection = None
        if created:
            connection.creation.destroy_test_db(
                old_name, verbosity=0, keepdb=bool(keep_as)
            )
        else:
            settings.DATABASES[alias]["NAME"] = old_name
            connection.settings_dict["NAME"] = old_name
        connection.settings_dict["TEST"] = old_test
        connection.connection = kept
        ContentType.objects.clear_cache()


# --- Building the programme -----------------------------------------------------------


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _through(field, rows: list[tuple[int, int]]) -> None:
    """Bulk-add many-to-many pairs ``(owner id, other id)`` for ``Model.field``."""
    through = field.through
    source = field.field.m2m_field_name() + "_id"
    target = field.field.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(
        [through(**{source: a, target: b}) for a, b in rows], batch_size=BATCH
    )


def _users(programme: Programme) -> dict:
    User = get_user_model()
    users = {}
    for role in (AccessRole.FACILITATOR, AccessRole.COMMISSIONER, AccessRole.EVALUATOR):
        user = User(username=f"bench-{role}", email=f"{role}@bench.invalid")
        user.set_unusable_password()
        user.save()
        ProgrammeMembership.objects.create(user=user, programme=programme, role=role)
        users[role] = user
    return users


def programme_build(n_projects: int) -> dict:
    """A programme with ``n_projects`` fully recorded projects. Returns what the
    measuring functions need: the programme, a project in the middle, the users."""
    today = dt.date.today()
    start = today - dt.timedelta(days=720)
    programme = Programme.objects.create(
        name="Benchmark programme",
        slug=PROGRAMME_SLUG,
        description="A made-up programme used to time the pages.",
    )
    users = _users(programme)
    facilitator = users[AccessRole.FACILITATOR]
    kinds = list(OrganisationKind.values)
    organisations = _bulk(
        Organisation,
        [
            Organisation(name=f"Partner {i}", kind=kinds[i % len(kinds)])
            for i in range(max(8, n_projects // 5))
        ],
    )
    groups = _bulk(
        SeldomHeardGroup,
        [SeldomHeardGroup(name=f"Bench group {i}") for i in range(4)],
    )

    # Projects, their partners, briefs, stage moves and stage plans.
    projects = _bulk(
        Project,
        [
            Project(
                programme=programme,
                title=f"Project {i:04d}",
                slug=f"bench-project-{i:04d}",
                brief="Make a local service better by designing it with the people "
                "who use it.",
                status=STATUSES[i % len(STATUSES)],
                status_reason="Funding ended."
                if STATUSES[i % len(STATUSES)] == ProjectStatus.DISCONTINUED
                else "",
                start_date=start,
                target_end_date=today + dt.timedelta(days=180),
                current_stage=STAGES[i % len(STAGES)],
            )
            for i in range(n_projects)
        ],
    )
    _through(
        Project.partners,
        [
            (p.pk, organisations[(i + k) % len(organisations)].pk)
            for i, p in enumerate(projects)
            for k in range(2)
        ],
    )
    _bulk(
        BriefRevision,
        [
            BriefRevision(project=p, number=number, text=p.brief, reason=reason)
            for p in projects
            for number, reason in ((1, ""), (2, "Narrowed after the first workshop."))
        ],
    )
    transitions, plans = [], []
    for p in projects:
        reached = STAGES.index(p.current_stage)
        transitions.append(
            StageTransition(
                project=p,
                to_stage=STAGES[0],
                kind=TransitionKind.START,
                happened_on=start,
                rationale="Started.",
            )
        )
        for step in range(1, reached + 1):
            transitions.append(
                StageTransition(
                    project=p,
                    from_stage=STAGES[step - 1],
                    to_stage=STAGES[step],
                    kind=TransitionKind.FORWARD,
                    happened_on=start + dt.timedelta(days=120 * step),
                    rationale="The group agreed it was time to move on.",
                )
            )
        if p.status == ProjectStatus.DISCONTINUED:
            transitions.append(
                StageTransition(
                    project=p,
                    from_stage=p.current_stage,
                    to_stage=p.current_stage,
                    kind=TransitionKind.STOP,
                    status=p.status,
                    happened_on=today - dt.timedelta(days=10),
                    rationale="Funding ended.",
                )
            )
        for stage in STAGES[: reached + 1]:
            plans.append(
                StagePlan(
                    project=p,
                    stage=stage,
                    plan="Hear from people who use the service.",
                    contribution="Ran the sessions and paid travel.",
                    achieved="A shared list of what matters.",
                )
            )
    _bulk(StageTransition, transitions)
    _bulk(StagePlan, plans)

    # People: a pool per project, some from seldom-heard groups.
    people = _bulk(
        Stakeholder,
        [
            Stakeholder(
                programme=programme,
                display_name=f"Person {i:04d}-{k}",
                role_category=ROLES[k % len(ROLES)],
            )
            for i in range(n_projects)
            for k in range(PEOPLE_PER_PROJECT)
        ],
    )
    team = {
        p.pk: people[i * PEOPLE_PER_PROJECT : (i + 1) * PEOPLE_PER_PROJECT]
        for i, p in enumerate(projects)
    }
    _bulk(
        ProjectStakeholder,
        [
            ProjectStakeholder(project=p, stakeholder=s, joined_on=start)
            for p in projects
            for s in team[p.pk]
        ],
    )
    _through(
        Stakeholder.seldom_heard_groups,
        [
            (s.pk, groups[k % len(groups)].pk)
            for k, s in enumerate(people)
            if k % 3 == 0
        ],
    )

    # Activities with attendance and headcounts.
    activity_kinds = list(ActivityKind.values)
    activities = _bulk(
        Activity,
        [
            Activity(
                project=p,
                held_on=start + dt.timedelta(days=30 * a + i % 7),
                kind=activity_kinds[a % len(activity_kinds)],
                title=f"Session {a + 1}",
                purpose="Work on the brief together.",
                stage=STAGES[min(a // 5, STAGES.index(p.current_stage))],
                co_constructed=a % 2 == 0,
                chaired_by=ROLES[a % len(ROLES)],
                decided_by=DecisionHolder.SHARED,
                support=["travel", "food"] if a % 3 == 0 else [],
                outputs="Notes and a short list of ideas.",
            )
            for i, p in enumerate(projects)
            for a in range(ACTIVITIES_PER_PROJECT)
        ],
    )
    attendances, headcounts = [], []
    for a, activity in enumerate(activities):
        members = team[activity.project_id]
        for k in range(4):
            person = members[(a + k) % len(members)]
            attendances.append(
                Attendance(
                    activity=activity,
                    stakeholder=person,
                    role_category=person.role_category,
                    seldom_heard=(a + k) % 3 == 0,
                )
            )
        headcounts += [
            Headcount(
                activity=activity,
                role_category=RoleCategory.SERVICE_USER,
                count=6,
                seldom_heard_count=2,
            ),
            Headcount(activity=activity, role_category=RoleCategory.CLINICIAN, count=2),
        ]
    _bulk(Attendance, attendances)
    _bulk(Headcount, headcounts)

    _logic_models_build(projects, facilitator)
    _scoring_build(programme, projects, team, facilitator, today)
    _evidence_build(programme, projects, team, facilitator, today)

    return programme_built(programme)


def programme_built(programme) -> dict:
    """What the measuring functions need from a built programme: the programme, the
    project in the middle (by id), its latest round, and the three users."""
    ids = list(
        Project.objects.filter(programme=programme)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    middle = Project.objects.select_related("programme").get(pk=ids[len(ids) // 2])
    User = get_user_model()
    return {
        "programme": programme,
        "project": middle,
        "round": ScoringRound.objects.filter(project=middle).order_by("-number")[0],
        "users": {
            role: User.objects.get(username=f"bench-{role}")
            for role in (
                AccessRole.FACILITATOR,
                AccessRole.COMMISSIONER,
                AccessRole.EVALUATOR,
            )
        },
    }


def _logic_models_build(projects: list, author) -> None:
    """An a priori model with two agreed versions and a post facto model copied from
    it: three agreed versions per project, each with items in every section and
    links from each linked section to the next."""
    models = _bulk(
        LogicModel,
        [
            LogicModel(project=p, kind=kind)
            for p in projects
            for kind in (ModelKind.A_PRIORI, ModelKind.POST_FACTO)
        ],
    )
    versions = []
    for model in models:
        numbers = (1, 2) if model.kind == ModelKind.A_PRIORI else (1,)
        for number in numbers:
            versions.append(
                LogicModelVersion(
                    logic_model=model,
                    number=number,
                    status=VersionStatus.AGREED,
                    created_by=author,
                    agreed_by=author,
                    agreed_at=dt.datetime.now(dt.UTC),
                    story_answer="yes",
                )
            )
    versions = _bulk(LogicModelVersion, versions)
    origins = [
        [uuid.uuid4() for _ in range(ITEMS_PER_SECTION)] for _ in range(len(Section))
    ]
    items = []
    for version in versions:
        for s, section in enumerate(Section):
            for position in range(ITEMS_PER_SECTION):
                outcome = section == Section.OUTCOMES
                items.append(
                    LogicItem(
                        version=version,
                        section=section,
                        position=position,
                        text=f"{section.label} statement {position + 1}",
                        origin=origins[s][position],
                        anticipation=Anticipation.ANTICIPATED if outcome else "",
                    )
                )
    items = _bulk(LogicItem, items)
    by_version: dict[int, dict[int, list]] = {}
    for item in items:
        by_version.setdefault(item.version_id, {}).setdefault(item.section, []).append(
            item
        )
    links = []
    for version_id, sections in by_version.items():
        for source_section, target_section in zip(
            LINKED_SECTIONS, LINKED_SECTIONS[1:], strict=False
        ):
            for source, target in zip(
                sections[source_section], sections[target_section], strict=True
            ):
                links.append(
                    LogicLink(version_id=version_id, source=source, target=target)
                )
    _bulk(LogicLink, links)


def _scoring_build(programme, projects, team, author, today) -> None:
    """Four closed rounds per project with ten answered responses each."""
    framework = matrix_services.framework_copy(
        programme=programme, author=author, source_key="coproduction-matrix"
    )
    version = framework.versions.get()
    dimensions = list(version.dimensions.all())
    levels = list(version.levels.all())
    rounds = _bulk(
        ScoringRound,
        [
            ScoringRound(
                project=p,
                number=r + 1,
                version=version,
                held_on=today - dt.timedelta(days=90 * (ROUNDS_PER_PROJECT - r)),
                stage=STAGES[min(r, STAGES.index(p.current_stage))],
                status=RoundStatus.CLOSED,
                opened_by=author,
                closed_at=dt.datetime.now(dt.UTC),
            )
            for p in projects
            for r in range(ROUNDS_PER_PROJECT)
        ],
    )
    now = dt.datetime.now(dt.UTC)
    responses = _bulk(
        RoundResponse,
        [
            RoundResponse(
                round=scoring_round,
                stakeholder=team[scoring_round.project_id][k % PEOPLE_PER_PROJECT],
                role_category=ROLES[k % len(ROLES)],
                submitted_at=now,
            )
            for scoring_round in rounds
            for k in range(RESPONSES_PER_ROUND)
        ],
    )
    number_of = {scoring_round.pk: scoring_round.number for scoring_round in rounds}
    scores = []
    for k, response in enumerate(responses):
        climb = number_of[response.round_id]  # later rounds score higher
        for d, dimension in enumerate(dimensions):
            level = min(len(levels) - 1, (k + d) % 3 + climb)
            scores.append(
                DimensionScore(
                    response=response,
                    dimension=dimension,
                    level=None if (k + d) % 11 == 0 else levels[level],
                )
            )
    _bulk(DimensionScore, scores)


def _evidence_build(programme, projects, team, author, today) -> None:
    """Factor observations, quotes (some coded, some redacted), a theory of change
    with outcome indicators, and contribution claims."""
    factor_services.factor_catalogue_seed(programme=programme)
    factors = list(Factor.objects.filter(group__programme=programme))
    observations = _bulk(
        FactorObservation,
        [
            FactorObservation(
                project=p,
                stage=STAGES[o % len(STAGES)],
                effect=Effect.ENABLER if (i + o) % 3 else Effect.BARRIER,
                text=f"Something that mattered at session {o + 1}",
                factor=None if o == 7 else factors[(i * 3 + o) % len(factors)],
                strength=list(Strength.values)[o % 3],
                recorded_by=author,
            )
            for i, p in enumerate(projects)
            for o in range(OBSERVATIONS_PER_PROJECT)
        ],
    )
    themes = _bulk(
        Theme,
        [
            Theme(programme=programme, name=f"Theme {t + 1}", position=t)
            for t in range(6)
        ],
    )
    consents = list(Consent.values)
    sources = list(QuoteSource.values)
    quotes = _bulk(
        Quote,
        [
            Quote(
                project=p,
                text=QUOTE_TEXT,
                redactions=(
                    [{"start": NAME_START, "end": NAME_START + 3, "label": "name"}]
                    if q % 4 == 0
                    else []
                ),
                source=sources[q % len(sources)],
                said_on=today - dt.timedelta(days=q * 7),
                role_category=ROLES[q % len(ROLES)],
                stakeholder=team[p.pk][q % PEOPLE_PER_PROJECT],
                consent=consents[q % len(consents)],
                recorded_by=author,
            )
            for p in projects
            for q in range(QUOTES_PER_PROJECT)
        ],
    )
    _through(
        Quote.themes,
        [
            (quote.pk, themes[k % len(themes)].pk)
            for k, quote in enumerate(quotes)
            if k % 2
        ],
    )
    per_project = {}
    for observation in observations:
        per_project.setdefault(observation.project_id, []).append(observation)
    _through(
        Quote.observations,
        [
            (quote.pk, per_project[quote.project_id][k % OBSERVATIONS_PER_PROJECT].pk)
            for k, quote in enumerate(quotes)
            if k % 5 == 0
        ],
    )
    theory = TheoryVersion.objects.create(
        programme=programme, number=1, title="Original theory", dated=today
    )
    statement = TheoryStatement.objects.create(
        version=theory,
        if_text="the programme pays for people's time and travel",
        then_text="more people who use services take part in designing them",
        because_text="More service users at workshops\nService users chair meetings",
    )
    indicators = _bulk(
        OutcomeIndicator,
        [
            OutcomeIndicator(
                programme=programme,
                name=f"Outcome {k + 1}",
                statement=statement,
                position=k,
            )
            for k in range(3)
        ],
    )
    statuses = list(ClaimStatus.values)
    levels = list(ContributionLevel.values)
    _bulk(
        ContributionClaim,
        [
            ContributionClaim(
                project=p,
                indicator=indicator,
                status=statuses[(i + k) % len(statuses)],
                contribution=levels[(i + k) % len(levels)],
                narrative="The sessions the programme paid for made this happen.",
                recorded_by=author,
            )
            for i, p in enumerate(projects)
            for k, indicator in enumerate(indicators[:2])
        ],
    )


# --- Measuring ------------------------------------------------------------------------

FLOOR_URLCONF = "evaluation.demo.floor"

# Pages whose first screen covers the whole programme: they must cost the same at
# any size. The others show one project or round.
PROGRAMME_WIDE = (
    "commissioner_dashboard",
    "programme_page",
    "cross_case_heatmap",
    "scores_page",
    "facilitator_home",
    "evaluator_home",
)
# The API's activity list, once it exists: the first of these names that resolves.
API_ACTIVITY_URL_NAMES = ("api:activity-list", "api:activities", "api:activity_list")
API_MAX_PROJECTS = 500


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def _dashboard_url(programme) -> tuple[str | None, str]:
    for name in DASHBOARD_URL_NAMES:
        try:
            return reverse(name, args=[programme.slug]), name
        except NoReverseMatch:
            continue
    return None, ""


def _api_url() -> str | None:
    for name in API_ACTIVITY_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


FRESH_REQUESTS = 3


def programme_change(project) -> None:
    """A small recorded write to the programme (the project's stop reason), so the
    next request finds nothing remembered (``projects/memo.py``)."""
    Project.objects.filter(pk=project.pk).update(
        status_reason=f"Benchmark change {uuid.uuid4().hex[:8]}"
    )


def page_measure(client: Client, url: str, requests: int, change=None) -> dict:
    """One warm-up request, one counted request, then ``requests`` timed ones.

    Each timed request is measured twice: wall-clock time (its median) and the CPU
    time this process spent on it (``requests per CPU second`` is the inverse of the
    mean). CPU time is steadier than wall time on a shared machine; it leaves out
    the database server's own work, which the wall time includes.

    With ``change`` (a function making a recorded write), ``FRESH_REQUESTS`` more
    requests each follow a change: ``fresh_ms`` and ``fresh_cpu_ms`` are what the
    first visitor after any change pays, with nothing remembered.
    """
    client.get(url, secure=True)
    connection = connections[DEFAULT_DB_ALIAS]
    reset_queries()  # the log is capped: a full log would hide the new queries
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, secure=True)
    # Read now: the next request empties the query log the capture reads from.
    queries = len(captured.captured_queries)
    # Garbage left by the pages (and sizes) before would otherwise be collected
    # during this page's timed requests and counted against it.
    gc.collect()
    samples, cpu = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url, secure=True)
        cpu.append(time.process_time() - cpu_started)
        samples.append(time.perf_counter() - started)
    cpu_per_request = max(statistics.fmean(cpu), 1e-6)
    figures = {
        "url": url,
        "status": response.status_code,
        "queries": queries,
        "bytes": len(response.content),
        "median_ms": _median_ms(samples),
        "max_ms": round(max(samples) * 1000, 1),
        "cpu_ms": round(cpu_per_request * 1000, 2),
        "requests_per_cpu_second": round(1 / cpu_per_request, 1),
    }
    if change is not None:
        fresh, fresh_cpu = [], []
        for _ in range(FRESH_REQUESTS):
            change()
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(url, secure=True)
            fresh_cpu.append(time.process_time() - cpu_started)
            fresh.append(time.perf_counter() - started)
        figures["fresh_ms"] = _median_ms(fresh)
        figures["fresh_cpu_ms"] = round(statistics.fmean(fresh_cpu) * 1000, 2)
    return figures


def _clients(users: dict) -> dict:
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def pages_measure(built: dict, requests: int) -> dict:
    """The floor first, then each page, each signed in as the role that uses it
    (programme facilitator unless the page belongs to another role)."""
    programme, project = built["programme"], built["project"]
    clients = _clients(built["users"])

    def change():
        programme_change(project)

    facilitator = clients[AccessRole.FACILITATOR]
    pages = {"floor": page_measure(facilitator, "/" + FLOOR_PATH, requests)}
    dashboard, name = _dashboard_url(programme)
    if dashboard:
        try:
            figures = page_measure(
                clients[AccessRole.COMMISSIONER], dashboard, requests, change
            )
        except Exception as error:  # the dashboard is still being built
            figures = {"url": dashboard, "error": f"{type(error).__name__}: {error}"}
        pages["commissioner_dashboard"] = {"url_name": name, **figures}
    else:
        pages["commissioner_dashboard"] = {
            "skipped": "No dashboard URL yet (tried "
            + ", ".join(DASHBOARD_URL_NAMES)
            + ")."
        }
    scoring_round = built["round"]
    urls = {
        "programme_page": reverse("projects:programme_detail", args=[programme.slug]),
        "cross_case_heatmap": reverse("evaluation:cross_case", args=[programme.slug]),
        "scores_page": reverse("evaluation:programme_scoring", args=[programme.slug]),
        "facilitator_home": reverse("evaluation:facilitator_home"),
        "project_page": reverse("projects:project_detail", args=[project.slug]),
        "project_timeline": reverse("projects:project_timeline", args=[project.slug]),
        "logic_model_compare": reverse("logicmodels:compare", args=[project.slug]),
        "round_results": reverse(
            "evaluation:round_detail", args=[project.slug, scoring_round.number]
        ),
    }
    for key, url in urls.items():
        wide = change if key in PROGRAMME_WIDE else None
        pages[key] = page_measure(facilitator, url, requests, wide)
    pages["evaluator_home"] = page_measure(
        clients[AccessRole.EVALUATOR],
        reverse("evaluation:evaluator_home"),
        requests,
        change,
    )
    api = _api_url()
    if api is None:
        pages["api_activities"] = {
            "skipped": "No API yet (tried " + ", ".join(API_ACTIVITY_URL_NAMES) + ")."
        }
    elif Project.objects.count() > API_MAX_PROJECTS:
        pages["api_activities"] = {"skipped": f"Measured up to N={API_MAX_PROJECTS}."}
    else:
        pages["api_activities"] = page_measure(facilitator, api, requests)
    return pages


def floor_ratios(pages: dict) -> None:
    """Add each page's figures as a share of the floor's, in place:
    ``cpu_ratio`` is its requests per CPU second over the floor's (1.0 = as cheap as
    the floor, 0.5 = twice the CPU), ``time_ratio`` its median over the floor's."""
    floor = pages["floor"]
    for page in pages.values():
        if "cpu_ms" not in page:
            continue
        page["cpu_ratio"] = round(
            page["requests_per_cpu_second"] / floor["requests_per_cpu_second"], 2
        )
        page["time_ratio"] = round(page["median_ms"] / max(floor["median_ms"], 0.1), 2)


def report_measure(kind: str, runs: int, **scope) -> dict:
    """Median wall and CPU seconds of ``runs`` renders of one report, with its pages
    and queries, and the process's peak resident memory afterwards (the high-water
    mark since the process started: the programme built in it counts too)."""
    from evaluation.reports.services import report_pdf

    connection = connections[DEFAULT_DB_ALIAS]
    samples, cpu, pages, queries = [], [], 0, 0
    for run in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started, cpu_started = time.perf_counter(), time.process_time()
            result = report_pdf(kind, **scope)
            samples.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        if run == 0:
            queries = len(captured.captured_queries)
            pages = result.page_count
    return {
        "runs": runs,
        "median_s": round(statistics.median(samples), 2),
        "median_cpu_s": round(statistics.median(cpu), 2),
        "pages": pages,
        "queries": queries,
        "peak_rss_mb": peak_rss_mb(),
    }


def peak_rss_mb() -> int | None:
    """This process's peak resident memory in MB, where the platform tells it.

    On Linux from /proc (VmHWM): ``ru_maxrss`` of a process started by
    ``subprocess`` begins at its parent's peak, which exec carries over."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Kilobytes on Linux, bytes on macOS.
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024))


# The database a report child (below) reads: the parent's throwaway one.
CHILD_DATABASE_ENV = "COPRODUCE_BENCHMARK_DATABASE"


def report_in_worker(kind: str, runs: int, *, programme: Programme) -> dict:
    """``report_measure`` in a new process that has warmed up as a report worker
    does, so its peak memory is a worker's rendering this report, not the
    benchmark's (which holds the built programme and every page measured). Needs a
    database a second process can open: on SQLite's in-memory one it measures
    here, and says so."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return {**report_measure(kind, runs, programme=programme), "process": "this"}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE")
        or settings.SETTINGS_MODULE
        or "coproduce.settings",
        CHILD_DATABASE_ENV: connection.settings_dict["NAME"],
    }
    done = subprocess.run(
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "benchmark",
            "--report-child",
            f"{kind}:{programme.slug}:{runs}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode:
        raise RuntimeError(f"The report process failed: {done.stderr[-2000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "process": "worker"}


def report_child(spec: str) -> dict:
    """The child's side of ``report_in_worker``: "kind:programme-slug:runs"."""
    from evaluation.reports.pdf import pdf_warm

    kind, slug, runs = spec.split(":")
    connection = connections[DEFAULT_DB_ALIAS]
    connection.close()
    connection.settings_dict["NAME"] = os.environ[CHILD_DATABASE_ENV]
    pdf_warm()
    warm_mb = peak_rss_mb()
    programme = Programme.objects.get(slug=slug)
    return {
        **report_measure(kind, int(runs), programme=programme),
        "warm_rss_mb": warm_mb,
    }


def reports_measure(built: dict, *, case_study_runs: int = 3) -> dict:
    return {
        "case_study_pdf": report_measure(
            ReportKind.CASE_STUDY, case_study_runs, project=built["project"]
        ),
        "programme_report_pdf": report_in_worker(
            ReportKind.PROGRAMME,
            min(2, case_study_runs),
            programme=built["programme"],
        ),
    }


def history_measure(built: dict, *, saves: int = 200) -> dict:
    """What the history costs one write: the median time of saving an activity
    through the shared conditional update, with its trigger and without it, and the
    history rows the synthetic programme's build wrote."""
    from coproduce.concurrency import versioned_update

    activity = Activity.objects.filter(project=built["project"]).first()

    def median_save_ms() -> float:
        samples = []
        for n in range(saves):
            started = time.perf_counter()
            versioned_update(
                activity, seen_version=activity.edit_version, title=f"Saved {n}"
            )
            samples.append(time.perf_counter() - started)
        return round(statistics.median(samples) * 1000, 3)

    built_rows = HistoryEvent.objects.count()
    # With, without, without, with: a warm-up or drift counts on both sides.
    with history.context(command="benchmark"):
        first = median_save_ms()
        history.triggers_remove(Activity)
        try:
            without_history = (median_save_ms() + median_save_ms()) / 2
        finally:
            history.triggers_install()
        with_history = (first + median_save_ms()) / 2
    with_history, without_history = round(with_history, 3), round(without_history, 3)
    return {
        "activity_save_with_history_ms": with_history,
        "activity_save_without_history_ms": without_history,
        "extra_ms_per_write": round(with_history - without_history, 3),
        "history_rows_written_by_build": built_rows,
    }


def tables_analyse(connection) -> None:
    """Refresh the planner's statistics, as autovacuum would soon after a bulk load
    on a real server: without them the first minutes of timings depend on whether
    autovacuum has run yet."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def machine_load() -> dict:
    """How busy the machine was: the figures mean little without it."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # not on every platform
        return {"cpus": os.cpu_count()}
    return {
        "cpus": os.cpu_count(),
        "load_1_5_15": [round(one, 2), round(five, 2), round(fifteen, 2)],
    }


def benchmark_run(
    *,
    projects: int,
    requests: int,
    report_runs: int = 3,
    history_saves: int = 200,
    keep: bool = False,
) -> dict:
    """Build, measure and drop the synthetic programme; the figures as a dict.
    ``report_runs=0`` leaves the PDFs out. With ``keep`` the database (one per
    size) is kept and used again by the next run of that size."""
    with throwaway_database(keep_as=f"n{projects}" if keep else None) as name:
        connection = connections[DEFAULT_DB_ALIAS]
        started = time.perf_counter()
        existing = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
        if existing is not None:
            built = programme_built(existing)
        else:
            # One transaction when kept: a build stopped half way leaves nothing
            # to be mistaken for a whole programme next time.
            with transaction.atomic(), history.triggers_paused():
                built = programme_build(projects)
            tables_analyse(connection)
        build_seconds = round(time.perf_counter() - started, 1)
        rows = {
            "projects": Project.objects.count(),
            "activities": Activity.objects.count(),
            "logic_model_versions": LogicModelVersion.objects.count(),
            "scoring_rounds": ScoringRound.objects.count(),
            "responses": RoundResponse.objects.count(),
            "dimension_scores": DimensionScore.objects.count(),
            "quotes": Quote.objects.count(),
            "factor_observations": FactorObservation.objects.count(),
        }
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        load_before = machine_load()
        with override_settings(ALLOWED_HOSTS=hosts, ROOT_URLCONF=FLOOR_URLCONF):
            pages = pages_measure(built, requests)
        floor_ratios(pages)
        figures = {
            "projects": projects,
            "database": f"{connection.vendor} ({name.split('?')[0]})",
            "debug": settings.DEBUG,
            "machine": {"before": load_before, "after": machine_load()},
            "build_seconds": build_seconds,
            "database_kept": keep,
            "built_before": existing is not None,
            "rows": rows,
            "requests_per_page": requests,
            "pages": pages,
        }
        if report_runs:
            figures["reports"] = reports_measure(built, case_study_runs=report_runs)
        if history_saves:
            figures["history"] = history_measure(built, saves=history_saves)
        return figures


def benchmark_sizes(
    *,
    sizes: list[int],
    requests: int,
    report_runs: int,
    report_max: int,
    on_run=None,
    keep: bool = False,
) -> dict:
    """One run per size (each in its own throwaway database), and how the
    programme-wide pages grew from the smallest size to the largest.
    ``on_run(runs)`` is called after each size (a big size takes long: the command
    writes what it has so far)."""
    runs = {}
    for size in sizes:
        runs[str(size)] = benchmark_run(
            projects=size,
            requests=requests,
            report_runs=report_runs if size <= report_max else 0,
            keep=keep,
        )
        if on_run is not None:
            on_run(runs)
    smallest, largest = runs[str(min(sizes))], runs[str(max(sizes))]
    growth = {}
    for key in PROGRAMME_WIDE:
        low, high = smallest["pages"].get(key, {}), largest["pages"].get(key, {})
        if "median_ms" in low and "median_ms" in high:
            growth[key] = round(high["median_ms"] / max(low["median_ms"], 0.1), 2)
    return {"sizes": sizes, "runs": runs, "growth_smallest_to_largest": growth}


def figures_table(figures: dict) -> str:
    """The figures as a plain-text table: per page and size, queries, median ms,
    and the share of the floor's requests per CPU second."""
    sizes = [str(size) for size in figures["sizes"]]
    keys = list(next(iter(figures["runs"].values()))["pages"])
    head = ["page"] + [
        f"N={size}: queries / median ms / x floor (after a change: median ms)"
        for size in sizes
    ]
    lines = [" | ".join(head)]
    for key in keys:
        cells = [key]
        for size in sizes:
            page = figures["runs"][size]["pages"].get(key, {})
            if "cpu_ratio" in page:
                cell = f"{page['queries']} / {page['median_ms']} / {page['cpu_ratio']}"
                if "fresh_ms" in page:
                    cell += f" (after a change: {page['fresh_ms']})"
                cells.append(cell)
            else:
                cells.append("skipped")
        lines.append(" | ".join(cells))
    for size in sizes:
        run = figures["runs"][size]
        for key, report in run.get("reports", {}).items():
            lines.append(
                f"{key} at N={size}: {report['median_s']} s "
                f"({report.get('median_cpu_s')} s CPU), {report['pages']} pages, "
                f"peak {report.get('peak_rss_mb')} MB"
                + (
                    f" (in a new worker process, {report['warm_rss_mb']} MB after "
                    "its warm-up)"
                    if report.get("process") == "worker"
                    else ""
                )
            )
        lines.append(f"machine at N={size}: {run['machine']}")
    if figures["growth_smallest_to_largest"]:
        lines.append(
            "growth (largest / smallest median): "
            + ", ".join(
                f"{k} {v}x" for k, v in figures["growth_smallest_to_largest"].items()
            )
        )
    return "\n".join(lines)
