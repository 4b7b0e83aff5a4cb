"""Scoring links never outlive their round's closing day."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.matrix import services
from tests.evaluation.matrix.factories import PRINCIPLES, open_round

pytestmark = pytest.mark.django_db


def _links(scoring_round, n=2, days=30):
    return services.invitations_create(
        scoring_round=scoring_round,
        role_category="young_person",
        count=n,
        label="Forum",
        days=days,
    )


def test_links_made_after_a_closing_day_is_set_end_with_it(project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    closes_on = timezone.localdate() + dt.timedelta(days=3)
    services.round_closing_date_set(scoring_round=scoring_round, closes_on=closes_on)
    scoring_round.refresh_from_db()
    (invitation, _), *_ = _links(scoring_round, days=30)
    assert timezone.localtime(invitation.expires_at).date() == closes_on


def test_moving_the_closing_day_earlier_cuts_links_already_sent(client, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    pairs = _links(scoring_round, days=30)
    url = reverse("evaluation:score_start", args=[pairs[0][1]])
    assert client.get(url).status_code == 200

    today = timezone.localdate()
    cut = services.round_closing_date_set(scoring_round=scoring_round, closes_on=today)
    assert cut == 2
    for invitation, _ in pairs:
        invitation.refresh_from_db()
        assert timezone.localtime(invitation.expires_at).date() == today


def test_a_closing_day_in_the_past_is_refused(project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    with pytest.raises(ValidationError):
        services.round_closing_date_set(
            scoring_round=scoring_round,
            closes_on=timezone.localdate() - dt.timedelta(days=1),
        )


def test_facilitator_sets_the_closing_day_on_the_links_page(
    client, facilitator, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    _links(scoring_round, n=1, days=30)
    client.force_login(facilitator)
    url = reverse("evaluation:round_closing_date", args=[project.slug, 1])
    closes_on = timezone.localdate() + dt.timedelta(days=2)
    page = client.post(url, {"closes_on": closes_on.isoformat()}, follow=True)
    body = page.content.decode()
    assert "1 link(s) sent earlier now stop then too" in body
    assert f"stops working after {closes_on:%-d %B %Y}" in body

    bad = client.post(url, {"closes_on": "2001-01-01"})
    assert bad.status_code == 200
    assert "Choose today or a later day" in bad.content.decode()
    assert 'value="2001-01-01"' in bad.content.decode()
