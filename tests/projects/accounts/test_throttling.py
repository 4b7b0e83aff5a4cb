"""Throttling that protects people instead of locking them out: the figures come from
settings (LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURE_MINUTES,
PASSWORD_RESETS_PER_EMAIL, PASSWORD_RESETS_PER_ADDRESS) and are measured here."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "a-long-test-password"
REFUSED = "Too many tries"


def attempt(client, login, password, ip):
    response = client.post(
        reverse("account_login"),
        {"login": login, "password": password},
        REMOTE_ADDR=ip,
    )
    if response.status_code == 302:
        outcome = "signed in"
        client.post(reverse("account_logout"))
    elif REFUSED in response.content.decode():
        outcome = "refused"
    else:
        outcome = "wrong"
    return outcome


@pytest.fixture
def cam(db):
    return UserFactory(username="cam", email="cam@example.org", password=PASSWORD)


def test_wrong_passwords_from_one_address_do_not_stop_the_person_elsewhere(
    client, cam, settings
):
    stranger = [attempt(client, "cam", "wrong", "203.0.113.9") for _ in range(7)]
    # Measured: the first 5 are answered "wrong", the rest refused.
    assert stranger == ["wrong"] * 5 + ["refused"] * 2
    assert settings.LOGIN_FAILURES_PER_ACCOUNT == 5
    # Even the right password is refused from the stranger's address...
    assert attempt(client, "cam", PASSWORD, "203.0.113.9") == "refused"
    # ...but Cam signs in from their own address, by username or email.
    assert attempt(client, "cam", PASSWORD, "198.51.100.20") == "signed in"
    assert attempt(client, "cam@example.org", PASSWORD, "198.51.100.20") == "signed in"


def test_many_usernames_from_one_address_are_refused_after_the_address_limit(
    client, cam, settings
):
    outcomes = [
        attempt(client, f"person{n}", "guess", "203.0.113.7") for n in range(20)
    ]
    limit = settings.LOGIN_FAILURES_PER_ADDRESS
    assert limit == 15
    # Measured: 15 tries answered, tries 16 to 20 refused without checking a password.
    assert outcomes == ["wrong"] * limit + ["refused"] * (20 - limit)
    assert attempt(client, "cam", PASSWORD, "203.0.113.7") == "refused"
    # Other addresses are not affected.
    assert attempt(client, "cam", PASSWORD, "198.51.100.20") == "signed in"


def test_the_wait_ends_on_time_however_often_a_stranger_keeps_trying(
    client, cam, monkeypatch
):
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    for _ in range(5):
        assert attempt(client, "cam", "wrong", "203.0.113.9") == "wrong"
    # Trying every minute while refused does not move the end of the wait...
    for _ in range(14):
        now[0] += 60
        assert attempt(client, "cam", "wrong", "203.0.113.9") == "refused"
    # ...which comes 15 minutes after the first counted failure.
    now[0] += 61
    assert attempt(client, "cam", PASSWORD, "203.0.113.9") == "signed in"


def test_a_right_password_clears_nothing_for_strangers_but_counts_no_failure(
    client, cam
):
    for _ in range(4):
        attempt(client, "cam", "wrong", "198.51.100.20")
    assert attempt(client, "cam", PASSWORD, "198.51.100.20") == "signed in"
    assert attempt(client, "cam", "wrong", "198.51.100.20") == "wrong"


def reset(client, email, ip):
    return client.post(
        reverse("account_reset_password"), {"email": email}, REMOTE_ADDR=ip
    ).status_code


def test_password_reset_beyond_the_limit_sends_nothing_known_or_unknown(
    client, cam, settings
):
    known = [reset(client, "cam@example.org", "192.0.2.1") for _ in range(5)]
    unknown = [reset(client, "nobody@example.org", "192.0.2.1") for _ in range(5)]
    per_email = settings.PASSWORD_RESETS_PER_EMAIL
    assert per_email == 3
    # Measured: 3 requests for one address answered, the 4th and 5th refused (429),
    # the same for an address with no account.
    assert known == unknown == [302] * per_email + [429] * (5 - per_email)
    assert len(mail.outbox) == per_email
    assert {tuple(m.to) for m in mail.outbox} == {("cam@example.org",)}


def test_password_reset_is_limited_per_address_across_emails(client, cam, settings):
    answers = [reset(client, f"p{n}@example.org", "192.0.2.2") for n in range(12)]
    limit = settings.PASSWORD_RESETS_PER_ADDRESS
    assert limit == 10
    assert answers == [302] * limit + [429] * (12 - limit)
    assert reset(client, "cam@example.org", "192.0.2.2") == 429
    assert mail.outbox == []
    assert reset(client, "cam@example.org", "192.0.2.3") == 302
    assert len(mail.outbox) == 1


def test_behind_a_proxy_the_visitors_address_counts_not_the_proxys(
    client, cam, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def via_proxy(password, visitor):
        response = client.post(
            reverse("account_login"),
            {"login": "cam", "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=visitor,
        )
        client.post(reverse("account_logout"))
        return response.status_code

    for _ in range(6):
        via_proxy("wrong", "203.0.113.9")
    assert via_proxy(PASSWORD, "203.0.113.9") == 200  # refused
    assert via_proxy(PASSWORD, "198.51.100.20") == 302  # signed in
