"""The second sign-in step in Chromium: a staff member is led to set one up straight
after signing in, adds a passkey through Chromium's virtual authenticator (CDP
WebAuthn domain), then signs in with the passkey alone and with password + key."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache

from tests.e2e.conftest import ARTEFACTS, check_page
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def staff(transactional_db, settings):
    # The live server is plain http://localhost; browsers treat it as secure, and
    # this lets the server-side check accept that origin.
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    cache.clear()
    return UserFactory(username="stella", is_staff=True, password=PASSWORD)


def virtual_authenticator(context, page):
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def password_sign_in(page, live_server, login):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email address").fill(login)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def shoot(page, name):
    """Screenshots at phone width too, for people to look at."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(ARTEFACTS / f"{name}-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    check_page(page, name)


def test_staff_enrol_a_passkey_and_sign_in_with_it(context, live_server, staff):
    page = context.new_page()
    cdp, authenticator_id = virtual_authenticator(context, page)

    password_sign_in(page, live_server, "stella")
    page.wait_for_url(re.compile(r".*/accounts/2fa/$"))
    assert page.get_by_text("Set up a second sign-in step to go on").is_visible()
    shoot(page, "60-mfa-enrol")
    # Other pages wait until the second step is set up.
    page.goto(f"{live_server.url}/projects/")
    assert page.url.endswith("/accounts/2fa/")

    page.get_by_role("link", name="Set up an authenticator app").click()
    page.wait_for_url(re.compile(r".*/accounts/reauthenticate/"))
    page.locator("#id_password").fill(PASSWORD)
    shoot(page, "61-mfa-confirm-it-is-you")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r".*/totp/activate/$"))
    shoot(page, "62-mfa-authenticator-app")

    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.get_by_label("A name to know it by").fill("Laptop")
    page.get_by_label("Sign in with this alone (a passkey)").check()
    shoot(page, "63-mfa-add-passkey")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r".*/recovery-codes/$"))
    shoot(page, "64-mfa-recovery-codes")
    key = Authenticator.objects.get(user=staff, type="webauthn")
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert [c["isResidentCredential"] for c in stored["credentials"]] == [True]
    assert key.wrap().name == "Laptop" and key.wrap().is_passwordless
    page.goto(f"{live_server.url}/projects/")
    assert page.url.endswith("/projects/")

    # Signed out, the passkey alone signs Stella in.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/accounts/login/"))
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(re.compile(r".*/(dashboard|projects)/.*"))
    assert page.get_by_role("link", name="stella: your account").is_visible()

    # With the password, the site asks for the key as the second step.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/accounts/login/"))
    password_sign_in(page, live_server, "stella")
    page.wait_for_url(re.compile(r".*/2fa/authenticate/"))
    shoot(page, "65-mfa-second-step")
    page.get_by_role("button", name="Use your passkey or security key").click()
    page.wait_for_url(re.compile(r".*/(dashboard|projects)/.*"))
    # Admin works in the same signed-in session.
    page.goto(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name=re.compile("administration", re.I)).count()


def test_sign_in_page_at_phone_width(context, live_server, staff):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    shoot(page, "66-sign-in")
