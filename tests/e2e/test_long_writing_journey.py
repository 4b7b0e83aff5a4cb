"""Writing at length by keyboard only: a stage entry with its factor and a learning
point of 1,500 characters, the live count as it is typed, and the case-study PDF
printing both in full."""

import json
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import sign_in
from tests.e2e.keyboard import button, press_and_wait, tab_to
from tests.evaluation.reports.test_case_study_whole import _flat, _pdf_text

PROJECT = "autism-services"

ENTRY = (
    "The autistic adults' group met in the library because the clinic's waiting "
    "room was too loud, and twice as many came as to the clinic sessions."
)

SENTENCES = [
    "Ask people where they feel at ease before booking a room, and go there.",
    "Quiet rooms, clear agendas sent a week ahead and a named person to meet "
    "newcomers at the door made the first meeting feel safe.",
    "When the group chose its own ground rules, it kept to them without reminders.",
    "Paying for travel on the day, in cash if asked, meant nobody stayed away "
    "because the bus fare was out of reach that week.",
    "Written questions before a meeting let people who find talking hard say as "
    "much as anyone else, and often more.",
]


def _learning_point() -> str:
    """Exactly 1,500 characters of real sentences, numbered so none repeats."""
    parts, n = [], 0
    while len(" ".join(parts)) < 1500:
        n += 1
        parts.append(f"({n}) {SENTENCES[n % len(SENTENCES)]}")
    text = " ".join(parts)[:1499].rstrip() + "."
    return text + "x" * (1500 - len(text))


def by_label(start: str) -> str:
    return (
        "el => !!el.labels && [...el.labels].some("
        f"l => l.textContent.trim().startsWith({json.dumps(start)}))"
    )


def test_a_stage_entry_and_a_long_learning_point_reach_the_pdf_in_full(
    demo, context, live_server, tmp_path
):
    point = _learning_point()
    assert len(point) == 1500
    page = context.new_page()
    sign_in(page, live_server, "fran")

    # A + entry with its factor, in one form.
    page.goto(f"{live_server.url}/projects/{PROJECT}/stages/discover/")
    tab_to(page, by_label("+ It helped"), limit=150)
    page.keyboard.press("Space")
    expect(page.get_by_label("+ It helped (enabler)")).to_be_checked()
    tab_to(page, by_label("What was noticed"))
    page.keyboard.type(ENTRY)
    tab_to(page, by_label("Which factor is it an example of?"))
    # Typing an option's first letters picks it in a focused select.
    page.keyboard.type("Permission")
    expect(page.get_by_label("Which factor is it an example of?")).to_have_value(
        re.compile(r"\d+")
    )
    tab_to(page, button("Add entry"))
    press_and_wait(page)
    expect(page.locator("#entries")).to_contain_text(ENTRY)
    expect(page.locator("#entries")).to_contain_text("Leadership: ")

    # A learning point of 1,500 characters, counted as it is typed.
    page.goto(f"{live_server.url}/projects/{PROJECT}/reports/")
    tab_to(page, by_label("New learning point"), limit=150)
    page.keyboard.insert_text(point[:-20])
    page.keyboard.type(point[-20:])
    count = page.locator(".text-count").first
    expect(count).to_have_text("1,500 of 4,000 characters")
    assert count.get_attribute("aria-live") == "polite"
    tab_to(page, button("Add learning point"))
    press_and_wait(page)
    expect(page.locator("#learning-heading ~ *").first).to_be_visible()
    assert point[:200] in page.content()

    # The case study prints both in full.
    tab_to(page, button("Make a project case study"), back=True, limit=150)
    press_and_wait(page)
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for(timeout=60_000)
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "case-study.pdf"
    download_info.value.save_as(target)
    text = _flat(_pdf_text(target.read_bytes()))
    assert _flat(ENTRY) in text
    assert _flat(point) in text
    assert len(PdfReader(target).pages) > 1
