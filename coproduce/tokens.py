"""Personal links (scoring rounds, member checking, invitations): one way to make a
token and one way to store it. Only the hash is kept; the link itself is never saved."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone

# Tokens are 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 100


def new_token() -> str:
    """A fresh unguessable token for a personal link."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored for a personal link: the link itself is never kept."""
    return hashlib.sha256(token.encode()).hexdigest()


def find_by_token(queryset, token: str):
    """The row of ``queryset`` whose stored hash matches a personal link, or None.

    Over-long or empty tokens are refused before any query, so a link never reveals
    more than "not found"."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return queryset.filter(token_hash=token_hash(token)).first()


def link_expiry(*, days: int, closes_on=None):
    """When a new personal link stops working: ``days`` from now, but never after the
    end of ``closes_on`` (a round's or stage's closing day, in the site's time zone).

    Raises ``ValidationError`` when that day is already over, so no link is issued for
    something that has closed.
    """
    now = timezone.now()
    expires = now + dt.timedelta(days=days)
    if closes_on is None:
        return expires
    closes = closing_moment(closes_on)
    if closes <= now:
        raise ValidationError(
            f"This closed on {closes_on:%-d %B %Y}. Move its closing date to a later "
            "day before making new links."
        )
    return min(expires, closes)


def closing_moment(closes_on) -> dt.datetime:
    """The last moment of a closing day: links stop working after it."""
    return timezone.make_aware(dt.datetime.combine(closes_on, dt.time.max))
