"""Writes for outcomes: theory of change versions and statements, outcome indicators
and the contribution claims of each project."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from coproduce.concurrency import versioned_update
from evaluation.evidence.services import evidence_check_belongs, unique_name_error
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


def indicator_save(
    *, programme: Programme, data: dict, indicator: OutcomeIndicator | None = None
) -> OutcomeIndicator:
    clash = OutcomeIndicator.objects.filter(programme=programme, name=data["name"])
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise unique_name_error("indicator")
    statement = data.get("statement")
    if statement is not None and statement.version.programme_id != programme.pk:
        raise ValidationError({"statement": "Choose a statement of this programme."})
    if indicator is None:
        return OutcomeIndicator.objects.create(programme=programme, **data)
    for field, value in data.items():
        setattr(indicator, field, value)
    indicator.save(update_fields=list(data))
    return indicator


CLAIM_FIELDS = ["indicator", "status", "contribution", "narrative"]


def _check_claim(project: Project, data: dict, quotes, documents) -> None:
    if data["indicator"].programme_id != project.programme_id:
        raise ValidationError({"indicator": "Choose an indicator of this programme."})
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
        project=project, recorded_by=user, **{f: data[f] for f in CLAIM_FIELDS}
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
    _check_claim(project, data, quotes, documents)
    if (
        ContributionClaim.objects.filter(project=project, indicator=data["indicator"])
        .exclude(pk=claim.pk)
        .exists()
    ):
        raise ValidationError(
            {"indicator": "This project already has a claim for that indicator."}
        )
    versioned_update(
        claim, seen_version=seen_version, **{f: data[f] for f in CLAIM_FIELDS}
    )
    claim.quotes.set(quotes)
    claim.documents.set(documents)
