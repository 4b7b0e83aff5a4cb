import pytest
from django.core.management import call_command

from evaluation.demo.invitation_counts import DATA
from evaluation.evidence import selectors
from evaluation.models import EvaluationStage, InvitationCount

pytestmark = pytest.mark.django_db


def test_demo_stage_shows_published_counts_that_disagree_with_the_stated_total():
    call_command("demo", force=True)
    stage = EvaluationStage.objects.get(name=DATA["stage"]["name"])
    before = InvitationCount.objects.filter(stage=stage).count()
    call_command("demo", force=True)
    after = InvitationCount.objects.filter(stage=stage).count()
    assert after == before == len(DATA["groups"])
    rows = selectors.response_rates([stage])[stage.pk]
    labels = [r.label for r in rows]
    assert "Role not recorded" in labels
    assert "Arts managers / artists" in labels
    commissioners = next(r for r in rows if r.label == "Commissioner")
    assert commissioners.percent == 63  # 5 of 8, halves rounded up
    assert selectors.stated_total_notes(stage, rows) == [
        "The source states 40 invited; the groups add up to 37.",
        "The source states 21 took part; the groups add up to 20.",
    ]
