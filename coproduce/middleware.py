"""Security headers that Django 5.2 does not set by itself, and the request id."""

import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import patch_cache_control

from coproduce import sessions
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
    """No inline or third-party scripts: pages load only our own files.

    Admin gets the same policy: Django 5.2's admin loads every script from a file
    (its page constants are ``data-`` attributes on ``<script src>`` tags) and only
    its style attributes need ``'unsafe-inline'``, which the policy allows for styles.
    """

    def middleware(request):
        response = get_response(request)
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


# Pages anyone may read, signed in or not, that show nobody's data: caches may keep them.
SHARED_PAGES = {"site:accessibility", "site:privacy", "health", "health_ready"}


def _shows_personal_data(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in SHARED_PAGES:
        return False
    # Participant links carry their token in the URL: the page is that person's.
    if match is not None and "token" in match.kwargs:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def no_store_personal_pages(get_response):
    """``Cache-Control: no-store, private`` on every page and download that a
    signed-in person or a participant sees, so a shared computer's browser cache,
    or a proxy, keeps no copy of what people said.

    Static files never reach this (WhiteNoise answers them first).
    """

    def middleware(request):
        response = get_response(request)
        if _shows_personal_data(request):
            patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware


IDLE_MESSAGE = (
    "You were signed out because you had not used Coproduce for {minutes} minutes. "
    "Sign in again to carry on."
)
LIMIT_MESSAGE = (
    "You were signed out because you signed in more than {hours} hours ago. "
    "Sign in again to carry on."
)


def session_limits(get_response):
    """Sign people out after ``SESSION_IDLE_MINUTES`` without a request, and
    ``SESSION_HOURS`` after they signed in however busy they are.

    The stamps live in the session (see ``coproduce.sessions``). The last-seen stamp is
    written at most once a minute, so most requests do not save the session.
    """
    idle_seconds = settings.SESSION_IDLE_MINUTES * 60
    absolute_seconds = settings.SESSION_COOKIE_AGE

    def middleware(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return get_response(request)
        session = request.session
        now = int(time.time())
        last_seen = session.get(sessions.LAST_SEEN_KEY)
        signed_in = session.get(sessions.SIGNED_IN_KEY)
        message = None
        if last_seen is not None and now - last_seen > idle_seconds:
            message = IDLE_MESSAGE.format(minutes=settings.SESSION_IDLE_MINUTES)
        elif signed_in is not None and now - signed_in > absolute_seconds:
            message = LIMIT_MESSAGE.format(hours=absolute_seconds // 3600)
        if message:
            return _signed_out(request, message)
        if last_seen is None or now - last_seen >= sessions.LAST_SEEN_EVERY_SECONDS:
            sessions.session_seen(request, now)
        return get_response(request)

    return middleware


def _signed_out(request, message):
    next_path = request.get_full_path() if request.method == "GET" else request.path
    logout(request)
    messages.info(request, message)
    response = redirect_to_login(next_path)
    if request.headers.get("HX-Request"):
        # htmx would swap the sign-in page into a fragment: send the whole tab there.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
    return response


def participant_page(view):
    """Mark a view as a participant page: it may be shown in Welsh (see below)."""
    view.participant_page = True
    return view


class EnglishStaffPages:
    """Keep every page in English except participant pages.

    LocaleMiddleware picks a language from the language cookie or the browser; only
    the participant pages (scoring and review links) are translated so far, so every
    other page is put back to English, including Django's own form messages and
    dates. Remove this middleware once the staff pages' strings are translated.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "participant_page", False):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
