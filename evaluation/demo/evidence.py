"""Demo evaluation evidence for the demo programme: factor catalogue and observations,
a theory of change in two versions, outcome indicators and contribution claims, quotes
from every role with redactions and consent, themes, three evaluation stages ending in
a finished member-checking round, consent records and two small documents.

Idempotent: rows are matched on natural keys, so ``manage.py demo`` can run again.
All text is written for the demo and kept in ``data/evidence.toml``; rows are made
through the evidence, factor and outcome services, as an evaluator would.
"""

import base64
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from evaluation.demo import demo_data, demo_date
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.evidence import services
from evaluation.factors import catalogue
from evaluation.factors import services as factor_services
from evaluation.models import (
    ConsentRecord,
    ContributionClaim,
    Document,
    EvaluationStage,
    EvaluationStageKind,
    Factor,
    FactorObservation,
    Invitation,
    Quote,
    QuoteSource,
    Theme,
    ThemeReview,
    TheoryVersion,
)
from evaluation.outcomes import services as outcome_services
from projects.models import Programme, Project, Stakeholder

DATA = demo_data("evidence")
THEORY = {"original": catalogue.ORIGINAL_THEORY, "revised": catalogue.REVISED_THEORY}
# A 1x1 transparent PNG: the demo's "photo of a workshop wall".
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
CONTENTS = {"notes_text": DATA["notes_text"].encode(), "tiny_png": TINY_PNG}


def _seed_catalogue(programme) -> dict[str, Factor]:
    factor_services.factor_catalogue_seed(programme=programme)
    return {
        f.name: f
        for f in Factor.objects.filter(group__programme=programme).select_related(
            "group"
        )
    }


def _link_entries(programme, factors) -> None:
    """The evaluator links the stage tables' + / − entries to catalogue factors."""
    for text, link in DATA["entry_factors"].items():
        entries = FactorObservation.objects.filter(
            project__programme=programme, text=text, factor__isnull=True
        ).select_related("project")
        for entry in entries:
            factor_services.observation_update(
                observation=entry,
                data={"factor": factors[link["factor"]], "strength": link["strength"]},
                quotes=list(entry.quotes.all()),
                documents=list(entry.documents.all()),
                seen_version=entry.edit_version,
            )


def _own_observations(factors, projects, eve) -> None:
    for spec in DATA["own_observations"]:
        project = projects.get(spec["project"])
        if (
            project is None
            or FactorObservation.objects.filter(
                project=project,
                stage=spec["stage"],
                effect=spec["effect"],
                text=spec["text"],
            ).exists()
        ):
            continue
        factor_services.observation_create(
            project=project,
            data={
                "stage": spec["stage"],
                "effect": spec["effect"],
                "text": spec["text"],
                "factor": factors[spec["factor"]],
                "strength": spec["strength"],
                "note": spec["note"],
            },
            user=eve,
        )


def _theory(programme, eve) -> None:
    for spec in DATA["theory_versions"]:
        version = TheoryVersion.objects.filter(
            programme=programme, number=spec["number"]
        ).first()
        if version is None:
            version = outcome_services.theory_version_create(
                programme=programme,
                data={
                    "title": spec["title"],
                    "dated": demo_date(spec["dated"]),
                    "note": spec["note"],
                },
                user=eve,
                copy_statements=False,
            )
        if version.statements.exists():
            continue
        statements = THEORY[spec["statements"]]
        for position, (if_text, then_text, when, because) in enumerate(
            statements, start=1
        ):
            outcome_services.statement_save(
                version=version,
                data={
                    "position": position,
                    "if_text": if_text,
                    "then_text": then_text,
                    "when_text": "\n".join(when),
                    "because_text": "\n".join(because),
                },
            )
    # Each outcome indicator comes from a BECAUSE sign of the revised theory.
    revised = list(version.statements.all())  # the last version: the revised one
    # The programme got its own copy of the default indicators when it was made;
    # link each to the statement it comes from.
    have = {i.name: i for i in programme.outcome_indicators.all()}
    for position, (name, description) in enumerate(catalogue.OUTCOME_INDICATORS):
        indicator = have.get(name)
        if indicator is not None and indicator.statement_id:
            continue
        outcome_services.indicator_save(
            programme=programme,
            indicator=indicator,
            data={
                "name": name,
                "description": description,
                "position": indicator.position if indicator else position + 1,
                "statement": next(
                    (st for st in revised if name in st.because_items()), None
                ),
            },
        )


def _themes(programme) -> dict[str, Theme]:
    def theme(parent, name, description, position) -> Theme:
        found = Theme.objects.filter(
            programme=programme, parent=parent, name=name
        ).first()
        return found or services.theme_save(
            programme=programme,
            data={
                "parent": parent,
                "name": name,
                "description": description,
                "position": position,
            },
        )

    themes = {}
    for position, spec in enumerate(DATA["themes"]):
        parent = theme(None, spec["name"], spec["description"], position)
        themes[spec["name"]] = parent
        for child_position, child in enumerate(spec["children"]):
            themes[child["name"]] = theme(
                parent, child["name"], child["description"], child_position
            )
    return themes


def _documents(projects, eve) -> dict[str, Document]:
    documents = {}
    for spec in DATA["documents"]:
        project = projects.get(spec["project"])
        if project is None:
            continue
        existing = Document.objects.filter(project=project, title=spec["title"]).first()
        if existing is None:
            existing = services.document_upload(
                project=project,
                uploaded=SimpleUploadedFile(
                    spec["filename"], CONTENTS[spec["content"]]
                ),
                data={"title": spec["title"], "kind": spec["kind"], "description": ""},
                user=eve,
            )
        documents[spec["project"]] = existing
    return documents


def _quote_observations(project, text) -> list[FactorObservation]:
    """Observations of the same project this quote is evidence for."""
    texts = [
        e["observation"] for e in DATA["quote_evidence"] if text.startswith(e["quote"])
    ]
    return list(FactorObservation.objects.filter(project=project, text__in=texts))


def _quotes(projects, people, themes, documents, eve) -> list[Quote]:
    today = timezone.localdate()
    quotes = []
    for spec in DATA["quotes"]:
        project = projects.get(spec["project"])
        if project is None:
            continue
        coded = [themes[name] for name in spec["themes"]]
        quote = Quote.objects.filter(project=project, text=spec["text"]).first()
        if quote is None:
            quote = services.quote_create(
                project=project,
                data={
                    "text": spec["text"],
                    "source": spec["source"],
                    "said_on": today - dt.timedelta(days=spec["days_ago"]),
                    "role_category": spec["role"],
                    "stakeholder": people.get(spec.get("speaker")),
                    "consent": spec["consent"],
                    "document": documents.get(spec["project"])
                    if spec["source"] == QuoteSource.DOCUMENT
                    else None,
                },
                redaction_text=spec["redactions"],
                themes=coded,
                observations=_quote_observations(project, spec["text"]),
                user=eve,
            )
        else:
            services.quote_coding_set(quote=quote, themes=coded)
        quotes.append(quote)
    notes = documents.get("young-peoples-drug-alcohol")
    observation = FactorObservation.objects.filter(
        project__slug="young-peoples-drug-alcohol",
        text="Young people scored the bids and their scores counted.",
    ).first()
    if notes and observation and not observation.documents.exists():
        factor_services.observation_update(
            observation=observation,
            data={},
            quotes=list(observation.quotes.all()),
            documents=[notes],
            seen_version=observation.edit_version,
        )
    return quotes


def _claims(programme, projects, quotes, documents, eve) -> None:
    # "indicator" is the place in the default list (0 for the first).
    defaults = {name: n for n, (name, _) in enumerate(catalogue.OUTCOME_INDICATORS)}
    by_place = {
        defaults[i.name]: i
        for i in programme.outcome_indicators.all()
        if i.name in defaults
    }
    for spec in DATA["claims"]:
        project = projects.get(spec["project"])
        indicator = by_place.get(spec["indicator"])
        if project is None or indicator is None:
            continue
        if ContributionClaim.objects.filter(
            project=project, indicator=indicator
        ).exists():
            continue
        outcome_services.claim_create(
            project=project,
            data={
                "indicator": indicator,
                "status": spec["status"],
                "contribution": spec["contribution"],
                "narrative": spec["narrative"],
            },
            quotes=[
                q
                for q in quotes
                if q.project_id == project.pk
                and any(q.text.startswith(start) for start in spec["quotes"])
            ],
            documents=[documents[spec["project"]]]
            if spec["project"] in documents
            else [],
            user=eve,
        )


def _consents(programme, people, eve) -> None:
    """Written directly: consent_record_create would tighten every earlier quote of
    the person to the record's level, while Lee's record covers only his Duke Street
    remark (his other quote stays anonymous, as he agreed)."""
    today = timezone.localdate()
    for spec in DATA["consents"]:
        person = people.get(spec["person"])
        if person is None:
            continue
        ConsentRecord.objects.get_or_create(
            programme=programme,
            stakeholder=person,
            consent=spec["consent"],
            defaults={
                "role_category": person.role_category,
                "recorded_on": today - dt.timedelta(days=spec["days_ago"]),
                "how": spec["how"],
                "recorded_by": eve,
            },
        )


def _stage(programme, name, data, themes=()) -> tuple[EvaluationStage, bool]:
    stage = EvaluationStage.objects.filter(programme=programme, name=name).first()
    if stage is not None:
        return stage, False
    return (
        services.stage_save(
            programme=programme, data={"name": name, **data}, themes=themes
        ),
        True,
    )


def _stages(programme, people, themes, eve) -> None:
    today = timezone.localdate()
    for position, spec in enumerate(DATA["stages"]):
        start = spec["starts_days_ago"]
        stage, _ = _stage(
            programme,
            spec["name"],
            {
                "kind": spec["kind"],
                "position": position,
                "starts_on": today - dt.timedelta(days=start),
                "ends_on": today - dt.timedelta(days=start - spec["days"]),
            },
        )
        if stage.invitations.exists():
            continue
        for role, (invited, took_part) in spec["invitations"].items():
            for number in range(invited):
                services.invitation_create(
                    stage=stage,
                    role_category=role,
                    invited_on=stage.starts_on,
                    took_part=number < took_part,
                )
    top_level = [themes[spec["name"]] for spec in DATA["themes"][:3]]
    review, _ = _stage(
        programme,
        DATA["member_check"],
        {
            "kind": EvaluationStageKind.MEMBER_CHECKING,
            "position": len(DATA["stages"]),
            "starts_on": today - dt.timedelta(days=120),
            # Set once the replies are in (below): links are only issued while open.
            "ends_on": None,
        },
        themes=top_level,
    )
    closes_on = today - dt.timedelta(days=90)
    for spec in DATA["member_replies"]:
        person = people.get(spec["person"])
        if person is None or review.invitations.filter(stakeholder=person).exists():
            continue
        invitation = services.invitation_create(
            stage=review, stakeholder=person, invited_on=review.starts_on
        )
        # Eve sent a link at the time (so only she sees who replied, by name), and
        # it was answered through it.
        services.invitation_link_issue(invitation=invitation, by=eve)
        if spec["took_part"]:
            services.review_submit(
                invitation=invitation,
                answers={
                    themes[name].pk: tuple(answer)
                    for name, answer in spec["answers"].items()
                },
            )
        # Demo history: the link has expired with the round, answered months ago
        # (the replies carry the same day as the invitation, on every page).
        answered = timezone.now() - dt.timedelta(days=100)
        Invitation.objects.filter(pk=invitation.pk).update(
            link_expires_at=timezone.now() - dt.timedelta(days=90),
            **({"responded_at": answered} if spec["took_part"] else {}),
        )
        if spec["took_part"]:
            ThemeReview.objects.filter(invitation=invitation).update(
                updated_at=answered
            )
    if review.ends_on is None:
        services.stage_save(
            programme=programme,
            stage=review,
            data={"ends_on": closes_on},
            themes=top_level,
        )


@transaction.atomic
def demo_load() -> None:
    """Add the evaluation evidence to the demo programme (safe to run again)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return
    eve = get_user_model().objects.filter(username="eve").first()
    projects = {p.slug: p for p in Project.objects.filter(programme=programme)}
    people = {
        s.display_name: s for s in Stakeholder.objects.filter(programme=programme)
    }
    factors = _seed_catalogue(programme)
    _link_entries(programme, factors)
    _own_observations(factors, projects, eve)
    _theory(programme, eve)
    themes = _themes(programme)
    documents = _documents(projects, eve)
    quotes = _quotes(projects, people, themes, documents, eve)
    _claims(programme, projects, quotes, documents, eve)
    _consents(programme, people, eve)
    _stages(programme, people, themes, eve)
