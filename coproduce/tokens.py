"""Personal links (scoring rounds, member checking, invitations): one way to make a
token and one way to store it. Only the hash is kept; the link itself is never saved."""

import hashlib
import secrets


def new_token() -> str:
    """A fresh unguessable token for a personal link."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored for a personal link: the link itself is never kept."""
    return hashlib.sha256(token.encode()).hexdigest()
