"""The demo's API token: a read-only token for the commissioner, Cam, ready for the
programme's Power BI or Excel feed. Printed like the participant links, and made
afresh on each run (the one before is revoked)."""

import datetime as dt
import os

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from evaluation.demo.projects import PROGRAMME_SLUG
from projects.api.services import token_create, token_revoke
from projects.models import ApiToken, Programme, TokenScope

TOKEN_NAME = "Demo: Power BI feed"
OWNER = "cam"


def demo_load() -> str | None:
    """Make the token, print it with the feed's address, and return the address."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    owner = get_user_model().objects.filter(username=OWNER).first()
    if programme is None or owner is None:
        return None
    for old in ApiToken.objects.filter(
        user=owner, name=TOKEN_NAME, revoked_at__isnull=True
    ):
        token_revoke(token=old)
    _, raw = token_create(
        user=owner,
        name=TOKEN_NAME,
        scope=TokenScope.READ,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    base = os.environ.get("COPRODUCE_DEMO_BASE_URL") or (
        f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    )
    path = reverse("api:feed_json", kwargs={"pk": programme.pk, "table": "projects"})
    print(f"API: a read-only token for {OWNER} (the programme's feed, 30 days)")
    print(f"  Authorization: Bearer {raw}")
    print(f"  {base}{path}")
    print(
        f"  Every feed address: {base}"
        + reverse("evaluation:programme_data_feed", args=[programme.slug])
    )
    return f"{base}{path}"
