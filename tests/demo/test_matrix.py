"""The demo loads both frameworks, several rounds and a live participant link."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from evaluation.matrix.selectors import round_results
from evaluation.models import Framework, RoundStatus, ScoringRound


def test_demo_scoring_is_rich_idempotent_and_prints_working_links(db, capsys):
    call_command("demo", force=True)
    call_command("demo", force=True)
    out = capsys.readouterr().out
    assert Framework.objects.count() == 2
    matrix = Framework.objects.get(source_key="coproduction-matrix")
    assert matrix.versions.count() == 2
    rounds = ScoringRound.objects.all()
    # 13 from the matrix part, and the drug and alcohol project's from the entry part.
    assert rounds.count() == 14
    assert rounds.filter(status=RoundStatus.OPEN).count() == 1
    assert rounds.filter(version__number=1).exists()
    assert rounds.filter(version__number=2).exists()
    gaps = [
        d.gap for r in rounds for d in round_results(r).dimensions if d.gap is not None
    ]
    assert max(gaps) >= 1.5
    groups = {g[0] for r in rounds for g in round_results(r).groups}
    assert {"commissioner", "patient_rep", "young_person", "combined"} <= groups
    # No demo round has three facilitators: they are always in a combined group.
    assert "facilitator" not in groups
    reopened = ScoringRound.objects.get(project__slug="gypsy-traveller", number=2)
    history = list(reopened.status_changes.values_list("action", "at"))
    assert [action for action, _ in history] == ["closed", "reopened", "closed"]
    assert [at for _, at in history] == sorted(at for _, at in history)
    assert reopened.reopened_at < reopened.closed_at
    assert reopened.responses.filter(role_category="service_user").count() == 3
    links = [
        word
        for line in out.splitlines()
        if "(Welsh)" not in line  # the inclusion demo's link, tested there
        for word in line.split()
        if "/score/" in word
    ]
    assert len(links) == 6  # three per run; each run replaces the last ones
    paths = [link.split("http://127.0.0.1:8000", 1)[1] for link in links]
    assert Client().get(paths[-1]).status_code == 200
    assert Client().get(paths[0]).status_code == 404
    fran = Client()
    fran.force_login(get_user_model().objects.get(username="fran"))
    page = fran.get(
        reverse("evaluation:round_detail", args=["gypsy-traveller", 2])
    ).content.decode()
    assert "History of this round" in page
    assert "reopening to take their scores" in page
