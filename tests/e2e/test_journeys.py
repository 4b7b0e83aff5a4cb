"""User journeys through the browser only: no database writes after set-up.

Each journey signs in as a demo role and works through the page (clicks, typing and,
for the participant, the keyboard alone). Every page visited goes through
``check_page`` (a screenshot in artefacts/e2e/ and an axe WCAG 2.x A/AA check).
"""

import csv
import io
import re

from django.urls import Resolver404, resolve
from pypdf import PdfReader

from tests.e2e.conftest import check_page, sign_in
from tests.e2e.keyboard import tab_to

PROJECT = "autism-services"


def project_action(page, name: str):
    """A button in the project page's "Project actions" navigation."""
    nav = page.get_by_role("navigation", name="Project actions")
    return nav.get_by_role("link", name=name, exact=True)


def open_scoring_round(page, live_server, slug: str, person: str) -> str:
    """As a signed-in facilitator, open a scoring round and return the new link for person."""
    page.goto(f"{live_server.url}/projects/{slug}/")
    project_action(page, "Scoring").click()
    check_page(page, f"scoring-rounds-{slug}")
    page.get_by_role("link", name="Open a new round").click()
    check_page(page, f"scoring-round-form-{slug}")
    page.get_by_label("Framework").select_option(
        label="Co-production matrix (version 2)"
    )
    page.get_by_label("Message for people scoring").fill(
        "Thank you for helping us see how well we work together."
    )
    page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(person)} \(")).check()
    page.get_by_role("button", name="Open the round").click()
    cell = page.get_by_role("row", name=re.compile(rf"^{re.escape(person)}")).locator(
        "td.link-url"
    )
    url = cell.inner_text().strip()
    assert "/score/" in url
    check_page(page, f"scoring-links-{slug}")
    return url


def test_facilitator_runs_a_project_from_set_up_to_scoring(demo, context, live_server):
    page = context.new_page()
    sign_in(page, live_server, "fran")
    page.goto(f"{live_server.url}/projects/")
    check_page(page, "01-project-list")
    page.get_by_role("link", name="New project").click()
    check_page(page, "02-new-project-form")
    page.get_by_label("Title").fill("Carers' breaks")
    page.get_by_label("Slug").fill("carers-breaks")
    page.get_by_label("Design brief").fill("Shape short breaks with unpaid carers.")
    page.get_by_label("Status").select_option("active")
    page.get_by_label("Start date").fill("2026-01-10")
    page.get_by_label("Target end date").fill("2025-01-10")
    page.get_by_role("button", name="Create project").click()
    # The bad date is refused and what was typed is still there.
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Design brief").input_value().startswith("Shape short")
    check_page(page, "03-new-project-errors")
    page.get_by_label("Target end date").fill("2026-12-10")
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r".*/projects/carers-breaks/$"))
    assert page.get_by_text("Project “Carers' breaks” created.").is_visible()
    check_page(page, "04-project-page")

    # Stakeholders.
    project_action(page, "People").click()
    for name, role in [("Rosa", "service_user"), ("Dev", "young_person")]:
        page.get_by_label("Display name").fill(name)
        page.get_by_label("This name is a pseudonym").check()
        page.get_by_label("Role category").select_option(role)
        page.get_by_role("button", name="Add person").click()
        page.get_by_role("cell", name=name, exact=True).wait_for()
    check_page(page, "05-project-people")

    # An activity with attendance: the two people by name plus a headcount.
    page.get_by_role("link", name="Carers' breaks").first.click()
    project_action(page, "Activities").click()
    check_page(page, "06-activities")
    page.get_by_role("link", name="Log an activity").first.click()
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Double Diamond stage").select_option(label="Discover")
    page.get_by_label("Title", exact=False).first.fill("Listening session with carers")
    page.get_by_role("checkbox", name=re.compile(r"^Rosa \(")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Dev \(")).check()
    row = page.get_by_role("group", name="Headcount row 1")
    row.get_by_label("Role").select_option(label="Service user or carer")
    row.get_by_label("Number of people").fill("6")
    row.get_by_label("Of whom from seldom-heard groups").fill("2")
    check_page(page, "07-activity-form")
    page.get_by_role("button", name=re.compile("^(Save|Log|Record)")).last.click()
    page.get_by_role("heading", name="Listening session with carers").first.wait_for()
    who = page.get_by_text(re.compile(r"8\s+people in all")).first.inner_text()
    assert "2 named, 6 counted by role" in who
    check_page(page, "08-activity-detail")

    # Discover -> Define -> Develop -> back to Define.
    for stage, why, name in [
        ("Define", "We heard enough to agree a focus.", "09-stage-define"),
        ("Develop", "The brief was agreed by everyone.", "10-stage-develop"),
        ("Define", "Trying ideas showed the problem was framed wrongly.", "11-back"),
    ]:
        page.goto(f"{live_server.url}/projects/carers-breaks/")
        page.get_by_role("link", name="Move to another stage").click()
        page.get_by_role("radio", name=stage, exact=True).check()
        page.get_by_label("Why it moved").fill(why)
        check_page(page, f"{name}-form")
        page.get_by_role("button", name="Record the move").click()
        page.wait_for_url(re.compile(r".*/projects/carers-breaks/.*"))
        page.wait_for_load_state()
    page.goto(f"{live_server.url}/projects/carers-breaks/")
    now = page.locator("p", has_text="Current stage:").first.inner_text()
    assert re.match(r"Current stage:\s+Define", now)
    page.goto(f"{live_server.url}/projects/carers-breaks/stages/")
    check_page(page, "12-stage-table")
    page.goto(f"{live_server.url}/projects/carers-breaks/timeline/")
    timeline = page.locator("main").inner_text()
    assert "Define" in timeline and "Develop" in timeline
    check_page(page, "13-timeline")

    # Draft and agree an a priori logic model.
    page.goto(f"{live_server.url}/projects/carers-breaks/")
    project_action(page, "Logic models").click()
    check_page(page, "14-logic-models")
    page.get_by_role("link", name="Start a logic model").click()
    page.get_by_role("radio", name=re.compile("^A priori")).check()
    page.get_by_role("button", name="Start the draft").click()
    items = {
        "Context": "Unpaid carers rarely get a break",
        "Inputs": "Carers as design partners",
        "Activities": "Listening sessions and workshops",
        "Outputs": "A short-breaks offer shaped by carers",
        "Outcomes": "Carers feel rested and supported",
    }
    for section, text in items.items():
        page.get_by_role("textbox", name=f"{section} item 1", exact=True).fill(text)
    check_page(page, "15-logic-model-draft")
    page.get_by_role("button", name="Save and view").click()
    for text in items.values():
        assert page.get_by_text(text).first.is_visible()
    check_page(page, "16-logic-model-version")
    page.get_by_role("button", name="Agree version 1").click()
    page.get_by_text(re.compile("Agreed")).first.wait_for()
    assert page.get_by_role("button", name="Agree version 1").count() == 0
    check_page(page, "17-logic-model-agreed")

    # Open a scoring round and make a participant link.
    url = open_scoring_round(page, live_server, "carers-breaks", "Rosa")
    assert url.startswith(live_server.url)


def test_participant_scores_with_the_keyboard_on_a_phone(
    demo, context, phone_context, live_server
):
    # Set-up through the page: the facilitator makes a personal link.
    fran = context.new_page()
    sign_in(fran, live_server, "fran")
    url = open_scoring_round(fran, live_server, PROJECT, "Alex")
    fran.close()

    page = phone_context.new_page()
    page.goto(url)
    check_page(page, "20-score-start")
    tab_to(page, "el => el.tagName === 'A' && el.textContent.trim() === 'Start'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/score/.+/1/$"))
    step = 1
    while "/check/" not in page.url:
        total = int(
            re.search(r"of (\d+)", page.locator(".progress-note").inner_text())[1]
        )
        check_page(page, f"21-score-step-{step}")
        tab_to(page, "el => el.type === 'radio'")
        page.keyboard.press("Space")
        # The arrow keys move between the answers (and pick the one they land on).
        for _ in range(step % 3):
            page.keyboard.press("ArrowDown")
        chosen = page.evaluate("document.activeElement.value")
        assert page.evaluate("document.activeElement.checked")
        tab_to(page, "el => el.tagName === 'TEXTAREA'")
        page.keyboard.type(f"Comment on question {step}")
        tab_to(
            page, "el => el.type === 'submit' && el.classList.contains('btn-primary')"
        )
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf".*/score/.+/({step + 1}|check)/$"))
        assert chosen
        step += 1
    assert step - 1 == total
    check_page(page, "22-score-check")
    assert page.get_by_text(f"Comment on question {total}").is_visible()
    tab_to(
        page,
        "el => el.tagName === 'BUTTON' && el.textContent.includes('Send my answers')",
    )
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Thank you").wait_for()
    check_page(page, "23-score-sent")
    # Opening the link again shows the answers were sent: it cannot start a fresh set.
    page.goto(url)
    assert page.get_by_text("Your answers have been sent.").is_visible()
    assert page.get_by_role("link", name=re.compile("^(Start|Carry on)")).count() == 0


def _dashboard_exists() -> bool:
    try:
        resolve("/dashboard/")
    except Resolver404:
        return False
    return True


def test_commissioner_filters_and_downloads_a_case_study(
    demo, context, live_server, tmp_path
):
    page = context.new_page()
    sign_in(page, live_server, "cam")
    if _dashboard_exists():
        page.goto(f"{live_server.url}/dashboard/")
        check_page(page, "30-dashboard")
        page.get_by_label("Status", exact=True).select_option(label="Active")
        page.get_by_label("Double Diamond stage").select_option(label="Develop")
        page.get_by_role("button", name="Show projects").click()
        page.wait_for_url(re.compile(r".*status=active.*"))
        check_page(page, "31-dashboard-filtered")
        page.get_by_text("The picture's numbers, as a table").click()
        table = page.get_by_role("table", name="Projects by number in the picture")
        assert table.get_by_role("link", name="A&E Queue").count() == 0
        table.get_by_role("link", name="Autism Services").click()
    else:
        page.goto(f"{live_server.url}/projects/")
        page.get_by_label("Status").select_option(label="Active")
        page.get_by_label("Search titles").fill("Autism")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url(re.compile(r".*status=active.*"))
        assert page.get_by_role("link", name="A&E Queue").count() == 0
        check_page(page, "31-filtered-projects")
        page.get_by_role("link", name="Autism Services").click()
    page.wait_for_url(re.compile(rf".*/projects/{PROJECT}/$"))
    check_page(page, "32-commissioner-project")
    project_action(page, "Reports").click()
    check_page(page, "33-reports")
    page.get_by_role("button", name="Make a project case study").click()
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for()
    check_page(page, "34-report-ready")
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "case-study.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    # Read back with pypdf (a test dependency), not a program the machine may lack.
    text = "\n".join(sheet.extract_text() for sheet in PdfReader(target).pages)
    assert "Autism Services" in text


def test_evaluator_codes_redacts_and_exports_a_quote(
    demo, context, live_server, tmp_path
):
    page = context.new_page()
    sign_in(page, live_server, "eve")
    page.goto(f"{live_server.url}/projects/{PROJECT}/")
    project_action(page, "Evidence").click()
    check_page(page, "40-project-evidence")
    page.goto(f"{live_server.url}/projects/{PROJECT}/evidence/quotes/")
    check_page(page, "41-quotes")
    page.get_by_role("link", name="Add a quote").click()
    said = (
        "Marjorie Pike at the carers' centre was the first person who really listened."
    )
    page.get_by_label("Text").fill(said)
    page.get_by_label("Source").select_option(label="Interview")
    page.get_by_label("Speaker's role").select_option(label="Service user or carer")
    page.get_by_label("Consent").select_option(label="May quote anonymously")
    page.get_by_label("Words to hide").fill("Marjorie Pike => name of a worker")
    page.get_by_role(
        "checkbox", name="Relationships and trust / Being listened to"
    ).check()
    check_page(page, "42-quote-form")
    page.get_by_role("button", name=re.compile("^Save")).first.click()
    shown = "[name of a worker] at the carers' centre was the first person"
    page.get_by_text(shown).first.wait_for()
    assert page.get_by_text("Marjorie Pike").count() == 0
    check_page(page, "43-quote-saved")

    page.goto(f"{live_server.url}/evaluation/")
    check_page(page, "44-evaluation-home")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Quotes with their themes (CSV)").click()
    target = tmp_path / "quotes.csv"
    download_info.value.save_as(target)
    text = target.read_text(encoding="utf-8-sig")
    assert "Marjorie" not in text
    rows = [
        row for row in csv.reader(io.StringIO(text)) if any(shown in c for c in row)
    ]
    assert len(rows) == 1
    assert any("Being listened to" in cell for cell in rows[0])


def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(
    context, live_server
):
    # Both page frames: the signed-in one (base.html; the sign-in page itself puts
    # the cursor in the username box, so a page without autofocus is used) and the
    # one for participants without an account (public_base.html).
    page = context.new_page()
    for path, name in [
        ("/accounts/password/reset/", "50-password-reset"),
        ("/score/no-such-link/", "51-link-unavailable"),
    ]:
        page.goto(f"{live_server.url}{path}")
        check_page(page, name)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == (
            "Skip to main content"
        )
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"

    style = """el => {
        const s = getComputedStyle(el);
        return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor].join('|');
    }"""
    page.goto(f"{live_server.url}/accounts/login/")
    check_page(page, "52-sign-in")
    for target in [
        page.get_by_role("link", name="Coproduce"),
        page.get_by_label("Username or email address"),
        page.get_by_role("button", name="Sign in", exact=True),
        page.get_by_role("link", name="Forgotten your password?"),
    ]:
        before = target.evaluate(style)
        # Keyboard focus (focus-visible) comes from Tab, so land on it by Tab.
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert target.evaluate("el => el === document.activeElement")
        after = target.evaluate(style)
        assert after != before, f"focus does not change how {target} looks"
        outline_style, outline_width, box_shadow, _ = after.split("|")
        visible_outline = outline_style != "none" and outline_width not in ("0px", "")
        assert visible_outline or box_shadow != "none", f"no focus ring on {target}"
