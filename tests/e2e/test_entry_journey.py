"""Entering a project by keyboard: the slug fills itself from the title, the partner
list narrows as you type in its filter box, the "Add an organisation" detour keeps
what was typed, and a stage entry takes its factor in the same form."""

from playwright.sync_api import expect

from evaluation.demo.projects import PROGRAMME_SLUG
from projects.models import Project
from tests.e2e.conftest import check_page, sign_in


def test_new_project_detour_and_a_stage_entry_with_its_factor(
    demo, context, live_server
):
    page = context.new_page()
    sign_in(page, live_server, "fran")
    page.goto(f"{live_server.url}/projects/new/?programme={PROGRAMME_SLUG}")
    page.get_by_label("Title").press_sequentially("Stroke survivors shape rehab")
    expect(page.get_by_label("Web address (slug)")).to_have_value(
        "stroke-survivors-shape-rehab"
    )
    page.get_by_label("Design brief").fill("Redesign rehab with survivors.")
    page.get_by_label("Find organisations in this list").fill("sheffield")
    expect(page.locator("#filter-partners-status")).to_contain_text(" shown; ")
    check_page(page, "80-new-project-filtered-partners")
    page.get_by_role("button", name="Add an organisation").press("Enter")
    page.get_by_label("Name").fill("Stroke Association")
    page.get_by_label("Kind").select_option(index=1)
    page.get_by_role("button", name="Add organisation").press("Enter")
    expect(page.get_by_label("Title")).to_have_value("Stroke survivors shape rehab")
    expect(page.get_by_label("Stroke Association")).to_be_checked()
    page.get_by_role("button", name="Create project").press("Enter")
    page.wait_for_url("**/projects/stroke-survivors-shape-rehab/")
    project = Project.objects.get(slug="stroke-survivors-shape-rehab")
    assert [p.name for p in project.partners.all()] == ["Stroke Association"]

    page.goto(f"{live_server.url}/projects/{project.slug}/stages/discover/")
    page.get_by_label("+ It helped (enabler)").check()
    page.get_by_label("What was noticed").fill("The consultant came every time.")
    page.get_by_label("Which factor is it an example of?").select_option(
        label="Permission to take risks"
    )
    check_page(page, "81-stage-entry-with-factor")
    page.get_by_role("button", name="Add entry").press("Enter")
    expect(page.locator("#entries")).to_contain_text(
        "Leadership: Permission to take risks"
    )
