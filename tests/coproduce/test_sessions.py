"""Sign-in limits: idle timeout, the absolute limit, sign out everywhere, the list of
sign-ins on the account page."""

import datetime

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce import sessions
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"
FIREFOX = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


def sign_in(username, *, user_agent=FIREFOX, address="127.0.0.1"):
    """A browser that signs in through the sign-in form."""
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post(
        reverse("account_login"), {"login": username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def age_stamp(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


@pytest.fixture
def person(db):
    return UserFactory(username="pat")


def test_a_session_idle_past_the_limit_signs_out_with_a_plain_message(
    client, person, settings
):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(person)
    assert client.get(reverse("projects:project_list")).status_code == 200
    age_stamp(client, sessions.LAST_SEEN_KEY, 31 * 60)

    response = client.get(reverse("projects:project_list"), follow=True)

    first_url, status = response.redirect_chain[0]
    assert status == 302
    assert first_url.startswith(reverse("account_login"))
    assert "next=/projects/" in first_url
    assert "had not used Coproduce for 30 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("projects:project_list")).status_code == 302


def test_a_session_used_within_the_idle_limit_stays_signed_in(client, person, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(person)
    client.get(reverse("projects:project_list"))
    age_stamp(client, sessions.LAST_SEEN_KEY, 29 * 60)

    assert client.get(reverse("projects:project_list")).status_code == 200
    # The visit moved the last-seen stamp on, so another 29 minutes are fine too.
    age_stamp(client, sessions.LAST_SEEN_KEY, 29 * 60)
    assert client.get(reverse("projects:project_list")).status_code == 200


def test_the_idle_limit_comes_from_the_environment_setting(client, person, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(person)
    client.get(reverse("projects:project_list"))
    age_stamp(client, sessions.LAST_SEEN_KEY, 6 * 60)
    response = client.get(reverse("projects:project_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_absolute_limit_ends_a_busy_session(client, person, settings):
    hours = settings.SESSION_COOKIE_AGE // 3600
    assert hours == 10  # SESSION_HOURS' default is unchanged
    client.force_login(person)
    client.get(reverse("projects:project_list"))
    # Used a minute ago, but signed in more than SESSION_HOURS ago.
    age_stamp(client, sessions.SIGNED_IN_KEY, hours * 3600 + 60)

    response = client.get(reverse("projects:project_list"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert f"signed in more than {hours} hours ago" in response.content.decode()


def test_an_htmx_request_after_idling_sends_the_whole_tab_to_sign_in(
    client, person, settings
):
    client.force_login(person)
    client.get(reverse("projects:project_list"))
    age_stamp(client, sessions.LAST_SEEN_KEY, settings.SESSION_IDLE_MINUTES * 60 + 1)
    response = client.get(reverse("projects:project_list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("account_login")


def test_sign_out_everywhere_ends_every_session_this_one_included(person):
    laptop = sign_in("pat")
    phone = sign_in("pat", user_agent=CHROME_ANDROID, address="192.0.2.10")
    assert phone.get(reverse("site:account")).status_code == 200

    response = laptop.post(reverse("site:sign_out_everywhere"), follow=True)

    assert "signed out here and on 1 other device" in response.content.decode()
    for client in (laptop, phone):
        response = client.get(reverse("site:account"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert sessions.sign_ins_for(person) == []


def test_sign_out_everywhere_leaves_other_people_signed_in(person):
    other = UserFactory(username="sam")
    mine = sign_in("pat")
    theirs = sign_in("sam")
    mine.post(reverse("site:sign_out_everywhere"))
    assert theirs.get(reverse("site:account")).status_code == 200
    assert len(sessions.sign_ins_for(other)) == 1


def test_sign_out_everywhere_answers_only_post(client, person):
    client.force_login(person)
    assert client.get(reverse("site:sign_out_everywhere")).status_code == 405
    assert client.get(reverse("site:account")).status_code == 200


def test_the_account_page_lists_recent_sign_ins_with_address_and_browser(person):
    sign_in("pat", user_agent=CHROME_ANDROID, address="192.0.2.10")
    laptop = sign_in("pat")

    body = laptop.get(reverse("site:account")).content.decode()

    assert "Where you are signed in" in body
    assert "192.0.2.10" in body and "Chrome on Android" in body
    assert "127.0.0.1" in body and "Firefox on Windows" in body
    assert body.count("This device") == 1
    # Newest sign-in first: the laptop (this device) comes before the phone.
    assert body.index("Firefox on Windows") < body.index("Chrome on Android")


def test_the_account_page_shows_nobody_elses_sign_ins(person):
    sign_in("pat", address="192.0.2.44")
    UserFactory(username="sam")
    body = sign_in("sam").get(reverse("site:account")).content.decode()
    assert "192.0.2.44" not in body


def test_the_account_page_is_linked_from_the_menu(client, person):
    client.force_login(person)
    body = client.get(reverse("projects:project_list")).content.decode()
    assert f'href="{reverse("site:account")}"' in body


@pytest.mark.parametrize(
    "agent, name",
    [
        (FIREFOX, "Firefox on Windows"),
        (CHROME_ANDROID, "Chrome on Android"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.2 Safari/605.1.15",
            "Safari on Mac",
        ),
        ("", "Unknown browser"),
    ],
)
def test_browser_names_are_short_and_plain(agent, name):
    assert sessions.browser_name(agent) == name


def test_allauths_own_sessions_page_leads_to_the_account_page(person):
    client = sign_in("pat")
    response = client.get("/accounts/sessions/")
    assert response.status_code == 302
    assert response.url == reverse("site:account")


def test_the_account_page_shows_when_each_sign_in_was_last_used(person):
    client = sign_in("pat")
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    UserSession.objects.update(created_at=hour_ago, last_seen_at=hour_ago)
    age_stamp(client, sessions.LAST_SEEN_KEY, 5 * 60)

    client.get(reverse("projects:project_list"))

    [row] = sessions.sign_ins_for(person)
    assert row.created_at == hour_ago
    assert row.last_seen_at > timezone.now() - datetime.timedelta(minutes=1)


def test_a_page_view_within_a_minute_writes_nothing_to_the_session(
    client, person, django_assert_num_queries
):
    client.force_login(person)
    client.get(reverse("site:privacy"))
    # Sessions and the user are read; the session is not saved again.
    with django_assert_num_queries(2):
        client.get(reverse("site:privacy"))


def test_sign_out_everywhere_also_ends_sessions_opened_before_the_list(person):
    # force_login makes a session without a sign-in row, like one from before.
    laptop, old_tab = Client(), Client()
    laptop.force_login(person)
    old_tab.force_login(person)
    bystander = Client()
    bystander.force_login(UserFactory(username="sam"))

    response = laptop.post(reverse("site:sign_out_everywhere"), follow=True)

    assert "signed out here and on 1 other device" in response.content.decode()
    assert old_tab.get(reverse("site:account")).status_code == 302
    assert bystander.get(reverse("site:account")).status_code == 200
