"""The single sign-on providers, built from the environment for settings.py.

Both kinds are apps of allauth's ``openid_connect`` provider (no database rows needed):
Microsoft Entra ID for several organisations at once (an ICB, a council and a charity on
one site) through the multi-tenant "organizations" endpoint, its ID tokens' issuer checked
against the allowed tenants; and any other OpenID Connect provider, optionally limited to
some email domains. No Django imports: settings.py imports this module. The rules a
sign-in must pass with these settings are in projects/accounts/sso.py.
"""

from __future__ import annotations

from collections.abc import Mapping

ENTRA_AUTHORITY = "https://login.microsoftonline.com"
ENTRA = "entra"
GENERIC = "oidc"


def _env_list(environ: Mapping[str, str], name: str) -> list[str]:
    return [
        item.strip().lower()
        for item in environ.get(name, "").split(",")
        if item.strip()
    ]


def entra_issuer(authority: str, tenant: str) -> str:
    """The issuer Entra ID writes into the ID tokens of one tenant's users."""
    return f"{authority.rstrip('/')}/{tenant}/v2.0"


def entra_app(
    *,
    client_id: str,
    secret: str,
    tenants: list[str],
    name: str = "Microsoft",
    authority: str = ENTRA_AUTHORITY,
    allowed_domains: list[str] | None = None,
) -> dict:
    """An ``openid_connect`` app for Entra ID that accepts only the listed tenants."""
    authority = authority.rstrip("/")
    return {
        "provider_id": ENTRA,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": f"{authority}/organizations/v2.0",
            # PKCE on top of the client secret: a stolen code is useless on its own.
            "oauth_pkce_enabled": True,
            # Entra's discovery document names the issuer with a "{tenantid}"
            # placeholder; allauth checks the ID token's issuer against this list.
            "openid_configuration_overrides": {
                "issuer": [entra_issuer(authority, tenant) for tenant in tenants]
            },
            # The ID token carries tid and the email claims; Graph's userinfo does not.
            "fetch_userinfo": False,
            "coproduce_kind": ENTRA,
            "coproduce_authority": authority,
            "coproduce_tenants": list(tenants),
            "coproduce_allowed_domains": list(allowed_domains or []),
        },
    }


def oidc_app(
    *,
    issuer: str,
    client_id: str,
    secret: str,
    name: str,
    provider_id: str = GENERIC,
    allowed_domains: list[str] | None = None,
) -> dict:
    """An ``openid_connect`` app for any provider that publishes discovery metadata."""
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": issuer.rstrip("/"),
            "oauth_pkce_enabled": True,
            "coproduce_kind": GENERIC,
            "coproduce_allowed_domains": [d.lower() for d in allowed_domains or []],
        },
    }


def sso_apps(environ: Mapping[str, str]) -> list[dict]:
    """The SSO providers the environment configures (none when nothing is set)."""
    apps = []
    tenants = _env_list(environ, "SSO_ENTRA_TENANTS")
    if tenants and environ.get("SSO_ENTRA_CLIENT_ID"):
        apps.append(
            entra_app(
                client_id=environ["SSO_ENTRA_CLIENT_ID"],
                secret=environ.get("SSO_ENTRA_SECRET", ""),
                tenants=tenants,
                name=environ.get("SSO_ENTRA_NAME") or "Microsoft",
                authority=environ.get("SSO_ENTRA_AUTHORITY") or ENTRA_AUTHORITY,
                allowed_domains=_env_list(environ, "SSO_ENTRA_ALLOWED_DOMAINS"),
            )
        )
    if environ.get("SSO_OIDC_ISSUER") and environ.get("SSO_OIDC_CLIENT_ID"):
        apps.append(
            oidc_app(
                issuer=environ["SSO_OIDC_ISSUER"],
                client_id=environ["SSO_OIDC_CLIENT_ID"],
                secret=environ.get("SSO_OIDC_SECRET", ""),
                name=environ.get("SSO_OIDC_NAME") or "single sign-on",
                allowed_domains=_env_list(environ, "SSO_OIDC_ALLOWED_DOMAINS"),
            )
        )
    return apps
