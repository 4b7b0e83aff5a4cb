"""The logic model editor in the browser: rows added, moved and removed in place with
the keyboard alone, with JavaScript and without it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, sign_in

EDITOR = "/projects/doing-care-differently/logic-models/a-priori/edit/"


def tab_until(page, name: str, *, back: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focused element has this accessible name
    (its label, or for a button its text)."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if focused_name(page) == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def focused_name(page) -> str:
    return page.evaluate(FOCUSED_NAME_JS)


FOCUSED_NAME_JS = """() => {
    const el = document.activeElement;
    if (el.labels && el.labels.length) {
        return el.labels[0].textContent.trim();
    }
    return el.textContent.replace(/\\s+/g, " ").trim();
}"""


def wait_for_focus(page, name: str) -> None:
    """Wait until the swapped-in content has put the focus on this element and htmx
    has settled it. The browser's own autofocus can get there first; htmx focuses the
    same element again when it settles, which would pull back a Tab pressed between."""
    page.wait_for_function(
        f"({FOCUSED_NAME_JS})() === {name!r}"
        " && !document.querySelector('.htmx-settling, .htmx-swapping, .htmx-request')"
    )


def status(page) -> str:
    return page.locator("#lm-status").inner_text()


def wait_for_status(page, text: str) -> None:
    page.wait_for_function(
        f"document.getElementById('lm-status').textContent.includes({text!r})"
    )


def test_keyboard_adds_types_moves_and_saves_an_item(demo, context, live_server):
    page = context.new_page()
    sign_in(page, live_server, "fran")
    page.goto(f"{live_server.url}{EDITOR}")
    check_page(page, "60-logic-model-editor")
    live = page.locator("#lm-status")
    assert live.get_attribute("aria-live") == "polite"
    assert live.get_attribute("role") == "status"

    # Something typed in another section must survive the swaps below.
    tab_until(page, "Reflection on the context")
    page.keyboard.type("Typed before any row was added")

    tab_until(page, "Add an item to inputs")
    page.keyboard.press("Enter")
    # The new row's text box has the focus, and the change is announced.
    wait_for_focus(page, "Inputs item 3")
    assert status(page).startswith("Added inputs item 3.")
    page.keyboard.type("Carers' own time")

    # The row's buttons are named after what was typed.
    page.keyboard.press("Tab")
    assert focused_name(page) == "↑ Move “Carers' own time” Up"
    assert page.get_by_role("button", name="Move “Carers' own time” Up").count() == 1
    page.keyboard.press("Enter")
    wait_for_status(page, "position 2 of 3")
    # The focus stays on the moved row's Up button, so Enter moves it again.
    wait_for_focus(page, "↑ Move “Carers' own time” Up")
    page.keyboard.press("Enter")
    wait_for_status(page, "position 1 of 3")
    # At the top there is no Up button: the focus is on the row's Down button.
    wait_for_focus(page, "↓ Move “Carers' own time” Down")
    assert status(page) == ("Moved “Carers' own time” up to position 1 of 3 in inputs.")
    assert page.get_by_label("Inputs item 1", exact=True).input_value() == (
        "Carers' own time"
    )
    assert page.get_by_label("Inputs item 2", exact=True).input_value() == (
        "Carers and clients"
    )
    assert page.get_by_label("Reflection on the context").input_value() == (
        "Typed before any row was added"
    )
    check_page(page, "61-logic-model-editor-after-moves")

    tab_until(page, "Save draft")
    page.keyboard.press("Enter")
    page.get_by_text(re.compile(r"Draft version \d+ saved\.")).wait_for()
    assert page.get_by_label("Inputs item 1", exact=True).input_value() == (
        "Carers' own time"
    )
    assert page.get_by_label("Reflection on the context").input_value() == (
        "Typed before any row was added"
    )
    check_page(page, "62-logic-model-editor-saved")


@pytest.fixture
def csp_context(browser):
    """A browser that enforces the CSP (the shared contexts bypass it for axe)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def no_js_context(browser):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def test_rows_change_in_place_under_the_content_security_policy(
    demo, csp_context, live_server
):
    # htmx and our script must work without any inline code. (Waits here use
    # locators: Playwright's string predicates are themselves refused by the CSP.)
    refused = []
    page = csp_context.new_page()
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else 0,
    )
    sign_in(page, live_server, "fran")
    page.goto(f"{live_server.url}{EDITOR}")
    page.get_by_label("Outputs item 1", exact=True).fill("Typed, not saved")
    page.get_by_role("button", name="Remove “Carers and clients”").focus()
    page.keyboard.press("Enter")
    # The focus moves to the row that took its place; the page does not reload.
    expect(page.locator("#lm-status")).to_contain_text(
        "Removed “Carers and clients” from inputs"
    )
    expect(page.get_by_label("Inputs item 1", exact=True)).to_be_focused()
    assert page.get_by_role("button", name="Remove “Carers and clients”").count() == 0
    assert page.get_by_label("Outputs item 1", exact=True).input_value() == (
        "Typed, not saved"
    )
    # The status line's text changed in place: the live region itself stays.
    assert page.locator("#lm-status").evaluate("el => el.children.length") == 0
    assert not refused, refused


def test_rows_change_without_javascript(demo, no_js_context, live_server):
    page = no_js_context.new_page()
    sign_in(page, live_server, "fran")
    page.goto(f"{live_server.url}{EDITOR}")
    page.get_by_label("Reflection on the outputs").fill("Kept through a reload")
    page.get_by_role("button", name="Add an item to outcomes").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # A full page came back with the new row focused and the rest as typed.
    assert page.evaluate("document.activeElement.name") == "outcomes-1-text"
    page.keyboard.type("Clients choose when carers visit")
    # Without the script the button keeps the name it had when the page was made.
    page.get_by_role("button", name="Move outcomes item 2 Up").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_label("Outcomes item 1", exact=True).input_value() == (
        "Clients choose when carers visit"
    )
    assert "position 1 of 2" in status(page)
    assert page.get_by_label("Reflection on the outputs").input_value() == (
        "Kept through a reload"
    )
