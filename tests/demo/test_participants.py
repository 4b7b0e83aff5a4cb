"""The demo's open round reads in Welsh and easy read, and the Welsh speaker's link
opens in Welsh with every question translated."""

from django.core.management import call_command
from django.test import Client

from evaluation.matrix.selectors import version_matrix
from evaluation.models import RoundStatus, ScoringRound, Theme


def test_demo_fills_welsh_and_easy_read_texts_and_prints_a_welsh_link(db, capsys):
    call_command("demo", force=True)
    out = capsys.readouterr().out
    scoring_round = ScoringRound.objects.get(status=RoundStatus.OPEN)
    levels, rows = version_matrix(scoring_round.version)
    for level in levels:
        assert level.label_cy and level.label_easy and level.description_cy
    for row in rows:
        assert row.dimension.name_cy and row.dimension.description_easy
        assert all(c.text_cy and c.text_easy for c in row.descriptors.values())
        assert len(row.descriptors) == len(levels)
    assert Theme.objects.filter(name="Power and who decides").get().name_cy
    # The inclusion demo's Welsh speaker (Welsh recorded in their needs).
    [line] = [line for line in out.splitlines() if "(Welsh):" in line]
    path = line.split("http://127.0.0.1:8000", 1)[1]
    client = Client()
    start = client.get(path).content.decode()
    assert '<html lang="cy">' in start
    first = client.get(path.split("?")[0] + "1/").content.decode()
    assert rows[0].dimension.name_cy in first
    assert "wedi’i gyfieithu eto" not in first
    easy = client.get(path.split("?")[0] + "1/?easy=1").content.decode()
    assert 'alt="Gris 1 o 6"' in easy
