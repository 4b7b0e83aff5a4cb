"""Single sign-on providers built from the environment, and the claim rules."""

from coproduce.sso_providers import ENTRA, GENERIC, sso_apps
from projects.accounts.sso import verified_email


def test_no_variables_means_no_sso_providers():
    assert sso_apps({}) == []


def test_entra_uses_the_organizations_endpoint_and_allows_only_the_listed_tenants():
    (app,) = sso_apps(
        {
            "SSO_ENTRA_TENANTS": "AAA-icb, bbb-council,ccc-charity",
            "SSO_ENTRA_CLIENT_ID": "client-1",
            "SSO_ENTRA_SECRET": "s3cret",
        }
    )

    assert app["provider_id"] == "entra"
    assert app["name"] == "Microsoft"
    assert (app["client_id"], app["secret"]) == ("client-1", "s3cret")
    settings = app["settings"]
    assert settings["server_url"] == (
        "https://login.microsoftonline.com/organizations/v2.0"
    )
    assert settings["openid_configuration_overrides"]["issuer"] == [
        "https://login.microsoftonline.com/aaa-icb/v2.0",
        "https://login.microsoftonline.com/bbb-council/v2.0",
        "https://login.microsoftonline.com/ccc-charity/v2.0",
    ]
    assert settings["coproduce_tenants"] == ["aaa-icb", "bbb-council", "ccc-charity"]
    assert settings["fetch_userinfo"] is False


def test_entra_needs_both_tenants_and_a_client_id():
    assert sso_apps({"SSO_ENTRA_TENANTS": "aaa"}) == []
    assert sso_apps({"SSO_ENTRA_CLIENT_ID": "client-1"}) == []


def test_a_generic_provider_takes_its_name_and_allowed_domains_from_the_environment():
    (app,) = sso_apps(
        {
            "SSO_OIDC_ISSUER": "https://accounts.example.org/",
            "SSO_OIDC_CLIENT_ID": "client-2",
            "SSO_OIDC_SECRET": "s3cret",
            "SSO_OIDC_NAME": "Google",
            "SSO_OIDC_ALLOWED_DOMAINS": "Charity.org.uk, helpers.org.uk",
        }
    )

    assert (app["provider_id"], app["name"]) == ("oidc", "Google")
    assert app["settings"]["server_url"] == "https://accounts.example.org"
    assert app["settings"]["coproduce_allowed_domains"] == [
        "charity.org.uk",
        "helpers.org.uk",
    ]


def test_both_kinds_can_be_configured_together():
    apps = sso_apps(
        {
            "SSO_ENTRA_TENANTS": "aaa",
            "SSO_ENTRA_CLIENT_ID": "c1",
            "SSO_OIDC_ISSUER": "https://idp.example.org",
            "SSO_OIDC_CLIENT_ID": "c2",
        }
    )

    assert [app["provider_id"] for app in apps] == ["entra", "oidc"]


def test_a_generic_email_counts_only_when_marked_verified():
    assert verified_email(
        GENERIC, {}, {"email": "A@x.org", "email_verified": True}
    ) == ("a@x.org")
    assert verified_email(GENERIC, {}, {"email": "a@x.org", "email_verified": "true"})
    assert not verified_email(GENERIC, {}, {"email": "a@x.org"})
    assert not verified_email(GENERIC, {}, {"email": "a@x.org", "email_verified": "no"})


def test_an_entra_email_counts_only_with_the_trusted_claims():
    assert (
        verified_email(ENTRA, {"email": "a@x.org", "xms_edov": True}, {}) == "a@x.org"
    )
    listed = {"email": "a@x.org", "verified_secondary_email": ["A@x.org"]}
    assert verified_email(ENTRA, listed, listed) == "a@x.org"
    # email_verified is not a claim Entra sends; a token claiming it proves nothing.
    assert not verified_email(ENTRA, {"email": "a@x.org", "email_verified": True}, {})


def test_a_verified_flag_for_another_address_does_not_vouch_for_this_one():
    id_token = {"email": "a@x.org", "email_verified": True}
    userinfo = {"email": "b@x.org"}

    assert not verified_email(GENERIC, id_token, userinfo)
