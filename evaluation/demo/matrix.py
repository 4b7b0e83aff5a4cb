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

from evaluation.demo import demo_data, demo_date
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.matrix import services
from evaluation.matrix.selectors import side_of
from evaluation.models import (
    DimensionScore,
    Framework,
    FrameworkVersion,
    RoundInvitation,
    RoundResponse,
    RoundStatus,
    RoundStatusAction,
    RoundStatusChange,
    ScoringRound,
)
from projects.models import DiamondStage, Programme, Project, RoleCategory

MATRIX = "coproduction-matrix"
PRINCIPLES = "six-principles"
R = RoleCategory
S = DiamondStage

DATA = demo_data("matrix")
LIVED_COMMENTS = DATA["lived_comments"]
PROFESSIONAL_COMMENTS = DATA["professional_comments"]


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

    change = DATA["version_2"]
    spec = version_spec(_version(framework, 1))
    spec["description"] = change["description"]
    for dimension in spec["dimensions"]:
        if dimension["name"] in change["targets"]:
            dimension["target"] = change["targets"][dimension["name"]]
        if dimension["name"] in change["descriptions"]:
            dimension["description"] = change["descriptions"][dimension["name"]]
    services.framework_version_save(
        framework=framework,
        spec=spec,
        author=author,
        change_note=DATA["v2_note"],
        seen_edit_version=framework.edit_version,
    )


def _answer(rng, base: float, offset: float, top: int) -> int | None:
    if rng.random() < 0.07:
        return None
    value = round(base + offset + rng.choice([-1, -0.5, 0, 0, 0.5, 1]))
    return max(1, min(top, value))


def _respond(scoring_round, who, role, rng, levels, dimensions, profile, day):
    """Answers for one person, shaped by which side they are on, dated back to the
    round's weeks. ``who`` is a personal link (an invitation) or a signed-in member
    (a user)."""
    prof, lived = profile
    side = side_of(role)
    base = lived if side == "lived_experience" else prof
    if side is None:
        base = (prof + lived) / 2
    submitted_at = _aware(day, rng.randint(0, 10))
    bank = LIVED_COMMENTS if side == "lived_experience" else PROFESSIONAL_COMMENTS
    answers = {}
    for i, dimension in enumerate(dimensions):
        # Sharing power is the hardest row everywhere; early rows come a bit easier.
        offset = -1.0 if "power" in dimension.name.lower() else (0.4 if i < 2 else 0)
        number = _answer(rng, base, offset, len(levels))
        comment = rng.choice(bank) if rng.random() < 0.06 else ""
        answers[dimension.pk] = (levels[number - 1] if number else None, comment)
    if isinstance(who, RoundInvitation):
        return _link_response(scoring_round, who, role, answers, submitted_at)
    response = services.member_response_save(
        scoring_round=scoring_round, user=who, role_category=role, answers=answers
    )
    # Demo history: the service stamps the answers with the current time.
    RoundResponse.objects.filter(pk=response.pk).update(submitted_at=submitted_at)
    return response


def _link_response(scoring_round, invitation, role, answers, submitted_at):
    """Written directly, in two inserts: the link pages save one answer per request
    (link_answer_save locks the round each time), which for the demo's 1,500 answers
    made loading the demo three times slower."""
    response = RoundResponse.objects.create(
        round=scoring_round,
        invitation=invitation,
        stakeholder=invitation.stakeholder,
        role_category=role,
        submitted_at=submitted_at,
    )
    DimensionScore.objects.bulk_create(
        DimensionScore(response=response, dimension_id=pk, level=level, comment=comment)
        for pk, (level, comment) in answers.items()
    )
    return response


def _backdate_status(scoring_round, action, at, **round_fields) -> None:
    """Demo history: the round services stamp closes and reopenings with now."""
    last = scoring_round.status_changes.filter(action=action).order_by("-pk").first()
    RoundStatusChange.objects.filter(pk=last.pk).update(at=at)
    ScoringRound.objects.filter(pk=scoring_round.pk).update(**round_fields)


def _round(
    project, number, day, stage, version, profile, groups, author, *, close, message=""
):
    if ScoringRound.objects.filter(project=project, number=number).exists():
        return None
    scoring_round, _ = services.round_open(
        project=project,
        version=version,
        held_on=day,
        stage=stage,
        author=author,
        message=message,
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
            by=author,
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
            _respond(scoring_round, user, role, rng, levels, dimensions, profile, day)
    if close:
        services.round_close(scoring_round=scoring_round, user=author)
        closed_at = _aware(day, 21)
        _backdate_status(
            scoring_round, RoundStatusAction.CLOSED, closed_at, closed_at=closed_at
        )
    return scoring_round


def _reopen_for_late_answers(author) -> None:
    """A closed round reopened for people who missed it, then closed again: made
    through the services, then dated back to when it happened in the story."""
    spec = DATA["reopened_round"]
    slug, number = spec["project"], spec["number"]
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
    services.round_reopen(
        scoring_round=scoring_round, user=author, reason=DATA["reopen_note"]
    )
    pairs = services.invitations_create(
        scoring_round=scoring_round,
        role_category=spec["role"],
        count=spec["count"],
        label=spec["label"],
        days=45,
        by=author,
    )
    rng = random.Random(f"{slug}-{number}-late")
    version = scoring_round.version
    levels = list(version.levels.order_by("position"))
    dimensions = list(version.dimensions.order_by("position"))
    for invitation, _token in pairs:
        _respond(
            scoring_round,
            invitation,
            spec["role"],
            rng,
            levels,
            dimensions,
            tuple(spec["profile"]),
            day + dt.timedelta(days=26),
        )
    services.round_close(
        scoring_round=scoring_round, user=author, reason=DATA["reclose_note"]
    )
    reopened_at, closed_at = _aware(day, 25), _aware(day, 38)
    _backdate_status(scoring_round, RoundStatusAction.REOPENED, reopened_at)
    _backdate_status(
        scoring_round,
        RoundStatusAction.CLOSED,
        closed_at,
        reopened_at=reopened_at,
        closed_at=closed_at,
    )


def _open_round(frameworks, author):
    spec = DATA["open_round"]
    slug, number, stage, key = (
        spec["project"],
        spec["number"],
        spec["stage"],
        spec["framework"],
    )
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
            tuple(spec["profile"]),
            spec["groups"],
            author,
            close=False,
            message=spec["message"],
        )
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
        for spec in DATA["rounds"]:
            slug = spec["project"]
            if spec["version"] != pass_version or slug not in projects:
                continue
            _round(
                projects[slug],
                spec["number"],
                demo_date(spec["date"]),
                spec["stage"],
                _version(frameworks[spec["framework"]], spec["version"]),
                (spec["professionals"], spec["lived_experience"]),
                DATA["groups"][spec["groups"]],
                author,
                close=True,
            )
    _reopen_for_late_answers(author)
    scoring_round = _open_round(frameworks, author)
    # Fresh links for people who have not answered yet (old links stop working).
    waiting = scoring_round.invitations.filter(response__isnull=True).order_by("pk")[:3]
    # `make run` passes its HOST and PORT; the links printed must be the ones served.
    base = os.environ.get("COPRODUCE_DEMO_BASE_URL") or (
        f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    )
    urls = []
    for invitation in waiting:
        token = services.invitation_renew(invitation=invitation, days=28, by=author)
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
