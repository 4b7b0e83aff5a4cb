"""The main journeys with the keyboard alone (WCAG 2.2 AA: 2.1.1, 2.4.1, 2.4.3, 2.4.7,
2.4.11, 3.3.1, 3.3.3).

No mouse and no typed addresses after the sign-in page: Tab and Shift+Tab move, Enter and
Space act, arrow keys choose, and text is typed. At each step the test asserts where focus
is; every stop Tab makes on the way must show a focus ring and be on screen and uncovered
(see keyboard.py). Every page visited goes through ``check_page`` (axe, no violations).
"""

import re

from tests.e2e.conftest import check_page
from tests.e2e.keyboard import (
    assert_focus,
    button,
    choose,
    field,
    follow,
    follow_error_summary,
    inside,
    link,
    press_and_wait,
    tab_to,
)

PROJECT = "autism-services"
MAIN_NAV = "nav[aria-label='Main']"
PROJECT_ACTIONS = "nav[aria-label='Project actions']"


def sign_in_by_keyboard(page, live_server, username: str, name: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    assert_focus(page, field("id_login"))  # the page puts the cursor there
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert_focus(page, field("id_password"))
    page.keyboard.type("coproduce-demo-only")
    press_and_wait(page, "Enter")
    check_page(page, name)


def open_project(page, name: str) -> None:
    """From any page: Projects in the navigation, then the demo project."""
    follow(page, inside(MAIN_NAV, link("Projects")))
    follow(page, inside("main", link("Autism Services")), name)
    assert page.url.endswith(f"/projects/{PROJECT}/")


def test_facilitator_logs_an_activity_and_moves_the_stage_by_keyboard(
    demo, context, live_server
):
    page = context.new_page()
    sign_in_by_keyboard(page, live_server, "fran", "60-kb-facilitator-home")

    # The skip link comes first and jumps past the navigation (2.4.1).
    tab_to(page, link("Skip to main content"), limit=1)
    page.keyboard.press("Enter")
    assert_focus(page, "el => el.id === 'main'", ring=False)
    tab_to(page, "el => el.closest('main') && el.id !== 'main'", limit=1)
    # Back up into the navigation (Shift+Tab) and open a project from the list.
    follow(page, inside(MAIN_NAV, link("Projects")), "61-kb-project-list", back=True)
    follow(page, inside("main", link("Autism Services")), "62-kb-project")

    follow(page, inside(PROJECT_ACTIONS, link("Activities")), "63-kb-activities")
    follow(page, link("Log an activity"), "64-kb-activity-form")
    tab_to(page, field("id_kind"))
    choose(page, "Workshop")
    tab_to(page, field("id_title"))
    page.keyboard.type("Keyboard-only planning session")
    tab_to(page, field("id_attendees_0"))
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert_focus(page, field("id_attendees_1"))
    page.keyboard.press("Space")
    tab_to(page, field("id_count-0-role_category"))
    choose(page, "Service user or carer")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    assert_focus(page, field("id_count-0-seldom_heard_count"))
    page.keyboard.type("9")  # more than the 6 in that role
    follow(page, button("Log activity"))

    follow_error_summary(
        page,
        "id_count-0-seldom_heard_count",
        "Headcount row 1, of whom from seldom-heard groups: This is more than",
    )
    check_page(page, "65-kb-activity-errors")
    # Nothing typed was lost.
    assert page.locator("#id_title").input_value() == "Keyboard-only planning session"
    assert page.locator("#id_attendees_1").is_checked()
    for _ in range(7):  # the arrow keys step a number box down, 9 to 2
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "2"
    follow(page, button("Log activity"), "66-kb-activity-saved")
    assert page.get_by_role("heading", name="Keyboard-only planning session").count()
    who = page.get_by_text(re.compile(r"8\s+people in all")).first.inner_text()
    assert "2 named, 6 counted by role" in who

    # Move the project on from Develop to Deliver.
    follow(page, inside("nav[aria-label='Breadcrumb']", link("Autism Services")))
    follow(page, link("Move to another stage"), "67-kb-stage-move")
    tab_to(page, "el => el.name === 'to_stage'")
    choose(page, "Deliver")
    assert page.evaluate("document.activeElement.checked")
    tab_to(page, field("id_rationale"))
    page.keyboard.type("The new support offer is ready to run.")
    follow(page, button("Record the move"), "68-kb-stage-moved")
    assert page.url.endswith(f"/projects/{PROJECT}/stages/")
    message = page.locator(".messages").inner_text()
    assert message.strip() == "Moved forward from Develop to Deliver."


def test_commissioner_filters_the_dashboard_and_opens_a_stalled_project_by_keyboard(
    demo, context, live_server
):
    page = context.new_page()
    sign_in_by_keyboard(page, live_server, "cam", "70-kb-commissioner-home")
    follow(page, inside(MAIN_NAV, link("Dashboard")), "71-kb-dashboard")
    assert page.url.endswith("/dashboard/")

    tab_to(page, field("id_status"))
    choose(page, "Active")
    tab_to(page, field("id_stage"))
    choose(page, "Develop")
    follow(page, button("Show projects"), "72-kb-dashboard-filtered")
    assert "status=active" in page.url and "stage=develop" in page.url
    # Focus moves to the result, and the title says it too (without JavaScript).
    assert_focus(page, field("filter-result"))
    assert page.get_by_role("status").inner_text().startswith("Showing")
    assert re.search(
        r"dashboard \(\d+ projects? match(es)? the filters\)", page.title()
    )
    # The filters, just before it, keep their values after the page reloads.
    tab_to(page, field("id_status"), back=True)
    assert page.evaluate("document.activeElement.value") == "active"

    stalled = "section[aria-labelledby='stalled-heading']"
    # Whichever project the demo shows as stalled first (the demo's activities move).
    first = page.locator(f"{stalled} a[href^='/projects/']").first
    name, href = first.inner_text().strip(), first.get_attribute("href")
    follow(page, inside(stalled, link(name)), "73-kb-stalled-project")
    assert page.url.endswith(href)


def test_evaluator_redacts_a_quote_changes_consent_and_exports_by_keyboard(
    demo, context, live_server
):
    page = context.new_page()
    sign_in_by_keyboard(page, live_server, "eve", "80-kb-evaluator-home")
    open_project(page, "81-kb-project")
    follow(page, inside(PROJECT_ACTIONS, link("Evidence")), "82-kb-evidence")
    follow(page, "el => el.tagName === 'A' && el.textContent.startsWith('Quotes')")
    follow(page, link("Edit or code quote 1"), "83-kb-quote-form")

    tab_to(page, field("id_redactions"))
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("three ideas => some ideas")
    # Consent cannot be made more open than the speaker's consent record allows.
    tab_to(page, field("id_consent"), back=True)
    choose(page, "May quote", key="ArrowUp")
    follow(page, button("Save"))
    follow_error_summary(page, "id_consent", "the quote cannot be more open")
    check_page(page, "84-kb-quote-errors")
    choose(page, "May not quote")
    follow(page, button("Save"))
    shown = "[name of organisation] and came out with [some ideas] we could"
    page.get_by_text(shown).first.wait_for()
    assert page.get_by_text("three ideas").count() == 0
    check_page(page, "85-kb-quote-saved")

    follow(page, inside(MAIN_NAV, link("Evaluation")), "86-kb-evaluation")
    tab_to(page, link("Quotes with their themes (CSV)"))
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    assert text.startswith("Quote,Project")
    # A quote that may not be quoted never leaves in an export.
    assert "we could actually fund" not in text
