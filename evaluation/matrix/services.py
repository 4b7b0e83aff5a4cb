"""Writes for matrix scoring: frameworks and versions, rounds, links and answers."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.concurrency import versioned_update
from coproduce.tokens import closing_moment, link_expiry, new_token
from evaluation.matrix.frameworks import SHIPPED
from evaluation.matrix.selectors import (
    CELL_TEXTS,
    DIMENSION_TEXTS,
    LEVEL_TEXTS,
    version_spec,
)
from evaluation.models import (
    DimensionScore,
    Framework,
    FrameworkVersion,
    MatrixDescriptor,
    MatrixDimension,
    MatrixLevel,
    RoundInvitation,
    RoundResponse,
    RoundStatus,
    RoundStatusAction,
    RoundStatusChange,
    ScoringRound,
    token_hash,
)
from projects.models import Programme, Project, RoleCategory, Stakeholder

DEFAULT_LINK_DAYS = 28
# The subject of the email that sends a scoring link (evaluation/mail/), kept here
# with the other participant texts so the Welsh catalogue check sees it.
LINK_EMAIL_SUBJECT = gettext_lazy("Your link to score how co-production is going")
MAX_LINK_DAYS = 180
MAX_UNNAMED_LINKS = 50
REASON_MAX_LENGTH = 1000

__all__ = [
    "DEFAULT_LINK_DAYS",
    "framework_copy",
    "framework_version_save",
    "invitation_renew",
    "invitation_revoke",
    "invitations_create",
    "link_answer_save",
    "link_response_submit",
    "member_response_save",
    "round_close",
    "round_open",
    "round_reopen",
]


# --- Frameworks ----------------------------------------------------------------------


def _spec_check(spec: dict) -> None:
    levels = spec.get("levels") or []
    dimensions = spec.get("dimensions") or []
    if len(levels) < 2:
        raise ValidationError("A framework needs at least two levels.")
    if not dimensions:
        raise ValidationError("A framework needs at least one dimension.")
    if any(not (level.get("label") or "").strip() for level in levels):
        raise ValidationError("Every level needs a name.")
    names = [(d.get("name") or "").strip().lower() for d in dimensions]
    if any(not name for name in names):
        raise ValidationError("Every dimension needs a name.")
    if len(set(names)) != len(names):
        raise ValidationError("Two dimensions have the same name.")
    for dimension in dimensions:
        if not 0 <= int(dimension["target"]) < len(levels):
            raise ValidationError(
                f"The target for “{dimension['name']}” is not one of the levels."
            )
        if len(dimension["descriptors"]) != len(levels):
            raise ValidationError(
                f"“{dimension['name']}” needs one description for every level."
            )


def _version_fill(version: FrameworkVersion, spec: dict) -> None:
    levels = MatrixLevel.objects.bulk_create(
        MatrixLevel(
            version=version,
            position=i,
            label=level["label"].strip(),
            description=(level.get("description") or "").strip(),
            **level.get("texts", {}),
        )
        for i, level in enumerate(spec["levels"])
    )
    dimensions = MatrixDimension.objects.bulk_create(
        MatrixDimension(
            version=version,
            position=i,
            name=dimension["name"].strip(),
            description=(dimension.get("description") or "").strip(),
            target=levels[int(dimension["target"])],
            **dimension.get("texts", {}),
        )
        for i, dimension in enumerate(spec["dimensions"])
    )
    MatrixDescriptor.objects.bulk_create(
        MatrixDescriptor(dimension=dimension, level=level, text=text.strip(), **texts)
        for dimension, item in zip(dimensions, spec["dimensions"], strict=True)
        for level, text, texts in zip(
            levels,
            item["descriptors"],
            item.get("descriptor_texts") or [{}] * len(levels),
            strict=True,
        )
    )


def _texts_carried(spec: dict, previous: dict) -> dict:
    """The edited spec with the previous version's Welsh and easy-read texts kept
    wherever the English they translate did not change (matched by the English,
    so reordering keeps them; a changed English text drops its translations)."""

    def kept(old_texts: dict, same: dict) -> dict:
        return {k: v for k, v in old_texts.items() if same[k.rsplit("_", 1)[0]]}

    old_levels = {lv["label"]: lv for lv in previous["levels"]}
    for level in spec["levels"]:
        old = old_levels.get(level["label"].strip())
        if old and not level.get("texts"):
            same = {
                "label": True,
                "description": old["description"]
                == level.get("description", "").strip(),
            }
            level["texts"] = kept(old.get("texts", {}), same)
    old_dimensions = {d["name"]: d for d in previous["dimensions"]}
    for dimension in spec["dimensions"]:
        old = old_dimensions.get(dimension["name"].strip())
        if not old or dimension.get("texts"):
            continue
        same = {
            "name": True,
            "description": old["description"]
            == (dimension.get("description") or "").strip(),
        }
        dimension["texts"] = kept(old.get("texts", {}), same)
        cells = dict(
            zip(old["descriptors"], old.get("descriptor_texts", []), strict=False)
        )
        dimension["descriptor_texts"] = [
            cells.get(text.strip(), {}) for text in dimension["descriptors"]
        ]
    return spec


@transaction.atomic
def framework_copy(
    *,
    programme: Programme,
    author,
    source_key: str = "",
    source: Framework | None = None,
    name: str = "",
) -> Framework:
    """Give a programme its own copy of a shipped framework (``source_key``) or of
    another of its frameworks (``source``, latest version), as version 1."""
    if source is not None:
        if source.programme_id != programme.pk:
            raise ValidationError("That framework belongs to another programme.")
        latest = source.versions.order_by("-number").first()
        spec = version_spec(latest)
        spec["name"] = source.name
        source_key = source.source_key
    elif source_key in SHIPPED:
        spec = SHIPPED[source_key]
    else:
        raise ValidationError("Choose a framework to copy.")
    name = (name or spec["name"]).strip()
    if source is not None and name == source.name:
        name = f"{name} (copy)"
    if Framework.objects.filter(programme=programme, name=name).exists():
        raise ValidationError(
            {"name": f"This programme already has a framework called “{name}”."}
        )
    _spec_check(spec)
    framework = Framework.objects.create(
        programme=programme, name=name, source_key=source_key, copied_from=source
    )
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=1,
        description=spec.get("description", ""),
        change_note="Copied from " + (source.name if source else "the shipped version"),
        created_by=author,
    )
    _version_fill(version, spec)
    return framework


@transaction.atomic
def framework_version_save(
    *,
    framework: Framework,
    spec: dict,
    author,
    change_note: str,
    seen_edit_version: int,
) -> FrameworkVersion:
    """Save edits to a framework.

    A version that any round has used is never changed: the edits become the next
    version and old rounds keep theirs. An unused latest version is rewritten.
    Raises ``EditConflict`` if someone saved the framework since the form opened.
    """
    _spec_check(spec)
    name = spec["name"].strip()
    if (
        Framework.objects.filter(programme_id=framework.programme_id, name=name)
        .exclude(pk=framework.pk)
        .exists()
    ):
        raise ValidationError(
            {"name": f"This programme already has a framework called “{name}”."}
        )
    versioned_update(framework, seen_version=seen_edit_version, name=name)
    latest = framework.versions.order_by("-number").first()
    if latest is not None:
        spec = _texts_carried(spec, version_spec(latest))
    if latest is None or latest.rounds.exists():
        version = FrameworkVersion.objects.create(
            framework=framework,
            number=(latest.number + 1) if latest else 1,
            description=spec.get("description", ""),
            change_note=change_note,
            created_by=author,
        )
    else:
        version = latest
        MatrixDimension.objects.filter(version=version).delete()
        MatrixLevel.objects.filter(version=version).delete()
        version.description = spec.get("description", "")
        version.change_note = change_note
        version.created_by = author
        version.save(update_fields=["description", "change_note", "created_by"])
    _version_fill(version, spec)
    return version


@transaction.atomic
def framework_texts_save(
    *,
    framework: Framework,
    version: FrameworkVersion,
    texts: dict,
    seen_edit_version: int,
) -> int:
    """Save the Welsh and easy-read texts of a version's levels, dimensions and
    cells, in place; returns how many parts changed.

    ``texts`` maps ("level" | "dimension" | "cell", pk) to {field: text}. These
    texts only carry the English into another language or easier words, so they
    are kept on the version itself, even one a round has used: the English is what
    a score means. Raises ``EditConflict`` if someone saved the framework since the
    form opened.
    """
    if version.framework_id != framework.pk:
        raise ValidationError("That version belongs to another framework.")
    versioned_update(framework, seen_version=seen_edit_version)
    rows = {
        "level": ({r.pk: r for r in version.levels.all()}, LEVEL_TEXTS),
        "dimension": ({r.pk: r for r in version.dimensions.all()}, DIMENSION_TEXTS),
        "cell": (
            {
                r.pk: r
                for r in MatrixDescriptor.objects.filter(dimension__version=version)
            },
            CELL_TEXTS,
        ),
    }
    changed = 0
    for (kind, pk), values in texts.items():
        found, allowed = rows[kind]
        if pk not in found or set(values) - set(allowed):
            raise ValidationError("Those texts are not part of this framework.")
        row = found[pk]
        fields = [
            name
            for name, value in values.items()
            if getattr(row, name) != value.strip()
        ]
        for name in fields:
            setattr(row, name, values[name].strip())
        if fields:
            row.save(update_fields=fields)
            changed += 1
    return changed


# --- Rounds and links ----------------------------------------------------------------


def _expiry(days: int, scoring_round: ScoringRound) -> dt.datetime:
    """A new link's expiry: never after the round's closing day."""
    days = max(1, min(int(days), MAX_LINK_DAYS))
    return link_expiry(days=days, closes_on=scoring_round.closes_on)


@transaction.atomic
def round_closing_date_set(
    *, scoring_round: ScoringRound, closes_on: dt.date | None
) -> int:
    """Set the day after which the round's personal links stop. Links already sent
    that would run longer are cut to it. Returns how many links were shortened."""
    scoring_round = _require_open(scoring_round)
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": "Choose today or a later day. To stop now, close the round."}
        )
    scoring_round.closes_on = closes_on
    scoring_round.save(update_fields=["closes_on"])
    if closes_on is None:
        return 0
    closes = closing_moment(closes_on)
    return scoring_round.invitations.filter(expires_at__gt=closes).update(
        expires_at=closes
    )


def _require_open(scoring_round: ScoringRound) -> ScoringRound:
    """The round re-read under a lock; refuses changes once it is closed."""
    fresh = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if fresh.status != RoundStatus.OPEN:
        raise ValidationError(_("This round has closed; its answers are frozen."))
    return fresh


@transaction.atomic
def round_open(
    *,
    project: Project,
    version: FrameworkVersion,
    held_on: dt.date,
    stage: str,
    author,
    message: str = "",
    stakeholders: Iterable[Stakeholder] = (),
    link_days: int = DEFAULT_LINK_DAYS,
    closes_on: dt.date | None = None,
) -> tuple[ScoringRound, list[tuple[RoundInvitation, str]]]:
    """Open the project's next scoring round and make a link for each invitee.

    Returns the round and (invitation, token) pairs: the tokens exist only here.
    """
    if version.framework.programme_id != project.programme_id:
        raise ValidationError("That framework belongs to another programme.")
    newest = (
        FrameworkVersion.objects.filter(framework_id=version.framework_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    if version.number != newest:
        raise ValidationError(
            {"version": "Use the newest version of the framework for a new round."}
        )
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": "Choose today or a later day for links to stop."}
        )
    Project.objects.select_for_update().filter(pk=project.pk).first()
    last = project.scoring_rounds.aggregate(n=Max("number"))["n"] or 0
    scoring_round = ScoringRound.objects.create(
        project=project,
        number=last + 1,
        version=version,
        held_on=held_on,
        stage=stage,
        message=message,
        closes_on=closes_on,
        opened_by=author,
    )
    links = invitations_create(
        scoring_round=scoring_round,
        stakeholders=stakeholders,
        days=link_days,
        by=author,
    )
    return scoring_round, links


@transaction.atomic
def invitations_create(
    *,
    scoring_round: ScoringRound,
    stakeholders: Iterable[Stakeholder] = (),
    role_category: str = "",
    count: int = 0,
    label: str = "",
    days: int = DEFAULT_LINK_DAYS,
    by=None,
) -> list[tuple[RoundInvitation, str]]:
    """Personal links for project people and/or ``count`` unnamed links for a role.

    People who already have a link in this round are skipped (renew theirs instead).
    ``by`` (who makes the links) is kept: only they see whether each was answered.
    """
    scoring_round = _require_open(scoring_round)
    if count and role_category not in RoleCategory.values:
        raise ValidationError({"role_category": "Choose the role of these people."})
    if not 0 <= count <= MAX_UNNAMED_LINKS:
        raise ValidationError(
            {"count": f"Make at most {MAX_UNNAMED_LINKS} links at a time."}
        )
    already = set(
        scoring_round.invitations.filter(
            stakeholder__isnull=False, revoked_at__isnull=True
        ).values_list("stakeholder_id", flat=True)
    )
    expires_at = _expiry(days, scoring_round)
    pairs = []
    for person in stakeholders:
        if person.pk in already or person.is_erased:  # erased people get no links
            continue
        if person.programme_id != scoring_round.project.programme_id:
            raise ValidationError("That person belongs to another programme.")
        pairs.append(
            (
                RoundInvitation(
                    round=scoring_round,
                    stakeholder=person,
                    label=person.display_name,
                    role_category=person.role_category,
                    expires_at=expires_at,
                    sent_by=by,
                ),
                new_token(),
            )
        )
    if count:
        base = (label or RoleCategory(role_category).label).strip()[:110]
        taken = scoring_round.invitations.filter(label__startswith=base).count()
        for i in range(count):
            pairs.append(
                (
                    RoundInvitation(
                        round=scoring_round,
                        label=f"{base} {taken + i + 1}",
                        role_category=role_category,
                        expires_at=expires_at,
                        sent_by=by,
                    ),
                    new_token(),
                )
            )
    for invitation, token in pairs:
        invitation.token_hash = token_hash(token)
        invitation.save()
    return pairs


def invitation_revoke(*, invitation: RoundInvitation) -> None:
    """Withdraw a link at once. Answers already given through it are kept."""
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_renew(
    *, invitation: RoundInvitation, days: int = DEFAULT_LINK_DAYS, by=None
) -> str:
    """A fresh link for the same person; the old one stops working. Answers given
    through the old link stay with the person and can be changed with the new one.
    ``by`` becomes the link's sender."""
    scoring_round = _require_open(invitation.round)
    if invitation.stakeholder_id and invitation.stakeholder.is_erased:
        raise ValidationError(
            "This person's details were erased, so they cannot be sent links."
        )
    token = new_token()
    invitation.token_hash = token_hash(token)
    invitation.expires_at = _expiry(days, scoring_round)
    invitation.revoked_at = None
    invitation.sent_by = by
    invitation.save(update_fields=["token_hash", "expires_at", "revoked_at", "sent_by"])
    return token


def _reason_check(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(
            {"reason": "Say why, so people reading the results later know."}
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": f"Keep the reason to {REASON_MAX_LENGTH} characters or fewer."}
        )
    return reason


def _round_status_change(
    scoring_round: ScoringRound, *, action: str, user, reason: str, refusal: str
) -> RoundStatusChange:
    """Close or reopen with an update conditional on the current status, so of two
    people doing it at once only one succeeds (the other gets ``refusal``), and
    record who did it, when and why."""
    now = timezone.now()
    if action == RoundStatusAction.CLOSED:
        was = RoundStatus.OPEN
        fields = {"status": RoundStatus.CLOSED, "closed_at": now, "closed_by": user}
    else:
        was = RoundStatus.CLOSED
        fields = {
            "status": RoundStatus.OPEN,
            "closed_at": None,
            "closed_by": None,
            "reopened_at": now,
        }
    if not ScoringRound.objects.filter(pk=scoring_round.pk, status=was).update(
        **fields
    ):
        raise ValidationError(refusal)
    scoring_round.refresh_from_db(fields=list(fields))
    return RoundStatusChange.objects.create(
        round=scoring_round, action=action, reason=reason, changed_by=user, at=now
    )


@transaction.atomic
def round_close(
    *, scoring_round: ScoringRound, user, reason: str = ""
) -> RoundStatusChange:
    """Freeze the round: no more answers, no more changes, links stop working."""
    return _round_status_change(
        scoring_round,
        action=RoundStatusAction.CLOSED,
        user=user,
        reason=_reason_check(reason, required=False),
        refusal="This round is already closed.",
    )


@transaction.atomic
def round_reopen(
    *, scoring_round: ScoringRound, user, reason: str
) -> RoundStatusChange:
    """Let answers in again after a close, for example for people who missed it.

    Links that have not expired or been withdrawn work again (expired ones can be
    renewed); answers already sent are kept as they were. A reason is required and
    kept with who reopened the round and when.
    """
    return _round_status_change(
        scoring_round,
        action=RoundStatusAction.REOPENED,
        user=user,
        reason=_reason_check(reason, required=True),
        refusal=(
            "This round is open already; someone may have reopened it a moment ago."
        ),
    )


# --- Answers -------------------------------------------------------------------------


def _check_answer(scoring_round, dimension, level) -> None:
    if dimension.version_id != scoring_round.version_id:
        raise ValidationError(_("That question is not part of this round."))
    if level is not None and level.version_id != scoring_round.version_id:
        raise ValidationError({"level": _("Choose one of the answers shown.")})


@transaction.atomic
def link_answer_save(
    *,
    invitation: RoundInvitation,
    dimension: MatrixDimension,
    level: MatrixLevel | None,
    comment: str = "",
) -> RoundResponse:
    """Save one answer given through a personal link (``level`` None: don't know).

    The link has one response; answering again changes it while the round is open.
    """
    scoring_round = _require_open(invitation.round)
    _check_answer(scoring_round, dimension, level)
    response, _ = RoundResponse.objects.get_or_create(
        invitation=invitation,
        defaults={
            "round": scoring_round,
            "stakeholder": invitation.stakeholder,
            "role_category": invitation.role_category,
        },
    )
    DimensionScore.objects.update_or_create(
        response=response,
        dimension=dimension,
        defaults={"level": level, "comment": comment.strip()},
    )
    response.save(update_fields=["updated_at"])
    return response


@transaction.atomic
def link_response_submit(*, invitation: RoundInvitation) -> RoundResponse:
    """Send the answers: they count in the results from now on."""
    scoring_round = _require_open(invitation.round)
    response = RoundResponse.objects.filter(invitation=invitation).first()
    answered = response.scores.count() if response else 0
    needed = scoring_round.version.dimensions.count()
    if answered < needed:
        raise ValidationError(
            _("Please answer every question first. “I don't know” is a fine answer.")
        )
    if response.submitted_at is None:
        response.submitted_at = timezone.now()
        response.save(update_fields=["submitted_at", "updated_at"])
    return response


@transaction.atomic
def member_response_save(
    *,
    scoring_round: ScoringRound,
    user,
    role_category: str,
    answers: dict[int, tuple[MatrixLevel | None, str]],
) -> RoundResponse:
    """A signed-in member's answers for every dimension (one response each, which
    they can change while the round is open)."""
    scoring_round = _require_open(scoring_round)
    if role_category not in RoleCategory.values:
        raise ValidationError({"role_category": "Choose your role."})
    dimensions = {d.pk: d for d in scoring_round.version.dimensions.all()}
    if set(answers) != set(dimensions):
        raise ValidationError("Please answer every question.")
    response, created = RoundResponse.objects.get_or_create(
        round=scoring_round,
        user=user,
        defaults={"role_category": role_category, "submitted_at": timezone.now()},
    )
    if not created:
        response.role_category = role_category
        response.save(update_fields=["role_category", "updated_at"])
    for dimension_id, (level, comment) in answers.items():
        _check_answer(scoring_round, dimensions[dimension_id], level)
        DimensionScore.objects.update_or_create(
            response=response,
            dimension_id=dimension_id,
            defaults={"level": level, "comment": (comment or "").strip()},
        )
    return response
