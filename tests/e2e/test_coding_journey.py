"""Blind double coding in the browser: a coder reaches the open round from the
themes page, sees nothing of the other coder's work, codes every quote and submits,
and only then sees the other's codes and the agreement; the commissioner reads the
finished round's agreement on a phone."""

import re

from tests.e2e.conftest import check_page, sign_in

PROGRAMME = "co-create-south-yorkshire"
OPEN_ROUND = "A random sample for a second look"
FINISHED_ROUND = "Interview and workshop quotes: double coding"


def test_a_coder_sees_the_agreement_only_after_submitting(demo, context, live_server):
    page = context.new_page()
    sign_in(page, live_server, "fran")
    page.goto(f"{live_server.url}/programmes/{PROGRAMME}/themes/")
    page.get_by_role("link", name="Coding rounds and agreement between coders").click()
    check_page(page, "coding-01-rounds")
    page.get_by_role("link", name=OPEN_ROUND, exact=True).click()
    assert page.get_by_role("heading", name="Agreement").count() == 0
    assert page.get_by_role("heading", name="Codes given").count() == 0
    check_page(page, "coding-02-open-round")
    page.get_by_role("link", name="Code the quotes").click()
    # Nothing is ticked: Eve's submitted codes do not reach Fran's form.
    assert page.locator("input[type=checkbox]:checked").count() == 0
    for group in page.locator("fieldset.coding-quote").all():
        group.get_by_role("checkbox", name="Sharing decisions").check()
    check_page(page, "coding-03-code")
    page.get_by_role("button", name="Submit my codes").click()
    page.get_by_text("Your codes are submitted").wait_for()
    assert page.get_by_role("heading", name="Codes given").count() == 1
    page.get_by_role("link", name=re.compile("^Agreement theme by theme")).click()
    page.get_by_role("heading", name="Agreement between coders").wait_for()
    assert page.get_by_text("Cohen's kappa").count() >= 1
    check_page(page, "coding-04-agreement")


def test_a_commissioner_reads_the_finished_agreement_on_a_phone(
    demo, phone_context, live_server
):
    page = phone_context.new_page()
    sign_in(page, live_server, "cam")
    page.goto(f"{live_server.url}/programmes/{PROGRAMME}/coding/")
    assert page.get_by_role("link", name=OPEN_ROUND, exact=True).count() == 0
    page.get_by_role("link", name=FINISHED_ROUND, exact=True).click()
    assert page.get_by_role("heading", name="Codes given").count() == 0
    page.get_by_role("link", name=re.compile("^Agreement theme by theme")).click()
    page.get_by_role("heading", name="Agreement between coders").wait_for()
    check_page(page, "coding-05-agreement-phone")
