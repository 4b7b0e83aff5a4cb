"""The demo prints a ready read-only token and the feed address it opens."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_the_demo_prints_a_read_only_token_that_opens_the_feed(capsys):
    call_command("demo", force=True)
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Authorization: Bearer " in x)
    token = line.split("Bearer ", 1)[1].strip()
    feed = next(x for x in out.splitlines() if "/feed/projects.json" in x).strip()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    rows = api.get(feed.split("127.0.0.1:8000", 1)[-1]).json()
    assert len(rows) >= 20
    assert {"project_id", "title", "current_stage"} <= set(rows[0])
    refused = api.post("/api/stage-moves/", {"project": rows[0]["project_id"]})
    assert refused.status_code == 403
