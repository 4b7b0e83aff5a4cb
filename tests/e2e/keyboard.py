"""Keyboard-only moves for the browser journeys, and checks of where focus is.

Predicates are JavaScript functions of one element (``el => bool``); the builders below
write the common ones. Every element that Tab stops on on the way is checked too: it
must show a focus ring (a solid outline or box-shadow, WCAG 2.4.7) and be on screen and not
covered by anything (2.4.11).
"""

import json

from tests.e2e.conftest import check_page

FOCUS_STATE = r"""predicate => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  // The last stop in a date box is the browser's own calendar button, inside the
  // input; the input then does not match :focus and the browser draws the ring.
  const picker = el.tagName === 'INPUT' && !el.matches(':focus');
  // A ring counts if it is at least 2px and mostly opaque: Bootstrap's own pale
  // glow (a quarter-opaque blue) is too faint to see.
  const solid = colour => {
    const m = /rgba?\(([^)]*)\)/.exec(colour || '');
    const parts = m ? m[1].split(',') : [];
    return !!m && (parts.length < 4 || parseFloat(parts[3]) >= 0.5);
  };
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
    && solid(s.outlineColor);
  const shadow = s.boxShadow !== 'none' && solid(s.boxShadow);
  const ring = picker || outline || shadow;
  const r = el.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + Math.min(r.height, 20) / 2, 0), innerHeight - 1);
  const onTop = document.elementFromPoint(x, y);
  const shown = r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth
    && !!onTop && (onTop === el || el.contains(onTop));
  const name = (el.getAttribute('aria-label') || el.textContent || el.value || '')
    .trim().replace(/\s+/g, ' ').slice(0, 50);
  return {
    match: predicate ? predicate(el) : true,
    ring, shown,
    what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${name}"`,
  };
}"""


def focus_state(page, predicate: str | None = None) -> dict:
    script = f"({FOCUS_STATE})({predicate or 'null'})"
    state = page.evaluate(script)
    # Bootstrap scrolls smoothly, so a newly focused element may still be on its way
    # (up to 2 s: on a loaded machine the scroll's frames come slowly).
    for _ in range(40):
        if state["shown"]:
            break
        page.wait_for_timeout(50)
        state = page.evaluate(script)
    return state


def assert_focus(page, predicate: str, *, ring: bool = True) -> dict:
    """Focus is on an element matching predicate, visible and (unless ring=False) ringed."""
    state = focus_state(page, predicate)
    assert state["match"], f"focus is on {state['what']}, not on {predicate}"
    assert state["shown"], f"{state['what']} has focus but is off screen or covered"
    if ring:
        assert state["ring"], f"{state['what']} has focus but no visible focus ring"
    return state


def tab_to(page, predicate: str, *, back: bool = False, limit: int = 80) -> dict:
    """Press Tab (Shift+Tab if back) until focus matches predicate.

    Fails if any stop on the way has no visible focus ring or is hidden or covered.
    """
    key = "Shift+Tab" if back else "Tab"
    problems = []
    for _ in range(limit):
        page.keyboard.press(key)
        state = focus_state(page, predicate)
        if not state["ring"]:
            problems.append(f"{state['what']}: no focus ring")
        if not state["shown"]:
            problems.append(f"{state['what']}: off screen or covered")
        if state["match"]:
            assert not problems, "on the way by Tab:\n" + "\n".join(problems)
            return state
    raise AssertionError(f"Tab never reached an element matching {predicate}")


def press_and_wait(page, key: str = "Enter") -> None:
    """Press a key that loads a new page (a link, a submit button) and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


def follow(page, predicate: str, name: str | None = None, *, back: bool = False):
    """Tab to a link or button matching predicate, press Enter, wait for the new page and,
    given a name, screenshot and axe-check it."""
    tab_to(page, predicate, back=back)
    press_and_wait(page)
    if name:
        check_page(page, name)


def follow_error_summary(page, field_id: str, says: str) -> None:
    """Focus is on the error summary, which says what is wrong, and its first link puts
    the cursor in the field (WCAG 3.3.1, 3.3.3)."""
    assert_focus(page, field("error-summary"))
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert says in summary.inner_text()
    tab_to(page, inside("#error-summary", "el => el.tagName === 'A'"), limit=1)
    page.keyboard.press("Enter")
    assert_focus(page, field(field_id))


def choose(page, option: str, *, key: str = "ArrowDown", limit: int = 30) -> None:
    """In the focused select or radio group, press an arrow key until option is chosen."""
    chosen = """el => el.tagName === 'SELECT'
        ? el.selectedOptions[0].textContent.trim()
        : (el.labels[0] || el).textContent.trim()"""
    for _ in range(limit):
        if page.evaluate(f"({chosen})(document.activeElement)") == option:
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never chose {option!r}")


def link(text: str) -> str:
    return f"el => el.tagName === 'A' && el.textContent.trim() === {json.dumps(text)}"


def button(text: str) -> str:
    return (
        "el => (el.tagName === 'BUTTON' || el.tagName === 'SUMMARY')"
        f" && el.textContent.trim() === {json.dumps(text)}"
    )


def field(element_id: str) -> str:
    return f"el => el.id === {json.dumps(element_id)}"


def inside(selector: str, predicate: str = "el => true") -> str:
    """An element inside the one selector finds that also matches predicate."""
    return f"el => !!el.closest({json.dumps(selector)}) && ({predicate})(el)"
