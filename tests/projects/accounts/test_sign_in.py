import re

from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


def sign_in(client, login, password=PASSWORD, **extra):
    return client.post(
        reverse("account_login"), {"login": login, "password": password}, **extra
    )


def test_sign_in_by_username_and_out(client, db):
    UserFactory(username="sam", password=PASSWORD)
    response = sign_in(client, "sam")
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("projects:project_list")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("projects:project_list")).status_code == 302


def test_sign_in_by_email_address_in_any_case(client, db):
    user = UserFactory(username="sam", email="sam@example.org", password=PASSWORD)
    response = sign_in(client, "Sam@Example.org")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_says_so_plainly_and_signs_nobody_in(client, db):
    UserFactory(username="sam", password=PASSWORD)
    response = sign_in(client, "sam", "wrong")
    assert response.status_code == 200
    assert "did not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_there_is_no_open_sign_up(client, db):
    response = client.get(reverse("account_signup"))
    assert "Accounts are made by invitation" in response.content.decode()
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "username": "new",
            "password1": "a-long-new-password-1",
            "password2": "a-long-new-password-1",
        },
    )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="new").exists()


def test_password_reset_sends_an_email_only_to_real_accounts_with_one_answer(
    client, db
):
    UserFactory(username="sam", email="sam@example.org")
    answers = []
    for address in ("sam@example.org", "unknown@example.org"):
        response = client.post(reverse("account_reset_password"), {"email": address})
        answers.append((response.status_code, response.url))
    assert answers[0] == answers[1] == (302, reverse("account_reset_password_done"))
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    assert mail.outbox[0].subject == "Coproduce: Reset your password"
    assert "choose a new password" in mail.outbox[0].body


def test_the_reset_link_sets_a_new_password(client, db):
    user = UserFactory(username="sam", email="sam@example.org")
    client.post(reverse("account_reset_password"), {"email": "sam@example.org"})
    link = re.search(
        r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body
    )
    response = client.get(link.group(1), follow=True)
    form_url = (
        response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    )
    response = client.post(
        form_url,
        {
            "password1": "another-long-passphrase-9",
            "password2": "another-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-9")
    # The link works once.
    page = client.get(link.group(1), follow=True).content.decode()
    assert "This link does not work" in page


def test_password_change_page_works(client, db):
    user = UserFactory(username="sam", password=PASSWORD)
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-passphrase-9",
            "password2": "another-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-9")


def test_a_failed_sign_in_is_tied_to_both_boxes_and_focus_stays_in_the_first(
    client, db
):
    UserFactory(username="sam", password=PASSWORD)
    body = sign_in(client, "sam", "wrong").content.decode()
    assert '<div class="error-summary" role="alert" id="login-error">' in body
    login = re.search(r'<input[^>]*id="id_login"[^>]*>', body).group(0)
    password = re.search(r'<input[^>]*id="id_password"[^>]*>', body).group(0)
    for box in (login, password):
        assert 'aria-describedby="login-error"' in box and 'aria-invalid="true"' in box
    # The summary takes no tabindex, so error-summary.js leaves focus in the first box.
    assert "autofocus" in login and 'id="login-error" tabindex' not in body
    assert "<title>Error: Sign in" in body


def test_the_sign_in_page_describes_no_error_before_a_try(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert "aria-describedby" not in body and "<title>Sign in" in body
    assert "Username or email address" in body and "Sign in with a passkey" in body
