"""Reads for the token pages."""

from django.db.models import QuerySet

from projects.models import ApiToken


def user_tokens(user) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, with their last use (one query)."""
    return ApiToken.objects.filter(user=user).select_related("use")
