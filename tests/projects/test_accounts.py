from django.core import mail
from django.urls import reverse

from ..factories import UserFactory


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
