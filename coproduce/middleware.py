"""Security headers that Django 5.2 does not set by itself, and the request id."""

import re
import uuid

from django.core.signals import request_finished
from django.dispatch import receiver

from coproduce.logging import NO_REQUEST, request_id_var

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Bootstrap and htmx set style attributes (progress bars, indicators).
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def content_security_policy(get_response):
    """No inline or third-party scripts: pages load only our own files."""

    def middleware(request):
        response = get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response

    return middleware


# What we accept from a proxy as a request id: short, and nothing that could forge a
# log line or a header.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def request_id(get_response):
    """Give each request an id (or keep the proxy's ``X-Request-ID``), log it, echo it.

    The id is added to every log line written while the request runs (see
    ``coproduce.logging``) and to the Celery tasks it publishes.
    """

    def middleware(request):
        incoming = request.headers.get("X-Request-ID", "")
        value = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        request.request_id = value
        # Kept until the response is closed, so Django's own log line for an error
        # response (written after the middleware) has it too.
        request_id_var.set(value)
        response = get_response(request)
        response.headers["X-Request-ID"] = value
        return response

    return middleware


@receiver(request_finished)
def _request_id_forget(**kwargs):
    request_id_var.set(NO_REQUEST)
