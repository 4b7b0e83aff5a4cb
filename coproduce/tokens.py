"""Personal links (scoring rounds, member checking, invitations): one way to make a
token and one way to store it. Only the hash is kept; the link itself is never saved."""

import hashlib
import secrets

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
