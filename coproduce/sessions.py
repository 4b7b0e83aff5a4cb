"""Sign-in stamps kept in the session, and the list of a person's sign-ins.

The idle and absolute limits are enforced by ``coproduce.middleware.session_limits``
from two stamps written here at sign-in. Each sign-in from a real request is also
recorded as an ``allauth.usersessions`` row (when, from which address and browser),
which the account page lists and "sign out everywhere" ends.
"""

import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

SIGNED_IN_KEY = "coproduce_signed_in_at"
LAST_SEEN_KEY = "coproduce_last_seen_at"
# The last-seen stamp is saved at most this often, so a page view rarely writes.
LAST_SEEN_EVERY_SECONDS = 60


def _tracking() -> bool:
    return apps.is_installed("allauth.usersessions")


@receiver(user_logged_in, dispatch_uid="coproduce.sessions.stamp")
def _stamp_sign_in(sender, request, user, **kwargs):
    # Every way in (the sign-in form, admin, allauth's flows, tests' force_login)
    # goes through django.contrib.auth.login, which sends this signal.
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SIGNED_IN_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    if _tracking() and request.META.get("REMOTE_ADDR"):
        from allauth.usersessions.models import UserSession

        if not request.session.session_key:
            request.session.save()
        UserSession.objects.create_from_request(request, user=user)


def session_seen(request, now: int) -> None:
    """Move the last-seen stamp on (the middleware calls this at most once a minute),
    in the session and on the account page's list."""
    request.session[LAST_SEEN_KEY] = now
    request.session.setdefault(SIGNED_IN_KEY, now)
    if _tracking() and request.session.session_key:
        from allauth.usersessions.models import UserSession

        UserSession.objects.filter(session_key=request.session.session_key).update(
            last_seen_at=timezone.now()
        )


def sign_ins_for(user) -> list:
    """The person's sessions that are still open, newest sign-in first."""
    if not _tracking():
        return []
    from allauth.usersessions.models import UserSession

    sessions = UserSession.objects.purge_and_list(user)
    return sorted(sessions, key=lambda s: s.created_at, reverse=True)


def sessions_end_all(*, request) -> int:
    """End every session of the signed-in person, this one included.

    Returns how many other sessions were ended.
    """
    ended = 0
    current = request.session.session_key
    if _tracking():
        from allauth.usersessions.models import UserSession

        for session in UserSession.objects.filter(user_id=request.user.pk):
            if session.session_key != current:
                ended += 1
            session.end()
    ended += _end_untracked_sessions(request.user, keep=current)
    logout(request)
    return ended


def _end_untracked_sessions(user, *, keep) -> int:
    """Sessions with no sign-in row (opened before the list existed) are found in the
    session table itself; there are few open sessions, so reading them is cheap."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    from django.contrib.sessions.models import Session

    ended = 0
    user_id = str(user.pk)
    for row in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if row.session_key == keep:
            continue
        if row.get_decoded().get(SESSION_KEY) == user_id:
            row.delete()
            ended += 1
    return ended


BROWSERS = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome")]
BROWSERS += [("Chromium/", "Chromium"), ("Safari/", "Safari")]
SYSTEMS = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad")]
SYSTEMS += [("Windows", "Windows"), ("Mac OS X", "Mac"), ("CrOS", "Chromebook")]
SYSTEMS += [("Linux", "Linux")]


def browser_name(user_agent: str) -> str:
    """A short, plain name for a browser string: "Firefox on Windows"."""
    browser = next((name for key, name in BROWSERS if key in user_agent), "")
    system = next((name for key, name in SYSTEMS if key in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown browser"
