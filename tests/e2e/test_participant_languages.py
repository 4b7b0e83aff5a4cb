"""Participant pages in Welsh and in easy read on a narrow phone (320 px), by keyboard:
the language and easy-read links work and are remembered, a whole scoring round and a
member-checking review are answered, and axe finds nothing on any page."""

from django.urls import reverse

from evaluation.models import RoundResponse, ThemeReview
from tests.e2e.conftest import check_page
from tests.e2e.keyboard import follow, link, press_and_wait, tab_to
from tests.evaluation.matrix.factories import PRINCIPLES, make_link, open_round
from tests.evaluation.participants.factories import review_with_welsh

RADIO = "el => el.type === 'radio'"
SUBMIT = "el => el.type === 'submit'"


def narrow(browser):
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 320, "height": 700}, is_mobile=True
    )
    context.set_default_timeout(15_000)
    return context


def lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def test_welsh_easy_read_scoring_by_keyboard_at_320px(
    transactional_db, browser, live_server, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    _, token = make_link(scoring_round)
    questions = scoring_round.version.dimensions.count()
    context = narrow(browser)
    page = context.new_page()
    page.goto(live_server.url + reverse("evaluation:score_start", args=[token]))
    assert lang(page) == "en-GB"
    check_page(page, "70-320-score-start-english")
    follow(page, link("Cymraeg"), "71-320-score-start-welsh")
    assert lang(page) == "cy"
    follow(page, link("Fersiwn hawdd ei ddeall"), "72-320-score-start-welsh-easy")
    assert page.locator("body.easy-read").count() == 1
    follow(page, link("Dechrau"))
    for number in range(1, questions + 1):
        # Still Welsh and easy read: the choice is remembered from page to page.
        assert lang(page) == "cy" and page.locator("body.easy-read").count() == 1
        if number == 1:
            check_page(page, "73-320-score-step-welsh-easy")
        tab_to(page, RADIO)
        page.keyboard.press("Space")  # the first answer
        if number == 1:
            page.keyboard.press("ArrowUp")  # round to the last: "I don't know"
            assert page.evaluate("document.activeElement.value") == "dk"
        tab_to(page, SUBMIT)
        press_and_wait(page)
    assert "Gwiriwch eich atebion" in page.title()
    check_page(page, "74-320-score-check-welsh-easy")
    tab_to(page, SUBMIT)
    press_and_wait(page)
    check_page(page, "75-320-score-thanks-welsh-easy")
    response = RoundResponse.objects.get()
    assert response.submitted_at is not None
    assert response.scores.count() == questions
    # Back in English, standard version, still working at 320 px.
    follow(page, link("English"))
    follow(page, link("Standard version"), "76-320-score-thanks-english")
    assert lang(page) == "en-GB" and page.locator("body.easy-read").count() == 0
    context.close()


def test_welsh_and_easy_read_review_by_keyboard_at_320px(
    transactional_db, browser, live_server, programme, stakeholder
):
    token = review_with_welsh(programme, stakeholder)["token"]
    context = narrow(browser)
    page = context.new_page()
    url = live_server.url + reverse("evaluation:member_review", args=[token])
    page.goto(url + "?lang=cy")
    assert lang(page) == "cy"
    check_page(page, "77-320-review-welsh")
    follow(page, link("Fersiwn hawdd ei ddeall"), "78-320-review-welsh-easy")
    follow(page, link("Dechrau"))
    for number in (1, 2):
        if number == 1:
            check_page(page, "79-320-review-step-welsh-easy")
        tab_to(page, RADIO)
        page.keyboard.press("Space")  # "I agree", the first answer
        tab_to(page, SUBMIT)
        press_and_wait(page)
    check_page(page, "80-320-review-send-welsh-easy")
    tab_to(page, SUBMIT)
    press_and_wait(page)
    check_page(page, "81-320-review-thanks-welsh-easy")
    assert ThemeReview.objects.filter(verdict="agree").count() == 2
    context.close()
