"""The workshop load test runs end to end at a tiny size: gunicorn and a Celery
worker on loopback, participants sending a full round, report requests at once."""

import json
import os

import pytest
from django.core.management import call_command
from django.db import connection

from evaluation.matrix import services as matrix_services
from tests.conftest import service_missing


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_loadtest_stores_every_answer_and_report_once(tmp_path, capsys, monkeypatch):
    if connection.vendor != "postgresql":
        service_missing("the load test needs DATABASE_URL pointing at PostgreSQL")
    if not os.environ.get("CELERY_BROKER_URL"):
        service_missing("the load test needs CELERY_BROKER_URL (Redis)")
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    # Links come in batches no bigger than the form allows: 5 people need 3 here.
    monkeypatch.setattr(matrix_services, "MAX_UNNAMED_LINKS", 2)

    call_command(
        "loadtest",
        participants=5,
        reports=2,
        projects=2,
        ramp=1,
        mixed=10,
        port=8197,
        output=str(tmp_path / "load.json"),
    )

    figures = json.loads(capsys.readouterr().out)
    assert json.loads((tmp_path / "load.json").read_text()) == figures
    workshop = figures["workshop"]
    assert workshop["participants"] == 5 and workshop["errors"] == 0
    # Start, each question shown and answered, the check page, the send.
    steps = workshop["questions"]
    assert workshop["requests"] == 5 * (1 + 2 * steps + 2)
    assert workshop["p99_ms"] >= workshop["median_ms"] > 0
    stored = figures["stored"]
    assert stored["responses_sent"] == stored["responses"] == 5
    assert stored["every_answer_stored_once"] and stored["answers_stored_twice"] == 0
    reports = figures["reports"]
    assert reports["all_made"] and reports["requests_timing"]["errors"] == 0
    assert stored["report_jobs"] == reports["distinct_reports"] == 1
    assert stored["reports_rendered_once"]
    assert figures["mixed"]["errors"] == 0
    assert len(figures["mixed"]["worker_rss_mb"]) == 2
    for page in ("dashboard", "project_page"):
        cold = figures["cold_start"][page]
        assert cold["first_ms"] > 0 and cold["warm_median_ms"] > 0
