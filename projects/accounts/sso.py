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
from allauth.socialaccount.providers.base import AuthProcess
from allauth.utils import generate_unique_username
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import render

from coproduce.sso_providers import (
    ENTRA,
    ENTRA_AUTHORITY,
    GENERIC,
    entra_issuer,
)
from projects.invitations import services as invitation_services
from projects.models import Invitation


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
    # The address and its verified flag are read from the same set of claims.
    source = profile if profile.get("email") else id_token
    email = str(source.get("email") or "").strip().lower()
    if not email or "@" not in email:
        return ""
    if kind == ENTRA:
        listed = [
            str(address).strip().lower()
            for claim in ("verified_primary_email", "verified_secondary_email")
            for address in (id_token.get(claim) or [])
        ]
        return email if _truthy(id_token.get("xms_edov")) or email in listed else ""
    return email if _truthy(source.get("email_verified")) else ""


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


def pending_invitation(request: HttpRequest):
    """The invitation this person opened before going to their provider, if any.

    The invitation page keeps it in the session (``invitation_remember``), because
    single sign-on leaves the site and comes back."""
    key = request.session.get(invitation_services.SESSION_KEY)
    if not key:
        return None
    return (
        Invitation.objects.select_related("programme", "project")
        .filter(token_hash=key)
        .first()
    )


def sso_invitation_accept(*, request: HttpRequest, invitation, email: str, user):
    """Accept ``invitation`` for the person the provider vouched for (``email``).

    Links it to ``user`` (their existing account), or makes the invited account when
    there is none: the account has the invited address and no password, so it signs
    in only through single sign-on until a password is set. Raises ``SSORefused``
    with a plain message when the invitation is used, expired or withdrawn, or was
    sent to another address. Returns the account."""
    try:
        invitation_services.invitation_check(invitation)
        if email != invitation.email.strip().lower():
            raise ValidationError(
                f"This invitation was sent to a different email address from the one "
                f"your organisation's account uses ({email}). Ask the person who "
                "invited you for an invitation to that address."
            )
        if user is None:
            user = invitation_services.invitation_account_create(
                invitation=invitation,
                username=generate_unique_username([email.split("@")[0], "member"]),
                password=None,
            )
        else:
            invitation_services.invitation_accept(invitation=invitation, user=user)
    except ValidationError as error:
        raise SSORefused(error.messages[0]) from error
    invitation_services.invitation_forget(session=request.session)
    messages.success(request, f"Welcome. You now have access to {invitation.scope}.")
    return user


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
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            # A signed-in person adding this sign-in to their own account
            # (Account page): allauth links it to them, not to an email match.
            return
        if sociallogin.is_existing:
            user = sociallogin.user
        else:
            user = user_for_verified_email(email)
        invitation = pending_invitation(request)
        if invitation is not None:
            try:
                user = sso_invitation_accept(
                    request=request, invitation=invitation, email=email, user=user
                )
            except SSORefused as refused:
                if user is None:
                    raise _refuse(request, name, str(refused)) from refused
                # They have an account: sign them in and say why the link did not work.
                messages.error(request, str(refused))
            else:
                sociallogin.state["next"] = invitation.scope.get_absolute_url()
        if user is None:
            raise _refuse(
                request,
                name,
                f"There is no account for {email} on this site. Ask the person who "
                "runs your programme to send you an invitation, then follow the link "
                "in it.",
            )
        if not sociallogin.is_existing:
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
