"""Password reset in Chromium: ask for a link, open it from the email, choose a new
password, sign in with it."""

import re

from django.core import mail
from django.core.cache import cache

from tests.e2e.test_mfa import shoot
from tests.factories import UserFactory


def test_reset_by_email_link_then_sign_in(context, live_server, transactional_db):
    cache.clear()
    user = UserFactory(username="sam", email="sam@example.org")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url(re.compile(r".*/password/reset/done/$"))
    shoot(page, "67-reset-check-your-email")
    link = re.search(r"https?://\S+/password/reset/key/\S+", mail.outbox[0].body)
    page.goto(link.group(0))
    page.wait_for_url(re.compile(r".*/password/reset/key/[^/]+-set-password/$"))
    page.locator("#id_password1").fill("another-long-passphrase-9")
    page.locator("#id_password2").fill("another-long-passphrase-9")
    shoot(page, "68-reset-choose-a-new-password")
    page.get_by_role("button", name="Save the new password").click()
    page.wait_for_url(re.compile(r".*/password/reset/key/done/$"))
    shoot(page, "69-reset-password-changed")
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-9")
