"""A person whose data reaches every place it can: quotes (one taken from an
uploaded document), consent, a scoring link and answers, a member-checking link with
a review, attendance, and a sign-in invitation sent to their address."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluation.evidence import services as evidence_services
from evaluation.models import (
    Consent,
    ConsentRecord,
    DimensionScore,
    RoundResponse,
    ThemeReview,
)
from projects.models import (
    AccessRole,
    Activity,
    ActivityKind,
    Attendance,
    CommunicationNeeds,
    DiamondStage,
    Invitation,
    NeedArrangement,
)
from tests.evaluation.evidence.factories import QuoteFactory, StageFactory, ThemeFactory
from tests.evaluation.matrix.factories import open_round
from tests.factories import OrganisationFactory

NAME = "Ann Example"
EMAIL = "ann.example@example.org"
WORDS = "Ann said the bus to the clinic never comes on Tuesdays."


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def person(stakeholder):
    stakeholder.email = EMAIL
    stakeholder.organisation = OrganisationFactory(name="Riverside Carers")
    stakeholder.save(update_fields=["email", "organisation"])
    return stakeholder


@pytest.fixture
def document(project):
    return evidence_services.document_upload(
        project=project,
        uploaded=SimpleUploadedFile(
            "interview-notes.txt", b"Notes of Ann's interview\n"
        ),
        data={"title": "Interview notes", "kind": "meeting_notes"},
    )


@pytest.fixture
def footprint(person, project, document):
    """Everything held about ``person``; returns the rows by name."""
    quote = QuoteFactory(
        project=project, stakeholder=person, text=WORDS, document=document
    )
    second = QuoteFactory(project=project, stakeholder=person, text="Ann again.")
    theme = ThemeFactory(programme=project.programme)
    quote.themes.add(theme)
    consent = ConsentRecord.objects.create(
        programme=project.programme,
        stakeholder=person,
        role_category=person.role_category,
        consent=Consent.ANONYMOUS,
        how="Signed at Ann's kitchen table",
        note="Ann prefers phone calls",
    )
    scoring_round, [(round_link, round_token)] = open_round(project, people=[person])
    response = RoundResponse.objects.create(
        round=scoring_round,
        invitation=round_link,
        stakeholder=person,
        role_category=person.role_category,
        submitted_at=timezone.now(),
    )
    dimension = scoring_round.version.dimensions.order_by("position").first()
    level = scoring_round.version.levels.order_by("position").last()
    DimensionScore.objects.create(
        response=response, dimension=dimension, level=level, comment="Ann's example"
    )
    stage = StageFactory(programme=project.programme)
    stage.themes.add(theme)
    invitation = evidence_services.invitation_create(stage=stage, stakeholder=person)
    review_token = evidence_services.invitation_link_issue(invitation=invitation)
    invitation.general_comment = "Ann thinks the themes are fair"
    invitation.save(update_fields=["general_comment"])
    ThemeReview.objects.create(
        invitation=invitation, theme=theme, verdict="agree", comment="Ann agrees"
    )
    activity = Activity.objects.create(
        project=project,
        held_on=dt.date(2026, 2, 1),
        kind=ActivityKind.WORKSHOP,
        title="Transport workshop",
        stage=DiamondStage.DISCOVER,
    )
    Attendance.objects.create(
        activity=activity, stakeholder=person, role_category=person.role_category
    )
    needs = CommunicationNeeds.objects.create(
        stakeholder=person,
        formats=["large_print"],
        meeting_access="Step-free access",
        supporter="Ann's daughter Beth",
    )
    NeedArrangement.objects.create(
        needs=needs, need="large_print", note="Large print agenda for Ann"
    )
    account_invitation = Invitation.objects.create(
        programme=project.programme,
        email=EMAIL,
        role=AccessRole.VIEWER,
        token_hash="f" * 64,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    return {
        "quote": quote,
        "second_quote": second,
        "consent": consent,
        "round": scoring_round,
        "round_link": round_link,
        "round_token": round_token,
        "response": response,
        "stage": stage,
        "invitation": invitation,
        "review_token": review_token,
        "activity": activity,
        "account_invitation": account_invitation,
        "document": document,
    }
