"""Admin under the Content-Security-Policy, and the site-wide pages (the account page,
the accessibility statement, the privacy notice) looked at on a phone and a desktop.

These contexts do not bypass the policy (the journeys' contexts do), so a script or
style that the policy blocks shows up as a console error here.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import ARTEFACTS, check_page, sign_in
from tests.factories import ProgrammeFactory, ProjectFactory, UserFactory

WIDTHS = {"phone": 375, "desktop": 1280}
# Other journeys empty artefacts/e2e/ when they start; these pictures are kept apart.
SHOTS = ARTEFACTS.parent / "site-pages"


def look(page, name):
    """axe-check the page and keep its picture in artefacts/site-pages/."""
    check_page(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def policy_context(browser, width, *, bypass_csp=False):
    # axe-core goes in as an inline script, which the policy (rightly) blocks.
    context = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=bypass_csp
    )
    context.set_default_timeout(15_000)
    return context


def watch_console(page) -> list[str]:
    """Console errors and warnings, and uncaught script errors. Admin pages ask for
    /favicon.ico, which is not there; that 404 is the one message let through."""
    problems: list[str] = []

    def note(message):
        if message.type in {"error", "warning"} and "status of 404" not in message.text:
            problems.append(message.text)

    page.on("console", note)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def signed_in_cookie(context, live_server, user):
    # Admin users must set up a second sign-in step; signing in for this check is
    # not what it is about, so the browser gets a session made by the test client.
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_admin_pages_work_under_the_policy_without_console_errors(
    transactional_db, browser, live_server
):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    project = ProjectFactory(programme=ProgrammeFactory())
    context = policy_context(browser, 1280)
    signed_in_cookie(context, live_server, admin)
    page = context.new_page()
    problems = watch_console(page)
    pages = [
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        # Two-box selects for groups and permissions, written by admin's JavaScript.
        reverse("admin:auth_user_change", args=[admin.pk]),
        # Calendar and clock buttons, "add another" rows, autocomplete (select2).
        reverse("admin:projects_activity_add"),
        reverse("admin:projects_project_change", args=[project.pk]),
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # Admin's scripts ran: the date widget added its calendar button and opens it.
    page.goto(live_server.url + reverse("admin:projects_activity_add"))
    page.locator("#calendarlink0").click()
    assert page.locator("#calendarbox0").is_visible()
    rows = page.locator(".inline-related tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator(".add-row a").first.click()
    assert rows.count() == before + 1
    page.goto(live_server.url + reverse("admin:auth_user_change", args=[admin.pk]))
    assert page.locator("#id_groups_from").count() == 1  # SelectFilter built it
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "95-admin-under-policy.png"), full_page=True)
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("device", sorted(WIDTHS))
def test_the_account_page_and_statements_at_phone_and_desktop_widths(
    transactional_db, browser, live_server, device
):
    UserFactory(username="pat", password="coproduce-demo-only")
    ProjectFactory(programme=ProgrammeFactory())
    other = policy_context(browser, WIDTHS[device])
    sign_in(other.new_page(), live_server, "pat")
    context = policy_context(browser, WIDTHS[device], bypass_csp=True)
    page = context.new_page()
    problems = watch_console(page)
    sign_in(page, live_server, "pat")

    menu = page.get_by_role("button", name="Show or hide the menu")
    if menu.is_visible():  # the phone layout folds the menu away
        menu.click()
    page.get_by_role("link", name="pat: your account").click()
    assert page.get_by_role("heading", name="Where you are signed in").is_visible()
    assert page.locator("tbody tr").count() == 2
    look(page, f"96-account-{device}")
    # Every page's footer leads to both statements.
    page.get_by_role("link", name="Accessibility statement").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Accessibility statement for Coproduce"
    )
    look(page, f"97-accessibility-{device}")
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    look(page, f"98-privacy-{device}")
    # Nothing wider than the screen (WCAG 1.4.10 at this width).
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]

    page.goto(live_server.url + reverse("site:account"))
    page.get_by_role("button", name="Sign out everywhere").click()
    assert "signed out here and on 1 other device" in page.content()
    other_page = other.pages[0]
    other_page.goto(live_server.url + reverse("site:account"))
    assert "/accounts/login/" in other_page.url
    other.close()
    context.close()
    assert not problems, "\n".join(problems)
