"""The demo shows the small-group rule: combined groups with a plain explanation,
replies without a small group's role, and who replied named only to the sender."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from evaluation.models import EvaluationStage, EvaluationStageKind, ScoringRound

EXPLANATION = (
    "Groups with fewer than 3 people are combined or not shown, so nobody can be "
    "identified."
)


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_demo_pages_combine_small_groups_and_name_repliers_only_to_the_sender(db):
    call_command("demo", force=True)
    scoring_round = ScoringRound.objects.get(project__slug="transition", number=2)
    url = reverse("evaluation:round_detail", args=["transition", 2])
    page = _client("cam").get(url).content.decode()
    assert EXPLANATION in page
    assert "Other groups combined: Provider, Facilitator, Evaluator." in page
    assert "(Answered Intermediate)" in page  # a comment from a small group
    assert scoring_round.responses.filter(role_category="evaluator").count() < 3

    stage = EvaluationStage.objects.get(kind=EvaluationStageKind.MEMBER_CHECKING)
    assert stage.invitations.exclude(link_sent_by__username="eve").count() == 0
    url = reverse(
        "evaluation:evaluation_stage_detail", args=[stage.programme.slug, stage.pk]
    )
    seen_by_eve = _client("eve").get(url).content.decode()
    seen_by_cam = _client("cam").get(url).content.decode()
    assert "Aisha Rahman" in seen_by_eve
    assert "Aisha Rahman" not in seen_by_cam
    assert "counted in the response rates above" in seen_by_cam
    for body in (seen_by_eve, seen_by_cam):
        assert "Other groups combined" in body and EXPLANATION in body
        assert "It says professionals kept control" in body
        assert "(Young person)" not in body
