"""How an API caller proves who they are (kept apart from ``base.py``: DRF imports
its authentication classes while it loads, before its views exist)."""

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from coproduce import history
from projects.api.services import TokenRefused, token_authenticate

KEYWORDS = ("bearer", "token")


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` (or ``Token <token>``): a personal access
    token made on the account page. Unknown, revoked and expired tokens get 401 with
    a plain message."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        keyword, _, raw = header.partition(" ")
        if keyword.lower() not in KEYWORDS:
            return None
        if not raw.strip():
            raise exceptions.AuthenticationFailed(
                "The Authorization header has no token after its first word."
            )
        try:
            token = token_authenticate(raw)
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from None
        # The history middleware ran before DRF knew the user: name them now.
        history.context(**history.user_metadata(token.user), api_token=token.pk)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
