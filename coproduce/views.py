import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST
from health_check import Cache, Database, Storage
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu.exceptions import OperationalError
from redis.asyncio import Redis as RedisClient

from coproduce import sessions


def health(request):
    """Liveness for the load balancer: the app answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# The readiness page is public, so each check is named plainly: no host names, ports,
# addresses or credentials (django-health-check's own names include some of them).
class DatabaseCheck(Database):
    def __repr__(self):
        return "Database"


class CacheCheck(Cache):
    def __repr__(self):
        return "Cache"


class StorageCheck(Storage):
    def __repr__(self):
        return "Storage"


class BrokerCheck(Redis):
    def __repr__(self):
        return "Redis"


class WorkerCheck(Ping):
    """At least one Celery worker answers, and one consumes the task queue.

    Beat answers pings too (it runs with remote control on), so its node is left out.
    """

    def __repr__(self):
        return "Celery worker"

    def run(self):
        try:
            super().run()
        except OperationalError as error:  # kombu: the broker cannot be reached
            raise ServiceUnavailable("Cannot reach the task broker") from error

    def active_workers(self, ping_result):
        workers = [
            worker
            for worker in super().active_workers(ping_result)
            if not worker.startswith("celerybeat@")
        ]
        if not workers:
            raise ServiceUnavailable("Celery workers unavailable")
        return workers


def _broker_client():
    return RedisClient.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2
    )


class ReadinessView(HealthCheckView):
    """Readiness: database, cache, file storage and, with a broker, Redis and a worker.

    Without a broker (``make run``) tasks run inside the web process, so there is no
    worker to wait for.
    """

    def get_checks(self):
        from coproduce.celery import app

        yield DatabaseCheck()
        yield CacheCheck()
        yield StorageCheck()
        broker = settings.CELERY_BROKER_URL
        if broker:
            if broker.startswith(("redis://", "rediss://")):
                yield BrokerCheck(client_factory=_broker_client)
            yield WorkerCheck(app=app, timeout=datetime.timedelta(seconds=2))


ready = ReadinessView.as_view()


def _operator():
    return {
        "name": settings.OPERATOR_NAME,
        "email": settings.OPERATOR_EMAIL,
        "address": settings.OPERATOR_ADDRESS,
    }


def accessibility(request):
    """The accessibility statement (public)."""
    return render(request, "pages/accessibility.html", {"operator": _operator()})


def privacy(request):
    """The privacy notice (public)."""
    return render(
        request,
        "pages/privacy.html",
        {
            "operator": _operator(),
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
        },
    )


def _url_or_empty(name):
    # The sign-in pages come from django-allauth; a part switched off has no page.
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@login_required
def account(request):
    """The person's own account: password, second step, where they are signed in."""
    current = request.session.session_key
    sign_ins = [
        {
            "signed_in": s.created_at,
            "last_seen": s.last_seen_at,
            "ip": s.ip,
            "browser": sessions.browser_name(s.user_agent),
            "current": s.session_key == current,
        }
        for s in sessions.sign_ins_for(request.user)
    ]
    return render(
        request,
        "pages/account.html",
        {
            "sign_ins": sign_ins,
            "password_url": _url_or_empty("account_change_password"),
            "mfa_url": _url_or_empty("mfa_index"),
            "email_url": _url_or_empty("account_email"),
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        },
    )


@require_POST
@login_required
def sign_out_everywhere(request):
    """End every session of this person, on every device, this one included."""
    ended = sessions.sessions_end_all(request=request)
    others = "and on 1 other device" if ended == 1 else f"and on {ended} other devices"
    messages.success(
        request,
        f"You are signed out here {others}. Sign in again to carry on."
        if ended
        else "You are signed out everywhere. Sign in again to carry on.",
    )
    return redirect(settings.LOGIN_URL)


def favicon(request):
    """The site icon for browsers that ask for /favicon.ico (found at request time, so
    the static files' manifest is only read once the site runs)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
