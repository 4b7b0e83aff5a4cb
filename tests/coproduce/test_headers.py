"""Headers and small holes: Cache-Control on personal pages, a CSP on admin, and
``next``/Cancel targets that stay on this site."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.evaluation.matrix.factories import PRINCIPLES, make_link, open_round

NO_STORE = {"no-store", "private"}


def cache_directives(response) -> set[str]:
    header = response.headers.get("Cache-Control", "")
    return {part.strip() for part in header.split(",") if part.strip()}


# --- Cache-Control --------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["projects:project_list", "projects:programme_list", "site:account"]
)
def test_pages_for_signed_in_people_are_not_stored(client, facilitator, name):
    client.force_login(facilitator)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert NO_STORE <= cache_directives(response)


def test_project_pages_are_not_stored(client, facilitator, project):
    client.force_login(facilitator)
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert NO_STORE <= cache_directives(response)


def test_downloads_are_not_stored(client, facilitator, programme):
    client.force_login(facilitator)
    response = client.get(reverse("evaluation:export_quotes", args=[programme.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert NO_STORE <= cache_directives(response)


def test_participant_pages_are_not_stored(client, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    _, token = make_link(scoring_round)
    for url in [
        reverse("evaluation:score_start", args=[token]),
        reverse("evaluation:score_step", args=[token, 1]),
        reverse("evaluation:member_review", args=["not-a-real-token"]),
    ]:
        response = client.get(url)
        assert NO_STORE <= cache_directives(response), url


@pytest.mark.parametrize("name", ["site:accessibility", "site:privacy"])
def test_the_statements_may_be_cached_even_when_signed_in(client, facilitator, name):
    client.force_login(facilitator)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)


def test_static_files_are_not_marked_no_store(client, facilitator, settings, tmp_path):
    # WhiteNoise answers static files before our middleware runs.
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.css").write_text("body {}")
    settings.STATIC_ROOT = static
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(facilitator)
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)


# --- Content-Security-Policy ------------------------------------------------------


def test_admin_pages_send_a_content_security_policy(client, superuser):
    client.force_login(superuser)
    for url in [
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[superuser.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-eval" not in policy


def test_admin_sign_in_redirect_sends_the_policy_too(client, db):
    response = client.get(reverse("admin:index"))
    assert "script-src 'self'" in response["Content-Security-Policy"]


# --- next and Cancel --------------------------------------------------------------


UNSAFE_NEXT = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "https://evil.example/phish",
    "//evil.example/phish",
    "http://testserver.evil.example/",
    "/\\evil.example",
]


@pytest.mark.parametrize("value", UNSAFE_NEXT)
def test_the_organisation_form_cancel_link_ignores_unsafe_next(
    client, facilitator, value
):
    client.force_login(facilitator)
    response = client.get(reverse("projects:organisation_create"), {"next": value})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("projects:project_list")}">Cancel</a>' in body
    assert "evil.example" not in body
    assert "javascript:" not in body.lower()


@pytest.mark.parametrize("value", UNSAFE_NEXT)
def test_adding_an_organisation_never_redirects_off_site(client, facilitator, value):
    client.force_login(facilitator)
    url = reverse("projects:organisation_create")
    response = client.post(
        f"{url}?{urlencode({'next': value})}",
        {"name": f"Org {len(value)}", "kind": "voluntary"},
    )
    assert response.status_code == 302
    assert response.url == reverse("projects:project_list")


def test_a_next_on_this_site_is_kept_for_cancel_and_after_saving(client, facilitator):
    client.force_login(facilitator)
    url = reverse("projects:organisation_create")
    back = reverse("projects:project_create") + "?programme=x"
    response = client.get(url, {"next": back})
    assert (
        f'href="{back.replace("&", "&amp;")}">Cancel</a>' in response.content.decode()
    )
    response = client.post(
        f"{url}?{urlencode({'next': back})}",
        {"name": "Riverside Carers", "kind": "voluntary"},
    )
    assert response.status_code == 302
    assert response.url == back


@pytest.mark.parametrize("value", UNSAFE_NEXT)
def test_signing_in_never_redirects_off_site(client, facilitator, value):
    response = client.post(
        reverse("account_login") + "?" + urlencode({"next": value}),
        {"login": facilitator.username, "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url
    assert not response.url.lower().startswith("javascript:")
