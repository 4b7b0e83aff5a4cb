"""Keep people who must use a second sign-in step on the set-up pages until they have
one. The sign-in sets the flag (AccountAdapter.login), so ordinary pages cost nothing."""

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from projects.accounts.policy import ENROLMENT_PENDING

# Pages open while enrolment is pending: the set-up pages, signing in again to
# confirm, and signing out.
ALLOWED = {
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "health",
    "health_ready",
}


def _allowed(path: str) -> bool:
    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return False
    return name in ALLOWED or name.startswith("mfa_")


def mfa_enrolment_required(get_response):
    def middleware(request):
        if (
            request.user.is_authenticated
            and request.session.get(ENROLMENT_PENDING)
            and not _allowed(request.path_info)
        ):
            if get_mfa_adapter().is_mfa_enabled(request.user):
                del request.session[ENROLMENT_PENDING]
            else:
                messages.info(
                    request,
                    "Your account needs a second sign-in step before you can go on. "
                    "Set up an authenticator app or a passkey.",
                )
                return HttpResponseRedirect(reverse("mfa_index"))
        return get_response(request)

    return middleware
