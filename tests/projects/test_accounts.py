import re

from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


def test_sign_in_and_out(client, db):
    UserFactory(username="sam", password="a-long-test-password")
    response = client.post(
        reverse("login"), {"username": "sam", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert client.get(reverse("projects:project_list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("projects:project_list")).status_code == 302


def test_repeated_failures_lock_the_account_without_revealing_it_exists(client, db):
    UserFactory(username="sam", password="a-long-test-password")
    bodies = {}
    for username in ("sam", "nobody-here"):
        for _ in range(6):
            response = client.post(
                reverse("login"), {"username": username, "password": "wrong"}
            )
        bodies[username] = (
            response.status_code,
            "too many" in response.content.decode().lower(),
        )
    assert bodies["sam"] == bodies["nobody-here"] == (429, True)
    # Even the right password is refused while the lock lasts.
    response = client.post(
        reverse("login"), {"username": "sam", "password": "a-long-test-password"}
    )
    assert response.status_code == 429


def test_password_reset_sends_an_email_only_to_real_accounts(client, db):
    UserFactory(username="sam", email="sam@example.org")
    for address in ("sam@example.org", "unknown@example.org"):
        response = client.post(reverse("password_reset"), {"email": address})
        assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_password_change_page_works(client, db):
    user = UserFactory(username="sam", password="a-long-test-password")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "another-long-passphrase-9",
            "new_password2": "another-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-9")


def test_a_failed_sign_in_is_tied_to_both_boxes_and_focus_stays_in_username(client, db):
    UserFactory(username="sam", password="a-long-test-password")
    body = client.post(
        reverse("login"), {"username": "sam", "password": "wrong"}
    ).content.decode()
    assert '<div class="error-summary" role="alert" id="login-error">' in body
    username = re.search(r'<input[^>]*id="id_username"[^>]*>', body).group(0)
    password = re.search(r'<input[^>]*id="id_password"[^>]*>', body).group(0)
    for box in (username, password):
        assert 'aria-describedby="login-error"' in box and 'aria-invalid="true"' in box
    # The summary takes no tabindex, so error-summary.js leaves focus in the username.
    assert "autofocus" in username and 'id="login-error" tabindex' not in body
    assert "<title>Error: Sign in" in body


def test_the_sign_in_page_describes_no_error_before_a_try(client, db):
    body = client.get(reverse("login")).content.decode()
    assert "aria-describedby" not in body and "<title>Sign in" in body
