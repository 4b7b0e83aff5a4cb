"""Participant pages in Welsh and in easy read: scoring links and member checking."""

import pytest
from django.conf import settings
from django.urls import reverse

from evaluation.evidence import services as evidence_services
from evaluation.matrix import services
from evaluation.models import Invitation, RoundResponse, ThemeReview
from evaluation.participants.selectors import EASY_READ_COOKIE
from tests.evaluation.matrix.factories import PRINCIPLES, make_link, open_round
from tests.evaluation.participants.factories import review_with_welsh

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring_round(project):
    return open_round(project, key=PRINCIPLES)[0]


@pytest.fixture
def token(scoring_round):
    return make_link(scoring_round)[1]


def step(token, number):
    return reverse("evaluation:score_step", args=[token, number])


def body(response):
    return response.content.decode()


def levels_and_dimensions(scoring_round):
    version = scoring_round.version
    return (
        list(version.levels.order_by("position")),
        list(version.dimensions.order_by("position")),
    )


def write_first_question(scoring_round, suffix, *, name, description, label, cell):
    """Give the first question, every level and its cells a text in Welsh ("cy")
    or easy read ("easy"): levels and cells get their number after the words."""
    levels, dimensions = levels_and_dimensions(scoring_round)
    first = dimensions[0]
    setattr(first, f"name_{suffix}", name)
    setattr(first, f"description_{suffix}", description)
    first.save(update_fields=[f"name_{suffix}", f"description_{suffix}"])
    for level in levels:
        setattr(level, f"label_{suffix}", f"{label} {level.number}")
        setattr(level, f"description_{suffix}", "…")
        level.save(update_fields=[f"label_{suffix}", f"description_{suffix}"])
    for descriptor in first.descriptors.select_related("level"):
        setattr(descriptor, f"text_{suffix}", f"{cell} {descriptor.level.number}")
        descriptor.save(update_fields=[f"text_{suffix}"])


def test_a_scoring_link_opened_in_welsh_is_in_welsh_and_remembered(client, token):
    url = reverse("evaluation:score_start", args=[token])
    page = client.get(url + "?lang=cy")
    assert page.status_code == 200
    assert '<html lang="cy">' in body(page)
    assert "Pa mor dda rydyn ni’n gweithio gyda’n gilydd?" in body(page)
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    # The next page, without asking again, stays in Welsh.
    again = client.get(step(token, 1))
    assert '<html lang="cy">' in body(again)
    assert "Cwestiwn 1 o 6" in body(again)
    # And the switch offers English, marked as English.
    assert '<a href="?lang=en" lang="en-GB" hreflang="en-GB">English</a>' in body(again)
    english = client.get(step(token, 1) + "?lang=en")
    assert '<html lang="en-GB">' in body(english)
    assert "Question 1 of 6" in body(english)


def test_a_question_without_welsh_says_it_is_not_translated_yet(
    client, scoring_round, token
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = body(client.get(step(token, 1)))
    assert "Nid yw’r cwestiwn hwn wedi’i gyfieithu eto" in page
    write_first_question(
        scoring_round,
        "cy",
        name="Asedau",
        description="Mae pobl yn dod â’u cryfderau.",
        label="Lefel",
        cell="Disgrifiad",
    )
    page = body(client.get(step(token, 1)))
    assert "Asedau" in page and "Mae pobl yn dod â’u cryfderau." in page
    assert "Disgrifiad 2" in page and "Lefel 1" in page
    assert "Nid yw’r cwestiwn hwn wedi’i gyfieithu eto" not in page


def test_welsh_error_messages_keep_the_typed_comment(client, token):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.post(step(token, 1), {"comment": "Roedd hi’n dda"})
    assert page.status_code == 200
    text = body(page)
    assert "Dewiswch yr ateb sy’n gweddu orau" in text
    assert "Roedd hi’n dda</textarea>" in text


def test_easy_read_scoring_is_one_question_a_screen_with_pictures_and_saves_once(
    client, scoring_round, token
):
    levels, dimensions = levels_and_dimensions(scoring_round)
    start = client.get(reverse("evaluation:score_start", args=[token]) + "?easy=1")
    assert start.cookies[EASY_READ_COOKIE].value == "1"
    assert 'class="public-page easy-read"' in body(start)
    assert 'alt="Two people talking"' in body(start)
    first = body(client.get(step(token, 1)))
    assert first.count('name="answer"') == len(levels) + 1  # one question only
    assert 'src="/static/img/easyread/step-1-of-3.svg" alt="Step 1 of 3"' in first
    # A problem keeps what was typed.
    problem = body(client.post(step(token, 1), {"comment": "We met often"}))
    assert "We met often</textarea>" in problem
    assert "Choose the answer that fits best" in problem
    for number, _ in enumerate(dimensions, start=1):
        answer = str(levels[1].pk) if number > 1 else "dk"
        response = client.post(step(token, number), {"answer": answer})
        assert response.status_code == 302
    check = reverse("evaluation:score_check", args=[token])
    assert "Send my answers" in body(client.get(check))
    assert client.post(check).status_code == 302
    assert client.post(check).status_code == 302  # sending twice changes nothing
    response = RoundResponse.objects.get()
    assert response.submitted_at is not None
    assert response.scores.count() == len(dimensions)
    assert response.scores.filter(level=None).count() == 1


def test_an_easy_read_question_shows_its_easy_read_text_or_says_there_is_none(
    client, scoring_round, token
):
    client.cookies[EASY_READ_COOKIE] = "1"
    assert "There is no easy read version of this question yet" in body(
        client.get(step(token, 1))
    )
    write_first_question(
        scoring_round,
        "easy",
        name="What people bring",
        description="People have skills. We use them.",
        label="Easy",
        cell="Easy cell",
    )
    page = body(client.get(step(token, 1)))
    assert "What people bring" in page and "Easy cell 3" in page
    assert "There is no easy read version" not in page


def test_welsh_easy_read_scoring_page_renders_in_welsh(client, token):
    page = body(client.get(step(token, 2) + "?lang=cy&easy=1"))
    assert '<html lang="cy">' in page
    assert "Pa ateb sydd fwyaf tebyg i’r prosiect nawr?" in page
    assert 'alt="Gris 2 o 3"' in page


def test_a_closed_or_unknown_link_explains_in_welsh(client, scoring_round, token):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    unknown = client.get(reverse("evaluation:score_start", args=["nope"]))
    assert unknown.status_code == 404
    assert "Nid yw’r ddolen hon yn gweithio" in body(unknown)


def test_the_step_page_keeps_a_bounded_number_of_queries(
    client, token, django_assert_max_num_queries
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    client.cookies[EASY_READ_COOKIE] = "1"
    # Link with round, version and person; levels; dimensions; cells; the
    # response with its scores (2).
    with django_assert_max_num_queries(7):
        assert client.get(step(token, 2)).status_code == 200


def test_staff_pages_stay_in_english_whatever_the_language_cookie(
    client, facilitator, project
):
    client.force_login(facilitator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(
        reverse("projects:project_detail", args=[project.slug]),
        HTTP_ACCEPT_LANGUAGE="cy",
    )
    assert '<html lang="en-GB">' in body(page)
    assert ">Projects</a>" in body(page)


# --- Member checking ----------------------------------------------------------------


@pytest.fixture
def review(programme, stakeholder):
    return review_with_welsh(programme, stakeholder)


def review_url(review, name="member_review", *args):
    return reverse(f"evaluation:{name}", args=[review["token"], *args])


def test_the_review_page_in_welsh_shows_welsh_themes_and_a_note_for_the_rest(
    client, review
):
    page = body(client.get(review_url(review) + "?lang=cy"))
    assert '<html lang="cy">' in page
    assert "Ydy’r themâu hyn yn cyd-fynd â’ch profiad chi?" in page
    assert "Ymddiriedaeth" in page and "Roedd pobl yn ymddiried" in page
    assert "Rwy’n cytuno" in page
    # "Power" has no Welsh yet.
    assert page.count("Nid yw’r cwestiwn hwn wedi’i gyfieithu eto") == 1


def test_easy_read_review_is_one_theme_a_screen_and_is_stored_once_when_sent(
    client, review
):
    start = body(client.get(review_url(review) + "?easy=1"))
    assert "Did we get it right?" in start
    assert review_url(review, "review_step", 1) in start
    first = body(client.get(review_url(review, "review_step", 1)))
    assert "People believed each other." in first
    assert first.count('name="verdict"') == 3
    assert "Power" not in first
    assert 'alt="A happy face with a tick"' in first
    # No answer chosen: asked again, with the typed comment kept.
    problem = client.post(review_url(review, "review_step", 1), {"comment": "Mostly"})
    assert "Mostly</textarea>" in body(problem)
    assert "“Not sure” is a fine answer" in body(problem)
    client.post(
        review_url(review, "review_step", 1), {"verdict": "agree", "comment": "Yes"}
    )
    done = client.post(review_url(review, "review_step", 2), {"verdict": "unsure"})
    assert done.url == review_url(review, "review_send")
    # Nothing is stored before the answers are sent.
    assert not ThemeReview.objects.exists()
    summary = body(client.get(review_url(review, "review_send")))
    assert "I agree" in summary and "Not sure" in summary
    thanks = client.post(review_url(review, "review_send"), {"general_comment": "Ta"})
    assert "We have your answers." in body(thanks)
    verdicts = dict(ThemeReview.objects.values_list("theme__name", "verdict"))
    assert verdicts == {"Trust": "agree", "Power": "unsure"}
    invitation = Invitation.objects.get(pk=review["invitation"].pk)
    assert invitation.took_part and invitation.general_comment == "Ta"
    client.post(review_url(review, "review_send"), {"general_comment": "Ta"})
    assert ThemeReview.objects.count() == 2


def test_welsh_easy_read_review_step_is_in_welsh(client, review):
    page = body(client.get(review_url(review, "review_step", 1) + "?lang=cy&easy=1"))
    assert '<html lang="cy">' in page
    assert "Ydy hyn yn iawn i chi?" in page
    assert "Ymddiriedaeth" in page


def test_review_steps_in_the_standard_version_lead_to_the_whole_page(client, review):
    response = client.get(review_url(review, "review_step", 1))
    assert response.status_code == 302
    assert response.url == review_url(review)


def test_a_switched_off_review_link_says_so_in_easy_read(client, review):
    evidence_services.invitation_revoke(invitation=review["invitation"])
    page = client.get(review_url(review) + "?easy=1")
    assert page.status_code == 410
    assert 'alt="A broken chain"' in body(page)


# --- The person's recorded communication needs --------------------------------------


def record_needs(person, **data):
    from projects.communication.services import communication_needs_save

    return communication_needs_save(
        stakeholder=person, data=data, seen_version=None, user=None
    )


@pytest.fixture
def welsh_speaker(project, stakeholder):
    stakeholder.email = "non@example.org"
    stakeholder.save(update_fields=["email"])
    record_needs(stakeholder, language="cy")
    return stakeholder


def test_a_welsh_speakers_link_opens_in_welsh_and_they_can_still_choose_english(
    client, scoring_round, welsh_speaker
):
    [(_, token)] = services.invitations_create(
        scoring_round=scoring_round, stakeholders=[welsh_speaker]
    )
    url = reverse("evaluation:score_start", args=[token])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB")
    assert '<html lang="cy">' in body(page)
    assert settings.LANGUAGE_COOKIE_NAME not in page.cookies  # nothing chosen yet
    english = client.get(url + "?lang=en")
    assert '<html lang="en-GB">' in body(english)
    assert '<html lang="en-GB">' in body(client.get(step(token, 1)))  # remembered


def test_without_a_recorded_language_the_browser_language_decides(
    client, scoring_round, stakeholder
):
    [(_, token)] = services.invitations_create(
        scoring_round=scoring_round, stakeholders=[stakeholder]
    )
    url = reverse("evaluation:score_start", args=[token])
    assert '<html lang="cy">' in body(client.get(url, HTTP_ACCEPT_LANGUAGE="cy"))
    assert '<html lang="en-GB">' in body(client.get(url))


def test_a_person_who_asked_for_easy_read_gets_it(client, scoring_round, stakeholder):
    record_needs(stakeholder, formats=["easy_read"])
    [(_, token)] = services.invitations_create(
        scoring_round=scoring_round, stakeholders=[stakeholder]
    )
    page = body(client.get(step(token, 1)))
    assert 'class="public-page easy-read"' in page
    assert "?easy=0" in page  # and a way back to the standard version


def test_a_welsh_speakers_review_link_opens_in_welsh(client, programme, welsh_speaker):
    review = review_with_welsh(programme, welsh_speaker)
    page = body(client.get(review_url(review)))
    assert '<html lang="cy">' in page and "Ymddiriedaeth" in page
