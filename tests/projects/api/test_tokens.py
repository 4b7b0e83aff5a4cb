"""Personal access tokens: made and revoked on the account, shown once, stored as a
hash, and each making and revoking is in the history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from coproduce import tokens
from projects.api.services import token_create
from projects.models import ApiToken, HistoryEvent

pytestmark = pytest.mark.django_db


def _make(client, **overrides):
    data = {
        "name": "Power BI",
        "scope": "read",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        **overrides,
    }
    return client.post(reverse("projects:api_tokens"), data)


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client, facilitator):
    client.force_login(facilitator)
    response = _make(client)
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("cpd_") and raw in response.content.decode()
    token = ApiToken.objects.get(user=facilitator)
    assert token.token_hash == tokens.token_hash(raw)
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    again = client.get(reverse("projects:api_tokens"))
    assert raw not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_a_token_needs_an_expiry_within_a_year(client, facilitator):
    client.force_login(facilitator)
    late = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    response = _make(client, expires_on=late, name="Typed name")
    assert "at most a year" in response.content.decode()
    assert 'value="Typed name"' in response.content.decode()
    assert _make(client, expires_on="").status_code == 200
    assert not ApiToken.objects.exists()


def test_making_and_revoking_a_token_is_in_the_history(client, facilitator):
    client.force_login(facilitator)
    _make(client)
    token = ApiToken.objects.get()
    response = client.post(reverse("projects:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    events = HistoryEvent.objects.filter(model="projects.apitoken", object_id=token.pk)
    assert sorted(events.values_list("action", flat=True)) == ["changed", "created"]
    change = events.get(action="changed")
    assert "revoked_at" in change.after
    assert change.context["user"] == facilitator.pk


def test_nobody_can_revoke_someone_elses_token(client, facilitator, outsider):
    token, _ = token_create(
        user=facilitator,
        name="Mine",
        scope="read",
        expires_on=timezone.localdate() + dt.timedelta(days=3),
    )
    client.force_login(outsider)
    response = client.post(reverse("projects:api_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_using_a_token_records_when_without_writing_history(facilitator):
    _, raw = token_create(
        user=facilitator,
        name="Mine",
        scope="read",
        expires_on=timezone.localdate() + dt.timedelta(days=3),
    )
    before = HistoryEvent.objects.count()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    assert api.get(reverse("api:programme_list")).status_code == 200
    assert api.get(reverse("api:programme_list")).status_code == 200
    token = ApiToken.objects.select_related("use").get()
    assert token.use.last_used_at is not None
    assert HistoryEvent.objects.count() == before


def test_the_account_page_links_to_the_tokens(client, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("site:account"))
    assert reverse("projects:api_tokens") in response.content.decode()


def test_the_token_form_carries_its_csrf_token(client, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("projects:api_tokens")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
