"""Participants without an account, on a phone (390 px wide): when their answers come
back with a problem, focus lands on the error summary and its links lead to the place to
fix it, as on the signed-in pages (WCAG 3.3.1, 2.4.3)."""

from django.urls import reverse

from evaluation.evidence import services as evidence_services
from tests.e2e.conftest import check_page
from tests.e2e.keyboard import assert_focus, field, follow_error_summary, tab_to
from tests.evaluation.evidence.factories import StageFactory, ThemeFactory
from tests.evaluation.matrix.factories import PRINCIPLES, make_link, open_round


def test_sending_unanswered_scores_puts_focus_on_the_summary(
    transactional_db, phone_context, live_server, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    _, token = make_link(scoring_round)
    page = phone_context.new_page()
    page.goto(live_server.url + reverse("evaluation:score_check", args=[token]))
    tab_to(page, "el => el.tagName === 'BUTTON'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Error: Check your answers")
    check_page(page, "60-phone-score-check-error")
    # The first link goes to the first unanswered question's "Answer" link.
    follow_error_summary(page, "answer-1", "Please answer every question first")


def test_member_checking_problems_are_summarised_and_linked(
    transactional_db, phone_context, live_server, programme, stakeholder
):
    stage = StageFactory(programme=programme, name="Member checking")
    stage.themes.set([ThemeFactory(programme=programme, name="Trust")])
    invitation = evidence_services.invitation_create(
        stage=stage, stakeholder=stakeholder
    )
    token = evidence_services.invitation_link_issue(invitation=invitation)
    page = phone_context.new_page()
    page.goto(live_server.url + reverse("evaluation:member_review", args=[token]))
    # Only a page that skips the box's length limit can send too much; script does.
    page.evaluate("document.querySelector('textarea').value = 'x'.repeat(2001)")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").press("Enter")
    assert page.title().startswith("Error: Check our draft themes")
    assert_focus(page, field("error-summary"))
    check_page(page, "61-phone-review-error")
    comment = page.evaluate("document.querySelector('textarea').id")
    follow_error_summary(page, comment, "Please fix 1 problem below")
