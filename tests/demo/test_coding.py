import pytest
from django.core.management import call_command

from evaluation.coding import selectors
from evaluation.models import CoderCode, CodingRound, CodingSettlement

pytestmark = pytest.mark.django_db


def test_demo_has_a_finished_double_coding_round_with_settled_disagreements():
    call_command("demo", force=True)
    counts = [m.objects.count() for m in (CodingRound, CoderCode, CodingSettlement)]
    call_command("demo", force=True)
    assert counts == [
        m.objects.count() for m in (CodingRound, CoderCode, CodingSettlement)
    ]
    finished = CodingRound.objects.get(status="finished")
    data = selectors.round_data(finished)
    assert [c.user.username for c in data.submitted] == ["eve", "fran"]
    assert len(data.settlements) == 4
    assert all(d.settled for d in selectors.disagreements(data))
    overall = selectors.round_agreement(data)["overall"].figure
    assert overall.method == "kappa"
    assert 0.6 < overall.value < 1
    # Settled codes are the quotes' own codes.
    for quote_id, settlement in data.settlements.items():
        quote = next(q for q in data.quotes if q.pk == quote_id)
        assert set(settlement.themes.all()) <= set(quote.themes.all())
    still_open = CodingRound.objects.get(status="coding")
    places = {c.user.username: c.has_submitted for c in still_open.coders.all()}
    assert places == {"eve": True, "fran": False}
