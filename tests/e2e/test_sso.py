"""Single sign-on in Chromium against a real OpenID Connect provider on loopback.

The person presses "Sign in with ...", approves on the provider's own page
(oidc-provider-mock), and comes back signed in; someone from a domain the second
provider does not allow is refused, and nothing is saved.
"""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from coproduce.sso_providers import oidc_app
from tests.e2e.conftest import ARTEFACTS, check_page
from tests.factories import UserFactory
from tests.projects.accounts.sso_provider import generic_provider


@pytest.fixture(scope="module")
def nhs_provider():
    with generic_provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def charity_provider():
    with generic_provider() as provider:
        yield provider


@pytest.fixture
def providers(settings, nhs_provider, charity_provider):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                oidc_app(
                    issuer=nhs_provider.issuer,
                    client_id="coproduce-e2e",
                    secret="e2e-secret",
                    name="NHS mail",
                    provider_id="nhs",
                    allowed_domains=["nhs.test"],
                ),
                oidc_app(
                    issuer=charity_provider.issuer,
                    client_id="coproduce-e2e",
                    secret="e2e-secret",
                    name="Charity Google",
                    provider_id="charity",
                    allowed_domains=["charity.test"],
                ),
            ]
        }
    }


def authorise_at_provider(page, sub: str) -> None:
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()
    page.get_by_placeholder("sub").first.fill(sub)
    page.get_by_role("button", name="Authorize").first.click()


def test_sign_in_with_sso_lands_signed_in(
    transactional_db, context, live_server, providers, nhs_provider
):
    UserFactory(username="alice", email="alice@nhs.test")
    nhs_provider.add_person(
        "alice-sub", email="alice@nhs.test", email_verified=True, name="Alice"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    button = page.get_by_role("button", name="Sign in with NHS mail")
    expect(button).to_be_visible()
    check_page(page, "sso-sign-in-1280")

    button.click()
    authorise_at_provider(page, "alice-sub")

    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/"))
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()
    assert SocialAccount.objects.get().user.username == "alice"

    # The account page leads to the organisation accounts the person signs in with.
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Organisation accounts you sign in with").click()
    expect(page.get_by_label("NHS mail: alice@nhs.test")).to_be_visible()
    check_page(page, "sso-connections-1280")


def test_sign_in_page_on_a_phone_shows_the_sso_buttons(
    transactional_db, phone_context, live_server, providers
):
    page = phone_context.new_page()
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/accounts/login/")
    for name in ("Sign in with NHS mail", "Sign in with Charity Google"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    check_page(page, "sso-sign-in-375")

    # A link straight to a provider asks before leaving the site.
    page.goto(f"{live_server.url}/accounts/oidc/nhs/login/")
    expect(page.get_by_role("button", name="Continue to NHS mail")).to_be_visible()
    check_page(page, "sso-continue-375")


def test_a_domain_the_second_provider_does_not_allow_is_refused(
    transactional_db, context, live_server, providers, charity_provider
):
    UserFactory(username="dan", email="dan@nhs.test")
    charity_provider.add_person("dan-sub", email="dan@nhs.test", email_verified=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")

    page.get_by_role("button", name="Sign in with Charity Google").click()
    authorise_at_provider(page, "dan-sub")

    expect(
        page.get_by_role("heading", name="You cannot sign in with Charity Google")
    ).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        "Accounts from nhs.test cannot sign in here"
    )
    check_page(page, "sso-refused-1280")
    page.set_viewport_size({"width": 375, "height": 812})
    check_page(page, "sso-refused-375")
    assert not SocialAccount.objects.exists()
    assert get_user_model().objects.count() == 1
    assert (ARTEFACTS / "sso-refused-1280.png").exists()
