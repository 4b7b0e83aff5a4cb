"""The shared pieces of the REST API (``/api/``): how a caller proves who they are,
what a token's scope allows, pages of results, and how service errors become answers.

Every endpoint acts as the signed-in user or the token's owner, through the same
access functions as the pages (``projects/access.py`` and each feature's ``access.py``):
outsiders get 404, read-only members 403. A ``read`` token gets 403 on any write.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination, permissions
from rest_framework.response import Response

from projects.models import ApiToken


class ScopedAccess(permissions.BasePermission):
    """Signed in (401 otherwise); a read-only token may not write (403)."""

    message = "This token may only read. Make a read and write token to change data."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def api_exceptions(exc, context):
    """Django's ``ValidationError`` from a service becomes 400 with field messages
    (``non_field_errors`` for the rest), as DRF's own validation does."""
    # Imported here: DRF loads this module while ``rest_framework.views`` loads.
    from rest_framework.views import exception_handler

    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        return Response(detail, status=400)
    return exception_handler(exc, context)
