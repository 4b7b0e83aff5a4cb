"""Making, revoking and checking personal access tokens for the API."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce import tokens
from projects.models import ApiToken, ApiTokenUse, TokenScope

# A token must end within a year: a forgotten one stops working on its own.
MAX_DAYS = 366
TOKEN_START = "cpd_"
# How often a token's last use is written (every request would be one write each).
USE_RESOLUTION = dt.timedelta(minutes=1)


class TokenRefused(Exception):
    """The token is unknown, revoked or expired; ``str()`` says which, plainly."""


def token_create(
    *, user, name: str, scope: str, expires_on: dt.date
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the row and the token itself, which is
    never stored and so can be shown only this once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Say what the token is for."})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": "Choose read only or read and write."})
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError({"expires_on": "Choose a day after today."})
    if expires_on > today + dt.timedelta(days=MAX_DAYS):
        raise ValidationError(
            {"expires_on": "A token can last at most a year. Choose an earlier day."}
        )
    raw = TOKEN_START + tokens.new_token()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        token_hash=tokens.token_hash(raw),
        prefix=raw[:10],
        expires_at=timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max)),
    )
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    """Stop the token working at once (kept, so its history stays readable)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_authenticate(raw: str) -> ApiToken:
    """The active token for ``raw`` with its user, noting when it was used.
    Raises ``TokenRefused`` with a plain message otherwise."""
    token = tokens.find_by_token(
        ApiToken.objects.select_related("user", "use"), raw.strip()
    )
    if token is None or not token.user.is_active:
        raise TokenRefused("This token is not known. Check it, or make a new one.")
    if token.revoked_at is not None:
        raise TokenRefused("This token was revoked. Make a new one on your account.")
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenRefused("This token has expired. Make a new one on your account.")
    use = getattr(token, "use", None)
    if use is None:
        # Two first uses at once must not fail: the second one is simply dropped.
        ApiTokenUse.objects.bulk_create(
            [ApiTokenUse(token=token, last_used_at=now)], ignore_conflicts=True
        )
    elif now - use.last_used_at >= USE_RESOLUTION:
        ApiTokenUse.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
