"""The admin shows a round's status but cannot change it: closing and reopening
go through the round page, which keeps the history."""

import pytest
from django.urls import reverse

from evaluation.models import RoundStatus
from tests.evaluation.matrix.factories import PRINCIPLES, open_round

pytestmark = pytest.mark.django_db


def test_admin_shows_round_status_read_only(client, superuser, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    client.force_login(superuser)
    url = reverse("admin:evaluation_scoringround_change", args=[scoring_round.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    client.post(url, {"status": RoundStatus.CLOSED})
    scoring_round.refresh_from_db()
    assert scoring_round.status == RoundStatus.OPEN
    assert not scoring_round.status_changes.exists()
