import pytest
from django.core.management import call_command

from evaluation.models import (
    Consent,
    ContributionClaim,
    Document,
    EvaluationStageKind,
    FactorGroup,
    FactorObservation,
    Invitation,
    Quote,
    ThemeReview,
    TheoryVersion,
)
from projects.models import RoleCategory

pytestmark = pytest.mark.django_db


def test_demo_has_the_evaluation_evidence_and_can_be_loaded_twice():
    call_command("demo", force=True)
    counts = [
        m.objects.count()
        for m in (FactorObservation, Quote, ContributionClaim, Document, Invitation)
    ]
    call_command("demo", force=True)
    assert counts == [
        m.objects.count()
        for m in (FactorObservation, Quote, ContributionClaim, Document, Invitation)
    ]
    assert FactorGroup.objects.count() == 6
    linked = FactorObservation.objects.filter(factor__isnull=False)
    assert linked.values("project").distinct().count() >= 10
    assert TheoryVersion.objects.count() == 2
    assert ContributionClaim.objects.values("project").distinct().count() >= 5
    roles = set(Quote.objects.values_list("role_category", flat=True))
    # Every role has a quote, except the two added for entering published cases
    # (their people are in the demo; none of them is quoted).
    added = {RoleCategory.SUPPORT_WORKER, RoleCategory.STEERING_GROUP}
    assert roles == set(RoleCategory.values) - added
    assert Quote.objects.filter(consent=Consent.MAY_NOT).exists()
    assert Quote.objects.exclude(redactions=[]).count() >= 3
    # Two quotes are left for the evaluator to code (evaluation/demo/reports.py).
    assert Quote.objects.filter(themes__isnull=True).count() == 2
    review = Invitation.objects.filter(stage__kind=EvaluationStageKind.MEMBER_CHECKING)
    assert review.filter(took_part=True).count() == 6
    assert ThemeReview.objects.exists()
    assert Document.objects.count() == 2


def test_demo_programme_exports_a_valid_qdpx_without_restricted_quotes():
    from evaluation.evidence.exports import qdpx_bytes
    from projects.models import Programme
    from tests.evaluation.evidence.test_exports import _validate

    call_command("demo", force=True)
    programme = Programme.objects.get(slug="co-create-south-yorkshire")
    document, names = _validate(qdpx_bytes(programme))
    text = " ".join(document.itertext())
    assert "Duke Street" not in text
    assert "[name of organisation]" in text
    assert sum(name.startswith("Sources/") for name in names) == 2
