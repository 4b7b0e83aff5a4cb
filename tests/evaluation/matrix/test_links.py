"""Personal scoring links: no sign-in, hashed, expiring, revocable, one response."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluation.matrix import services
from evaluation.models import RoundInvitation, RoundResponse, token_hash
from projects.models import Project
from tests.evaluation.matrix.factories import PRINCIPLES, make_link, open_round


@pytest.fixture
def scoring_round(project):
    return open_round(project, key=PRINCIPLES)[0]


@pytest.fixture
def link(scoring_round):
    return make_link(scoring_round)


def start(token):
    return reverse("evaluation:score_start", args=[token])


def step(token, number):
    return reverse("evaluation:score_step", args=[token, number])


def check(token):
    return reverse("evaluation:score_check", args=[token])


def answer_all(client, scoring_round, token, value=None):
    levels = list(scoring_round.version.levels.order_by("position"))
    count = scoring_round.version.dimensions.count()
    for number in range(1, count + 1):
        answer = value if value is not None else str(levels[number % 3].pk)
        response = client.post(step(token, number), {"answer": answer, "comment": ""})
        assert response.status_code == 302
    return count


def test_only_a_hash_of_the_token_is_stored(link):
    invitation, token = link
    assert len(token) >= 40
    stored = RoundInvitation.objects.get(pk=invitation.pk)
    assert stored.token_hash == token_hash(token)
    assert not RoundInvitation.objects.filter(token_hash=token).exists()


def test_participant_scores_one_question_at_a_time_and_sends(client, project, link):
    invitation, token = link
    page = client.get(start(token))
    assert page.status_code == 200
    body = page.content.decode()
    assert project.title not in body
    assert "Sign out" not in body and "Projects" not in body
    assert "no-store" in page["Cache-Control"]
    first = client.get(step(token, 1)).content.decode()
    assert "Question 1 of 6" in first
    assert 'type="radio"' in first and "I don't know" in first
    assert (
        "skills and experience shape how services are designed" in first
    )  # a cell descriptor
    count = answer_all(client, invitation.round, token)
    response = RoundResponse.objects.get(invitation=invitation)
    assert response.scores.count() == count
    assert response.submitted_at is None
    assert client.post(check(token)).status_code == 302
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert response.role_category == "young_person"


def test_sending_needs_every_question_answered(client, link):
    invitation, token = link
    client.post(step(token, 1), {"answer": "dk"})
    page = client.post(check(token))
    assert page.status_code == 400
    assert "answer every question" in page.content.decode()
    assert RoundResponse.objects.get(invitation=invitation).submitted_at is None


def test_answers_can_be_changed_and_stay_a_single_response(client, link):
    invitation, token = link
    answer_all(client, invitation.round, token)
    client.post(check(token))
    client.post(step(token, 1), {"answer": "dk", "comment": "Changed my mind"})
    response = RoundResponse.objects.get(invitation=invitation)
    score = response.scores.get(dimension__position=0)
    assert score.level is None and score.comment == "Changed my mind"
    assert RoundResponse.objects.filter(round=invitation.round).count() == 1


def test_a_level_from_another_framework_is_refused(client, project, link):
    invitation, token = link
    other_round, _ = open_round(project)  # the six-level matrix
    foreign = other_round.version.levels.first()
    page = client.post(step(token, 1), {"answer": str(foreign.pk)})
    assert page.status_code == 200
    assert "Choose one of the answers shown" in page.content.decode()
    assert not RoundResponse.objects.filter(invitation=invitation).exists()
    with pytest.raises(ValidationError):
        services.link_answer_save(
            invitation=invitation,
            dimension=invitation.round.version.dimensions.first(),
            level=foreign,
        )


def test_a_missing_answer_is_explained(client, link):
    _, token = link
    page = client.post(step(token, 1), {"comment": "typed text"})
    body = page.content.decode()
    assert "Choose the answer that fits best" in body
    assert "typed text" in body


@pytest.mark.parametrize("problem", ["unknown", "expired", "revoked", "replaced"])
def test_unusable_links_get_the_same_friendly_page(client, link, problem):
    invitation, token = link
    if problem == "unknown":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif problem == "expired":
        RoundInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    elif problem == "revoked":
        services.invitation_revoke(invitation=invitation)
    else:
        services.invitation_renew(invitation=invitation)
    for url in (start(token), step(token, 1), check(token)):
        page = client.get(url)
        assert page.status_code == 404
        assert "This link does not work" in page.content.decode()
    page = client.post(step(token, 1), {"answer": "dk"})
    assert page.status_code == 404
    assert not RoundResponse.objects.filter(invitation=invitation).exists()


def test_a_renewed_link_keeps_the_answers(client, link):
    invitation, token = link
    client.post(step(token, 1), {"answer": "dk"})
    new_token = services.invitation_renew(invitation=invitation)
    page = client.get(start(new_token))
    assert "1 of 6 answered" in page.content.decode()


def test_a_closed_round_refuses_answers(client, scoring_round, link):
    invitation, token = link
    services.round_close(scoring_round=scoring_round, user=None)
    page = client.get(start(token))
    assert page.status_code == 410
    assert "Scoring has finished" in page.content.decode()
    assert client.post(step(token, 1), {"answer": "dk"}).status_code == 410
    with pytest.raises(ValidationError):
        services.link_answer_save(
            invitation=invitation,
            dimension=scoring_round.version.dimensions.first(),
            level=None,
        )


def test_a_link_cannot_be_managed_through_another_projects_round(
    client, facilitator, programme, link
):
    invitation, _ = link
    other = Project.objects.create(
        programme=programme, title="Other", slug="other", brief="x"
    )
    other_round, _ = open_round(other, key=PRINCIPLES)
    client.force_login(facilitator)
    url = reverse(
        "evaluation:round_link_revoke",
        args=[other.slug, other_round.number, invitation.pk],
    )
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_participant_posts_need_the_csrf_token(link):
    _, token = link
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(step(token, 1), {"answer": "dk"}).status_code == 403


def test_step_outside_the_framework_is_not_found(client, link):
    _, token = link
    assert client.get(step(token, 99)).status_code == 404


def test_participant_pages_keep_the_origin_header_for_csrf(client, link):
    # A "no-referrer" policy makes browsers send "Origin: null" with the form,
    # which Django's CSRF check refuses; same-origin keeps the link private enough.
    _, token = link
    page = client.get(step(token, 1))
    assert page.get("Referrer-Policy", "same-origin") != "no-referrer"
    assert 'content="no-referrer"' not in page.content.decode()


def test_sending_too_soon_shows_a_focusable_summary_linking_each_unanswered_question(
    client, link
):
    invitation, token = link
    client.post(step(token, 1), {"answer": "dk"})
    clean = client.get(check(token)).content.decode()
    assert "<title>Check your answers" in clean
    assert 'class="error-summary"' not in clean
    body = client.post(check(token)).content.decode()
    assert "<title>Error: Check your answers" in body
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    assert 'role="alert" tabindex="-1" id="error-summary"' in summary
    assert '<h2 class="h5" id="error-summary-title">' in summary
    count = invitation.round.version.dimensions.count()
    assert 'href="#answer-1"' not in summary
    for number in range(2, count + 1):
        assert f'href="#answer-{number}"' in summary
        assert f'<a id="answer-{number}" href="{step(token, number)}">' in body
    # The public frame loads the script that moves focus to the summary.
    assert "js/error-summary.js" in body


def test_a_step_with_a_problem_has_an_error_title_and_the_summary_script(client, link):
    _, token = link
    body = client.post(step(token, 1), {"comment": "typed"}).content.decode()
    assert "<title>Error: Question 1 of" in body
    # The summary links to the first answer's radio button.
    assert '<a href="#id_answer">Answer: Choose the answer' in body
    assert 'id="id_answer"' in body and "js/error-summary.js" in body
