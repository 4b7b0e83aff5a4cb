"""The allauth adapters: who may sign up, how failed sign-ins are counted, and what
happens straight after sign-in."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from projects.accounts.policy import ENROLMENT_PENDING, mfa_enrolment_mark, mfa_required


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": (
            "That username or email address and password did not match an account. "
            "Check them and try again."
        ),
        "email_password_mismatch": (
            "That username or email address and password did not match an account. "
            "Check them and try again."
        ),
        "too_many_login_attempts": (
            f"Too many tries that did not work. Wait {settings.LOGIN_FAILURE_MINUTES} "
            "minutes, then try again, or reset your password."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invitations or from an administrator.
        return False

    def _get_login_attempts_cache_key(
        self, request: HttpRequest, **credentials: Any
    ) -> str:
        # allauth counts failures per "key" from every address; with the address in
        # the key, a stranger's wrong passwords for `cam` do not stop `cam` signing
        # in from elsewhere. The per-address limit across usernames stays in the
        # "ip" part of ACCOUNT_RATE_LIMITS["login_failed"].
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{get_ip(request)}:{login}"

    def login(self, request: HttpRequest, user) -> None:
        super().login(request, user)
        mfa_enrolment_mark(request)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if request.session.get(ENROLMENT_PENDING):
            return reverse("mfa_index")
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        # People who must use a second step keep at least one app or key.
        user = authenticator.user
        if not mfa_required(user):
            return True
        others = user.authenticator_set.exclude(pk=authenticator.pk).exclude(
            type=authenticator.Type.RECOVERY_CODES
        )
        return others.exists()
