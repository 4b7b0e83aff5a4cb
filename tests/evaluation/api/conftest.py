import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from projects.api.services import token_create


def make_token(user, scope="read-write", days=30):
    _, raw = token_create(
        user=user,
        name="Test",
        scope=scope,
        expires_on=timezone.localdate() + dt.timedelta(days=days),
    )
    return raw


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_user(api):
    """``as_user(user, scope)``: the API client carrying a fresh token of theirs."""

    def sign(user, scope="read-write"):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {make_token(user, scope)}")
        return api

    return sign
