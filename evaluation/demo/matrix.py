"""Demo matrix scoring: both frameworks, rounds with several groups, a round that
was reopened for late answers, and an open round.

Idempotent: frameworks are matched by programme and source, rounds by project and
number. Each run makes fresh links for a few people in the open round and prints
them, because only hashes of links are stored.
"""

import datetime as dt
import os
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from evaluation.matrix import services
from evaluation.matrix.selectors import side_of
from evaluation.models import (
    DimensionScore,
    Framework,
    FrameworkVersion,
    RoundResponse,
    RoundStatus,
    RoundStatusAction,
    RoundStatusChange,
    ScoringRound,
)
from projects.models import DiamondStage, Programme, Project, RoleCategory

PROGRAMME_SLUG = "co-create-south-yorkshire"
MATRIX = "coproduction-matrix"
PRINCIPLES = "six-principles"
R = RoleCategory
S = DiamondStage

# Who is invited and who answers, per role: (invited, answered).
ADULT_SERVICES = {
    R.COMMISSIONER: (4, 3),
    R.CLINICIAN: (3, 2),
    R.HEALTH_PROVIDER: (2, 1),
    R.PATIENT_REP: (5, 3),
    R.SERVICE_USER: (4, 2),
}
YOUNG_PEOPLE = {
    R.COMMISSIONER: (3, 3),
    R.PROVIDER: (3, 2),
    R.YOUNG_PERSON: (8, 5),
}
COMMUNITY = {
    R.COMMISSIONER: (3, 3),
    R.PROVIDER: (2, 1),
    R.PATIENT_REP: (4, 3),
    R.VOLUNTARY: (2, 2),
}

# (project slug, number, date, stage, framework, version, professionals' level,
#  lived-experience level, groups). Levels are on the framework's 1-N scale.
ROUNDS = [
    (
        "autism-services",
        1,
        "2017-01-20",
        S.DISCOVER,
        MATRIX,
        1,
        3.6,
        2.0,
        ADULT_SERVICES,
    ),
    ("autism-services", 2, "2017-06-15", S.DEFINE, MATRIX, 1, 4.0, 3.0, ADULT_SERVICES),
    (
        "autism-services",
        3,
        "2017-11-10",
        S.DEVELOP,
        MATRIX,
        2,
        4.5,
        4.1,
        ADULT_SERVICES,
    ),
    (
        "multiple-complex-needs",
        1,
        "2016-09-12",
        S.DISCOVER,
        MATRIX,
        1,
        3.0,
        2.4,
        ADULT_SERVICES,
    ),
    (
        "multiple-complex-needs",
        2,
        "2017-03-08",
        S.DEFINE,
        MATRIX,
        1,
        4.0,
        3.6,
        ADULT_SERVICES,
    ),
    ("gypsy-traveller", 1, "2017-02-02", S.DISCOVER, MATRIX, 1, 3.5, 1.6, COMMUNITY),
    ("gypsy-traveller", 2, "2017-09-21", S.DEFINE, MATRIX, 2, 3.6, 2.6, COMMUNITY),
    ("transition", 1, "2016-11-14", S.DISCOVER, PRINCIPLES, 1, 2.0, 1.2, YOUNG_PEOPLE),
    ("transition", 2, "2017-05-22", S.DEVELOP, PRINCIPLES, 1, 2.4, 2.0, YOUNG_PEOPLE),
    (
        "core-partnership",
        1,
        "2016-07-04",
        S.DISCOVER,
        PRINCIPLES,
        1,
        1.8,
        1.6,
        COMMUNITY,
    ),
    (
        "core-partnership",
        2,
        "2017-01-30",
        S.DEVELOP,
        PRINCIPLES,
        1,
        2.4,
        2.3,
        COMMUNITY,
    ),
    (
        "young-peoples-housing",
        1,
        "2017-04-03",
        S.DISCOVER,
        MATRIX,
        2,
        3.2,
        2.2,
        YOUNG_PEOPLE,
    ),
]
OPEN_ROUND = ("young-peoples-housing", 2, S.DEFINE, MATRIX)
REOPENED_ROUND = ("gypsy-traveller", 2)
REOPEN_NOTE = (
    "Several families on one of the sites were away travelling when we held the "
    "round. The community worker has set up a visit for next week, so we are "
    "reopening to take their scores as well."
)
RECLOSE_NOTE = "The families from the site visit have sent their scores."

V2_NOTE = (
    "Plainer wording for young people, and the target for stepping outside "
    "organisational boundaries set to co-design: partners agreed that pooling "
    "budgets is out of reach within this programme."
)

LIVED_COMMENTS = [
    "We were asked what we thought after the plan had already been written.",
    "Meetings are in the daytime when I'm at college, so I miss most of them.",
    "They changed the leaflet because of what we said at the workshop.",
    "Still a lot of jargon. I had to ask what half the words meant.",
    "Having my bus fare paid made the difference to whether I could come.",
    "I'm not sure who makes the final decision.",
]
PROFESSIONAL_COMMENTS = [
    "We set aside time for getting to know each other this round.",
    "The budget still sits with us; we have not found a way to share it yet.",
    "People with lived experience co-chaired the last two meetings.",
    "Our procurement rules make it hard to work outside the usual process.",
    "The facilitator helped us hear views we would otherwise have missed.",
]


def _aware(day: dt.date, days_later: int = 0) -> dt.datetime:
    moment = dt.datetime.combine(day + dt.timedelta(days=days_later), dt.time(12))
    return timezone.make_aware(moment)


def _frameworks(programme, author) -> dict[str, Framework]:
    out = {}
    for key in (MATRIX, PRINCIPLES):
        framework = Framework.objects.filter(
            programme=programme, source_key=key
        ).first()
        if framework is None:
            framework = services.framework_copy(
                programme=programme, author=author, source_key=key
            )
        out[key] = framework
    return out


def _version(framework: Framework, number: int) -> FrameworkVersion:
    return framework.versions.get(number=number)


def _make_version_2(framework: Framework, author) -> None:
    """Edit the matrix after its first rounds: the edit becomes version 2."""
    if framework.versions.filter(number=2).exists():
        return
    from evaluation.matrix.selectors import version_spec

    spec = version_spec(_version(framework, 1))
    spec["description"] = (
        "The conditions our theory of change says people need before they can work "
        "together in new ways, each scored on the ladder from 'doing to' people up "
        "to co-production. Targets are co-production, except co-design for stepping "
        "outside organisational boundaries."
    )
    for dimension in spec["dimensions"]:
        if dimension["name"] == "Stepping outside organisational boundaries":
            dimension["target"] = 4
        if dimension["name"] == "Shared ways of working":
            dimension["description"] = (
                "Everyone explains their habits, words and unwritten rules, so no "
                "one is left out."
            )
    services.framework_version_save(
        framework=framework,
        spec=spec,
        author=author,
        change_note=V2_NOTE,
        seen_edit_version=framework.edit_version,
    )


def _answer(rng, base: float, offset: float, top: int) -> int | None:
    if rng.random() < 0.07:
        return None
    value = round(base + offset + rng.choice([-1, -0.5, 0, 0, 0.5, 1]))
    return max(1, min(top, value))


def _respond(scoring_round, invitation, role, rng, levels, dimensions, profile, day):
    """Answers for one person, shaped by which side they are on."""
    prof, lived = profile
    side = side_of(role)
    base = lived if side == "lived_experience" else prof
    if side is None:
        base = (prof + lived) / 2
    response = RoundResponse.objects.create(
        round=scoring_round,
        invitation=invitation,
        stakeholder=invitation.stakeholder if invitation else None,
        user=None,
        role_category=role,
        submitted_at=_aware(day, rng.randint(0, 10)),
    )
    bank = LIVED_COMMENTS if side == "lived_experience" else PROFESSIONAL_COMMENTS
    scores = []
    for i, dimension in enumerate(dimensions):
        # Sharing power is the hardest row everywhere; early rows come a bit easier.
        offset = -1.0 if "power" in dimension.name.lower() else (0.4 if i < 2 else 0)
        number = _answer(rng, base, offset, len(levels))
        comment = rng.choice(bank) if rng.random() < 0.06 else ""
        scores.append(
            DimensionScore(
                response=response,
                dimension=dimension,
                level=levels[number - 1] if number else None,
                comment=comment,
            )
        )
    DimensionScore.objects.bulk_create(scores)
    return response


def _round(project, number, day, stage, version, profile, groups, author, *, close):
    if ScoringRound.objects.filter(project=project, number=number).exists():
        return None
    scoring_round, _ = services.round_open(
        project=project, version=version, held_on=day, stage=stage, author=author
    )
    rng = random.Random(f"{project.slug}-{number}")
    levels = list(version.levels.order_by("position"))
    dimensions = list(version.dimensions.order_by("position"))
    people = {
        role: list(project.stakeholders.filter(role_category=role)) for role in groups
    }
    for role, (invited, answered) in groups.items():
        named = people[role][:invited]
        pairs = services.invitations_create(
            scoring_round=scoring_round,
            stakeholders=named,
            role_category=role,
            count=invited - len(named),
            days=45,
        )
        for invitation, _token in pairs[:answered]:
            _respond(
                scoring_round, invitation, role, rng, levels, dimensions, profile, day
            )
    # The facilitator and evaluator score as signed-in members.
    User = get_user_model()
    for username, role in (("fran", R.FACILITATOR), ("eve", R.EVALUATOR)):
        user = User.objects.filter(username=username).first()
        if user:
            response = _respond(
                scoring_round, None, role, rng, levels, dimensions, profile, day
            )
            response.user = user
            response.save(update_fields=["user"])
    if close:
        closed_at = _aware(day, 21)
        ScoringRound.objects.filter(pk=scoring_round.pk).update(
            status=RoundStatus.CLOSED, closed_at=closed_at, closed_by=author
        )
        RoundStatusChange.objects.create(
            round=scoring_round,
            action=RoundStatusAction.CLOSED,
            changed_by=author,
            at=closed_at,
        )
    return scoring_round


def _reopen_for_late_answers(author) -> None:
    """A closed round reopened for people who missed it, then closed again: made
    through the services, then dated back to when it happened in the story."""
    slug, number = REOPENED_ROUND
    scoring_round = ScoringRound.objects.filter(
        project__slug=slug, number=number, status=RoundStatus.CLOSED
    ).first()
    if (
        scoring_round is None
        or scoring_round.status_changes.filter(
            action=RoundStatusAction.REOPENED
        ).exists()
    ):
        return
    day = scoring_round.held_on
    services.round_reopen(scoring_round=scoring_round, user=author, reason=REOPEN_NOTE)
    pairs = services.invitations_create(
        scoring_round=scoring_round,
        role_category=R.SERVICE_USER,
        count=3,
        label="Family met on the site visit",
        days=45,
    )
    rng = random.Random(f"{slug}-{number}-late")
    version = scoring_round.version
    levels = list(version.levels.order_by("position"))
    dimensions = list(version.dimensions.order_by("position"))
    for invitation, _token in pairs:
        _respond(
            scoring_round,
            invitation,
            R.SERVICE_USER,
            rng,
            levels,
            dimensions,
            (3.6, 2.2),
            day + dt.timedelta(days=26),
        )
    services.round_close(scoring_round=scoring_round, user=author, reason=RECLOSE_NOTE)
    reopened_at, closed_at = _aware(day, 25), _aware(day, 38)
    scoring_round.status_changes.filter(action=RoundStatusAction.REOPENED).update(
        at=reopened_at
    )
    scoring_round.status_changes.filter(
        action=RoundStatusAction.CLOSED, reason=RECLOSE_NOTE
    ).update(at=closed_at)
    ScoringRound.objects.filter(pk=scoring_round.pk).update(
        reopened_at=reopened_at, closed_at=closed_at
    )


def _open_round(frameworks, author):
    slug, number, stage, key = OPEN_ROUND
    project = Project.objects.get(slug=slug)
    version = frameworks[key].versions.order_by("-number").first()
    scoring_round = ScoringRound.objects.filter(project=project, number=number).first()
    if scoring_round is None:
        scoring_round = _round(
            project,
            number,
            timezone.localdate(),
            stage,
            version,
            (3.8, 3.2),
            {R.COMMISSIONER: (3, 3), R.PROVIDER: (3, 3), R.YOUNG_PERSON: (6, 3)},
            author,
            close=False,
        )
        scoring_round.message = (
            "Thank you for helping with the young people's housing project. We want "
            "to know how well we are working together so far."
        )
        scoring_round.save(update_fields=["message"])
    return scoring_round


@transaction.atomic
def _load() -> list[str]:
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return []
    author = get_user_model().objects.filter(username="fran").first()
    frameworks = _frameworks(programme, author)
    projects = {p.slug: p for p in Project.objects.filter(programme=programme)}
    for pass_version in (1, 2):
        if pass_version == 2:
            _make_version_2(frameworks[MATRIX], author)
        for slug, number, day, stage, key, version_no, prof, lived, groups in ROUNDS:
            if version_no != pass_version or slug not in projects:
                continue
            _round(
                projects[slug],
                number,
                dt.date.fromisoformat(day),
                stage,
                _version(frameworks[key], version_no),
                (prof, lived),
                groups,
                author,
                close=True,
            )
    _reopen_for_late_answers(author)
    scoring_round = _open_round(frameworks, author)
    # Fresh links for people who have not answered yet (old links stop working).
    waiting = scoring_round.invitations.filter(response__isnull=True).order_by("pk")[:3]
    base = os.environ.get("COPRODUCE_DEMO_BASE_URL", "http://127.0.0.1:8000")
    urls = []
    for invitation in waiting:
        token = services.invitation_renew(invitation=invitation, days=28)
        path = reverse("evaluation:score_start", args=[token])
        urls.append(f"{invitation.label}: {base}{path}")
    return urls


def demo_load() -> list[str]:
    """Load the scoring demo and print a few live participant links to try."""
    urls = _load()
    if urls:
        print("Matrix scoring: personal links to try without signing in")
        for line in urls:
            print(f"  {line}")
    return urls
