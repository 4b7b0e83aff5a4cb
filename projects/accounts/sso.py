"""Single sign-on through OpenID Connect.

Two kinds of provider are built from the environment, both as apps of allauth's
``openid_connect`` provider (no database rows needed):

- Microsoft Entra ID for several organisations at once (an ICB, a council and a charity
  on one site): the multi-tenant "organizations" endpoint, with the ID token's issuer
  checked against the allowed tenants (``SSO_ENTRA_TENANTS``), both by allauth's own
  issuer check and again here from the token's ``tid``.
- Any other OpenID Connect provider (``SSO_OIDC_ISSUER`` and friends), optionally limited
  to some email domains.

An SSO sign-in never makes an account by itself. It signs in the person whose account
already has the provider's verified email address, or accepts the invitation link the
person followed; anyone else is refused with a plain message and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Mapping

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import render

from projects.accounts.sso_config import (
    ENTRA,
    ENTRA_AUTHORITY,
    GENERIC,
    entra_issuer,
)

# Part C's invitation page puts the token of the link the person followed here before
# offering "Sign in with ..."; an SSO sign-in then accepts that invitation.
INVITATION_SESSION_KEY = "invitation_token"


class SSORefused(Exception):
    """An SSO sign-in that must not go ahead; the message is shown to the person."""


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


def sso_claims(sociallogin: SocialLogin) -> tuple[dict, dict]:
    """The ID token's claims and the profile claims (userinfo, else the ID token)."""
    data = sociallogin.account.extra_data or {}
    id_token = data.get("id_token") or {}
    return id_token, data.get("userinfo") or id_token


def entra_tenant_check(settings: Mapping, id_token: Mapping) -> None:
    """Refuse an Entra ID token that does not come from one of the allowed tenants."""
    tenant = str(id_token.get("tid", "")).lower()
    allowed = settings.get("coproduce_tenants", [])
    issuer = entra_issuer(settings.get("coproduce_authority", ENTRA_AUTHORITY), tenant)
    if not tenant or tenant not in allowed or id_token.get("iss") != issuer:
        raise SSORefused(
            "Your organisation's Microsoft accounts are not set up to sign in here. "
            "Ask the person who runs your programme which way to sign in."
        )


def verified_email(kind: str, id_token: Mapping, profile: Mapping) -> str:
    """The email address the provider vouches for, or "" when it vouches for none.

    A generic provider says so with ``email_verified``. Entra ID never sends that
    claim: its ``email`` is whatever the tenant's administrator typed, so it is trusted
    only when Entra marks the domain as owned by the tenant (the optional ``xms_edov``
    claim) or lists the address in ``verified_primary_email``/``verified_secondary_email``.
    """
    email = str(profile.get("email") or id_token.get("email") or "").strip().lower()
    if not email or "@" not in email:
        return ""
    if kind == ENTRA:
        listed = [
            str(address).strip().lower()
            for claim in ("verified_primary_email", "verified_secondary_email")
            for address in (id_token.get(claim) or [])
        ]
        return email if _truthy(id_token.get("xms_edov")) or email in listed else ""
    verified = profile.get("email_verified", id_token.get("email_verified"))
    return email if _truthy(verified) else ""


def sso_email_check(provider_name: str, settings: Mapping, sociallogin) -> str:
    """Run the provider's rules on a finished SSO sign-in and return its verified email.

    Raises ``SSORefused`` for a tenant or email domain that is not allowed, or when the
    provider does not vouch for the email address.
    """
    kind = settings.get("coproduce_kind", GENERIC)
    id_token, profile = sso_claims(sociallogin)
    if kind == ENTRA:
        entra_tenant_check(settings, id_token)
    email = verified_email(kind, id_token, profile)
    if not email:
        raise SSORefused(
            f"{provider_name} did not confirm your email address, so we cannot tell "
            "which account is yours. Sign in with your username and password instead."
        )
    domains = settings.get("coproduce_allowed_domains") or []
    if domains and email.rsplit("@", 1)[1] not in domains:
        raise SSORefused(
            f"Accounts from {email.rsplit('@', 1)[1]} cannot sign in here with "
            f"{provider_name}. Ask the person who runs your programme which way to "
            "sign in."
        )
    return email


def user_for_verified_email(email: str):
    """The one active account with this email address, or None (none, or several)."""
    users = list(
        get_user_model().objects.filter(email__iexact=email, is_active=True)[:2]
    )
    return users[0] if len(users) == 1 else None


def sso_invitation_accept(request: HttpRequest, *, email: str):
    """Accept the invitation whose link this person followed, for a verified email.

    Part C's invitation page stores the link's token in the session under
    ``INVITATION_SESSION_KEY``; its service does the accepting (it checks the link is
    waiting, not expired or withdrawn, creates or links the account and gives the
    role). Returns the account, or None when there is no invitation in the session.
    """
    token = request.session.get(INVITATION_SESSION_KEY)
    if not token:
        return None
    try:
        from projects.invitations.services import invitation_accept_sso
    except ImportError:  # invitations not installed in this build
        return None
    return invitation_accept_sso(request=request, token=token, email=email)


def _refuse(request: HttpRequest, provider_name: str, message: str):
    return ImmediateHttpResponse(
        render(
            request,
            "account/sso_refused.html",
            {"provider_name": provider_name, "message": message},
            status=403,
        )
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """SSO never opens an account on its own: see the module docstring."""

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        app = sociallogin.provider.app
        name = app.name or sociallogin.provider.name
        try:
            email = sso_email_check(name, app.settings, sociallogin)
        except SSORefused as refused:
            raise _refuse(request, name, str(refused)) from refused
        if sociallogin.is_existing:
            return
        user = sso_invitation_accept(request, email=email) or user_for_verified_email(
            email
        )
        if user is None:
            raise _refuse(
                request,
                name,
                f"There is no account for {email} on this site. Ask the person who "
                "runs your programme to send you an invitation, then follow the link "
                "in it.",
            )
        sociallogin.connect(request, user)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        # Includes an ID token from a tenant that is not allowed (allauth's issuer
        # check) and a person who pressed "Deny" at the provider.
        name = getattr(getattr(provider, "app", None), "name", "") or provider.name
        raise _refuse(
            request,
            name,
            f"{name} did not sign you in here. If your organisation is not one of "
            "those set up for this site, sign in with your username and password, or "
            "ask the person who runs your programme.",
        )

    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        # Accounts come from invitations; pre_social_login has refused anyone else.
        return False

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin) -> bool:
        return False
