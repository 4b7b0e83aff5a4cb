"""The accessibility statement and the privacy notice: public, with the operator's
details from settings, linked from every page footer."""

import pytest
from django.urls import reverse

from tests.evaluation.matrix.factories import PRINCIPLES, make_link, open_round

STATEMENTS = ["site:accessibility", "site:privacy"]


@pytest.fixture
def operator(settings):
    settings.OPERATOR_NAME = "Riverside Integrated Care Board"
    settings.OPERATOR_EMAIL = "access@riverside.example"
    settings.OPERATOR_ADDRESS = "1 Quay Street, Riverside RV1 2AB"


@pytest.mark.parametrize("name", STATEMENTS)
def test_statements_are_public_and_name_the_operator(client, db, operator, name):
    response = client.get(reverse(name))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Riverside Integrated Care Board" in body
    assert 'href="mailto:access@riverside.example"' in body
    assert "1 Quay Street, Riverside RV1 2AB" in body


@pytest.mark.parametrize("name", STATEMENTS)
def test_statements_have_safe_defaults_without_operator_settings(client, db, name):
    body = client.get(reverse(name)).content.decode()
    assert "This website is run by the organisation that runs this site" in body
    assert "mailto:" not in body
    assert "Ask the person who invited you" in body


def test_the_accessibility_statement_follows_the_model_and_lists_our_checks(
    client, db, operator
):
    body = client.get(reverse("site:accessibility")).content.decode()
    for heading in [
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this website’s accessibility",
        "Compliance status",
        "What we do to check accessibility",
        "Preparation of this accessibility statement",
    ]:
        assert heading in body, heading
    for check in [
        "axe-core",
        "keyboard alone",
        "390 pixels",
        "320, 375 and 1280 pixels wide",
        "Skip to main content",
    ]:
        assert check in body, check
    # Honest about what is not tested.
    assert "we do not yet test at 400% zoom" in body


def test_the_privacy_notice_states_the_sign_in_limits(client, db, settings):
    settings.SESSION_IDLE_MINUTES = 20
    body = client.get(reverse("site:privacy")).content.decode()
    assert "after 20 minutes without use" in body
    assert f"after {settings.SESSION_COOKIE_AGE // 3600} hours" in body


def footer(body: str) -> str:
    return body[body.index("<footer") : body.index("</footer>")]


@pytest.mark.parametrize("signed_in", [False, True])
def test_signed_in_and_sign_in_pages_link_both_statements_in_the_footer(
    client, facilitator, signed_in
):
    if signed_in:
        client.force_login(facilitator)
        url = reverse("projects:project_list")
    else:
        url = reverse("account_login")
    body = footer(client.get(url).content.decode())
    assert f'href="{reverse("site:accessibility")}"' in body
    assert f'href="{reverse("site:privacy")}"' in body


def test_participant_pages_link_both_statements_in_the_footer(client, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    _, token = make_link(scoring_round)
    for url in [
        reverse("evaluation:score_start", args=[token]),
        reverse("evaluation:score_start", args=["no-such-link"]),
    ]:
        body = footer(client.get(url).content.decode())
        assert f'href="{reverse("site:accessibility")}"' in body, url
        assert f'href="{reverse("site:privacy")}"' in body, url


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    page = client.get("/accessibility/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
