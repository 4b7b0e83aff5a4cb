"""User journeys through the browser only: no database writes after set-up."""

import re
import subprocess

from .conftest import check_page, sign_in


def test_facilitator_sets_up_a_project_with_people(demo, context, live_server):
    page = context.new_page()
    sign_in(page, live_server, "fran")
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

    page.get_by_role("link", name="People").first.click()
    page.get_by_label("Display name").fill("Rosa")
    page.get_by_label("This name is a pseudonym").check()
    page.get_by_label("Role category").select_option("service_user")
    page.get_by_role("button", name="Add person").click()
    assert page.get_by_role("cell", name="Rosa", exact=True).is_visible()
    check_page(page, "05-project-people")


def test_commissioner_downloads_a_case_study(demo, context, live_server, tmp_path):
    page = context.new_page()
    sign_in(page, live_server, "cam")
    page.get_by_label("Search titles").fill("Autism")
    page.get_by_label("Search titles").press("Enter")
    page.get_by_role("link", name="Autism Services").click()
    check_page(page, "10-commissioner-project")
    page.get_by_role("link", name="Reports").click()
    check_page(page, "11-reports")
    page.get_by_role("button", name="Make a project case study").click()
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for()
    check_page(page, "12-report-ready")
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "case-study.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Autism Services" in text
