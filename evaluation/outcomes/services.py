"""Writes for outcomes: theory of change versions and statements, outcome indicators
and the contribution claims of each project."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coproduce.concurrency import versioned_update
from evaluation.evidence.services import evidence_check_belongs, unique_name_error
from evaluation.factors.catalogue import OUTCOME_INDICATORS
from evaluation.models import (
    ContributionClaim,
    OutcomeIndicator,
    TheoryStatement,
    TheoryVersion,
)
from projects.models import Programme, Project

STATEMENT_FIELDS = ["position", "if_text", "then_text", "when_text", "because_text"]


@transaction.atomic
def theory_version_create(
    *, programme: Programme, data: dict, user=None, copy_statements: bool = True
) -> TheoryVersion:
    """Start a new version of the theory of change, copying the latest statements."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    latest = programme.theory_versions.order_by("-number").first()
    version = TheoryVersion.objects.create(
        programme=programme,
        number=(latest.number + 1) if latest else 1,
        title=data["title"],
        dated=data["dated"],
        note=data.get("note", ""),
        created_by=user,
    )
    if latest and copy_statements:
        TheoryStatement.objects.bulk_create(
            TheoryStatement(
                version=version, **{f: getattr(s, f) for f in STATEMENT_FIELDS}
            )
            for s in latest.statements.all()
        )
    return version


def theory_version_update(*, version: TheoryVersion, data: dict) -> None:
    for field in ("title", "dated", "note"):
        setattr(version, field, data[field])
    version.save(update_fields=["title", "dated", "note"])


def statement_save(
    *, version: TheoryVersion, data: dict, statement: TheoryStatement | None = None
) -> TheoryStatement:
    values = {f: data[f] for f in STATEMENT_FIELDS if f in data}
    if statement is None:
        if "position" not in values:
            top = version.statements.aggregate(m=Max("position"))["m"]
            values["position"] = (top or 0) + 1
        return TheoryStatement.objects.create(version=version, **values)
    for field, value in values.items():
        setattr(statement, field, value)
    statement.save(update_fields=list(values))
    return statement


def indicators_from_statement(*, statement: TheoryStatement) -> list[OutcomeIndicator]:
    """Make an outcome indicator of each BECAUSE sign that is not one already."""
    programme = statement.version.programme
    existing = set(programme.outcome_indicators.values_list("name", flat=True))
    top = programme.outcome_indicators.aggregate(m=Max("position"))["m"] or 0
    made = []
    for sign in statement.because_items():
        name = sign[:200]
        if name in existing:
            continue
        top += 1
        made.append(
            OutcomeIndicator.objects.create(
                programme=programme, name=name, statement=statement, position=top
            )
        )
        existing.add(name)
    return made


def indicator_defaults_add(*, programme: Programme) -> list[OutcomeIndicator]:
    """Give a programme its own copy of the default outcome indicators (those it
    has not got by name already), after any it has. Its facilitators and evaluators
    then reword, reorder and retire them as their theory of change says."""
    existing = set(programme.outcome_indicators.values_list("name", flat=True))
    top = programme.outcome_indicators.aggregate(m=Max("position"))["m"] or 0
    made = []
    for name, description in OUTCOME_INDICATORS:
        if name in existing:
            continue
        top += 1
        made.append(
            OutcomeIndicator.objects.create(
                programme=programme, name=name, description=description, position=top
            )
        )
    return made


@transaction.atomic
def indicator_save(
    *, programme: Programme, data: dict, indicator: OutcomeIndicator | None = None
) -> OutcomeIndicator:
    """Add or change an outcome indicator. Renaming it leaves the claims already
    made with the wording they were made against."""
    clash = OutcomeIndicator.objects.filter(programme=programme, name=data["name"])
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise unique_name_error("indicator")
    statement = data.get("statement")
    if statement is not None and statement.version.programme_id != programme.pk:
        raise ValidationError({"statement": "Choose a statement of this programme."})
    if indicator is not None and data.get("position", 0) is None:
        data = {k: v for k, v in data.items() if k != "position"}
    if indicator is None:
        if "position" not in data or data["position"] is None:
            top = programme.outcome_indicators.aggregate(m=Max("position"))["m"]
            data = {**data, "position": (top or 0) + 1}
        return OutcomeIndicator.objects.create(programme=programme, **data)
    if data.get("name", indicator.name) != indicator.name:
        indicator.claims.filter(indicator_wording="").update(
            indicator_wording=indicator.name
        )
    for field, value in data.items():
        setattr(indicator, field, value)
    indicator.save(update_fields=list(data))
    return indicator


def indicator_retire(*, indicator: OutcomeIndicator, retired: bool) -> None:
    """Retire an indicator (it is kept with its claims, and no longer offered for
    new claims) or bring it back."""
    indicator.retired_at = timezone.now() if retired else None
    indicator.save(update_fields=["retired_at"])


@transaction.atomic
def indicator_move(*, indicator: OutcomeIndicator, up: bool) -> None:
    """Move an indicator one place up or down the programme's list, numbering the
    list 1, 2, 3... as it goes."""
    Programme.objects.select_for_update().filter(pk=indicator.programme_id).first()
    order = list(OutcomeIndicator.objects.filter(programme_id=indicator.programme_id))
    at = next(i for i, item in enumerate(order) if item.pk == indicator.pk)
    to = at - 1 if up else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    changed = []
    for position, item in enumerate(order, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    OutcomeIndicator.objects.bulk_update(changed, ["position"])


CLAIM_FIELDS = ["indicator", "status", "contribution", "narrative"]


def _check_claim(project: Project, data: dict, quotes, documents, claim=None) -> None:
    indicator = data["indicator"]
    if indicator.programme_id != project.programme_id:
        raise ValidationError({"indicator": "Choose an indicator of this programme."})
    if indicator.is_retired and (claim is None or claim.indicator_id != indicator.pk):
        raise ValidationError(
            {"indicator": "That indicator is retired: choose one still in use."}
        )
    evidence_check_belongs(project, quotes, documents)


@transaction.atomic
def claim_create(
    *, project: Project, data: dict, quotes=(), documents=(), user=None
) -> ContributionClaim:
    """Record whether the project achieved an outcome and how the programme helped."""
    _check_claim(project, data, quotes, documents)
    if ContributionClaim.objects.filter(
        project=project, indicator=data["indicator"]
    ).exists():
        raise ValidationError(
            {"indicator": "This project already has a claim for that indicator."}
        )
    claim = ContributionClaim.objects.create(
        project=project,
        recorded_by=user,
        indicator_wording=data["indicator"].name,
        **{f: data[f] for f in CLAIM_FIELDS},
    )
    claim.quotes.set(quotes)
    claim.documents.set(documents)
    return claim


@transaction.atomic
def claim_update(
    *,
    claim: ContributionClaim,
    data: dict,
    quotes=(),
    documents=(),
    seen_version: int | None,
) -> None:
    """Save a claim unless someone else changed it since the form was opened."""
    project = claim.project
    _check_claim(project, data, quotes, documents, claim)
    if (
        ContributionClaim.objects.filter(project=project, indicator=data["indicator"])
        .exclude(pk=claim.pk)
        .exists()
    ):
        raise ValidationError(
            {"indicator": "This project already has a claim for that indicator."}
        )
    values = {f: data[f] for f in CLAIM_FIELDS}
    if data["indicator"].pk != claim.indicator_id or not claim.indicator_wording:
        values["indicator_wording"] = data["indicator"].name
    versioned_update(claim, seen_version=seen_version, **values)
    claim.quotes.set(quotes)
    claim.documents.set(documents)
