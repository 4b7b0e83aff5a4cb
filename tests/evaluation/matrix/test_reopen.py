"""Reopening a closed round: the service, its history, and who may do it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from evaluation.matrix import services
from evaluation.models import (
    RoundStatus,
    RoundStatusAction,
    RoundStatusChange,
    ScoringRound,
)
from tests.conftest import service_missing
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round

REASON = "The youth forum met the day after we closed."


@pytest.fixture
def closed_round(project, facilitator):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    services.round_close(scoring_round=scoring_round, user=facilitator)
    return scoring_round


def reopen_url(scoring_round):
    return reverse(
        "evaluation:round_reopen",
        args=[scoring_round.project.slug, scoring_round.number],
    )


def detail_url(scoring_round):
    return reverse(
        "evaluation:round_detail",
        args=[scoring_round.project.slug, scoring_round.number],
    )


# --- Service -------------------------------------------------------------------------


def test_reopening_opens_the_round_and_records_who_when_and_why(
    closed_round, evaluator
):
    change = services.round_reopen(
        scoring_round=closed_round, user=evaluator, reason=f"  {REASON} "
    )
    closed_round.refresh_from_db()
    assert closed_round.status == RoundStatus.OPEN
    assert closed_round.closed_at is None and closed_round.closed_by is None
    assert closed_round.reopened_at == change.at
    history = list(closed_round.status_changes.values_list("action", "reason"))
    assert history == [
        (RoundStatusAction.CLOSED, ""),
        (RoundStatusAction.REOPENED, REASON),
    ]
    assert change.changed_by == evaluator


def test_closing_again_keeps_the_whole_history_with_an_optional_reason(
    closed_round, facilitator
):
    services.round_reopen(scoring_round=closed_round, user=facilitator, reason=REASON)
    services.round_close(
        scoring_round=closed_round, user=facilitator, reason="Late answers are in."
    )
    closed_round.refresh_from_db()
    assert closed_round.status == RoundStatus.CLOSED
    assert closed_round.closed_at > closed_round.reopened_at
    assert list(closed_round.status_changes.values_list("action", flat=True)) == [
        "closed",
        "reopened",
        "closed",
    ]


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_reopening_needs_a_sensible_reason(closed_round, facilitator, reason):
    with pytest.raises(ValidationError) as error:
        services.round_reopen(
            scoring_round=closed_round, user=facilitator, reason=reason
        )
    assert "reason" in error.value.message_dict
    closed_round.refresh_from_db()
    assert closed_round.status == RoundStatus.CLOSED
    assert not closed_round.status_changes.filter(action="reopened").exists()


def test_an_open_round_cannot_be_reopened(project, facilitator):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    with pytest.raises(ValidationError, match="open already"):
        services.round_reopen(
            scoring_round=scoring_round, user=facilitator, reason=REASON
        )
    assert not RoundStatusChange.objects.exists()
    scoring_round.refresh_from_db()
    assert scoring_round.reopened_at is None


def test_a_stale_copy_cannot_reopen_or_close_twice(closed_round, facilitator):
    """Two people on the same page: the second click finds the status changed."""
    first = ScoringRound.objects.get(pk=closed_round.pk)
    second = ScoringRound.objects.get(pk=closed_round.pk)
    services.round_reopen(scoring_round=first, user=facilitator, reason=REASON)
    with pytest.raises(ValidationError):
        services.round_reopen(scoring_round=second, user=facilitator, reason="Again")
    services.round_close(scoring_round=first, user=facilitator)
    with pytest.raises(ValidationError):
        services.round_close(scoring_round=second, user=facilitator)
    assert closed_round.status_changes.count() == 3  # closed, reopened, closed


def test_sent_answers_stay_as_they_were(project, facilitator):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    response = add_response(scoring_round, "patient_rep", [2])
    before = (
        response.submitted_at,
        list(response.scores.values_list("level", "dimension")),
    )
    services.round_close(scoring_round=scoring_round, user=facilitator)
    services.round_reopen(scoring_round=scoring_round, user=facilitator, reason=REASON)
    response.refresh_from_db()
    after = (
        response.submitted_at,
        list(response.scores.values_list("level", "dimension")),
    )
    assert after == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.services
def test_two_people_reopening_at_the_same_moment_on_postgresql(
    project, facilitator, evaluator
):
    """Both updates race on the row lock; the loser sees the round already open."""
    if connection.vendor != "postgresql":
        service_missing("DATABASE_URL does not point at PostgreSQL")
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    services.round_close(scoring_round=scoring_round, user=facilitator)
    barrier = threading.Barrier(2)
    outcomes = []

    def reopen(user):
        try:
            barrier.wait(timeout=10)
            services.round_reopen(
                scoring_round=ScoringRound.objects.get(pk=scoring_round.pk),
                user=user,
                reason=f"Reopened by {user.username}",
            )
            outcomes.append("reopened")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=reopen, args=(u,)) for u in (facilitator, evaluator)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "reopened"]
    assert scoring_round.status_changes.filter(action="reopened").count() == 1


# --- Pages ---------------------------------------------------------------------------


def test_facilitator_reopens_from_the_round_page_with_a_reason(
    client, facilitator, closed_round
):
    client.force_login(facilitator)
    page = client.get(detail_url(closed_round)).content.decode()
    assert reopen_url(closed_round) in page
    form = client.get(reopen_url(closed_round))
    assert form.status_code == 200
    assert "Why are you reopening this round?" in form.content.decode()
    response = client.post(reopen_url(closed_round), {"reason": REASON})
    assert response.status_code == 302
    closed_round.refresh_from_db()
    assert closed_round.is_open
    page = client.get(response.url).content.decode()
    assert "is open again" in page
    assert "History of this round" in page
    assert REASON.replace("'", "&#x27;") in page
    assert "Reopened" in page and "Closed" in page


def test_an_empty_reason_is_explained_and_the_form_shown_again(
    client, facilitator, closed_round
):
    client.force_login(facilitator)
    response = client.post(reopen_url(closed_round), {"reason": "   "})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Error: Reopen round" in body
    assert "Say why, so people reading the results later know." in body
    closed_round.refresh_from_db()
    assert closed_round.status == RoundStatus.CLOSED


def test_reopening_a_round_someone_else_reopened_keeps_what_was_typed(
    client, facilitator, closed_round
):
    client.force_login(facilitator)
    services.round_reopen(scoring_round=closed_round, user=None, reason="First")
    response = client.post(reopen_url(closed_round), {"reason": "My own words"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "open already" in body
    assert "My own words" in body
    assert closed_round.status_changes.filter(action="reopened").count() == 1


def test_the_reopen_page_of_an_open_round_sends_you_back(client, facilitator, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    client.force_login(facilitator)
    response = client.get(reopen_url(scoring_round), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(scoring_round)
    assert "nothing to reopen" in response.content.decode()


def test_read_only_roles_cannot_reopen(client, commissioner, viewer, closed_round):
    for user in (commissioner, viewer):
        client.force_login(user)
        assert client.get(reopen_url(closed_round)).status_code == 403
        response = client.post(reopen_url(closed_round), {"reason": REASON})
        assert response.status_code == 403
        page = client.get(detail_url(closed_round)).content.decode()
        assert reopen_url(closed_round) not in page
    closed_round.refresh_from_db()
    assert closed_round.status == RoundStatus.CLOSED


def test_outsiders_get_404(client, outsider, closed_round):
    client.force_login(outsider)
    assert client.get(reopen_url(closed_round)).status_code == 404
    assert client.post(reopen_url(closed_round), {"reason": REASON}).status_code == 404
    closed_round.refresh_from_db()
    assert closed_round.status == RoundStatus.CLOSED


def test_closing_with_a_note_records_it_and_a_too_long_note_is_shown_again(
    client, facilitator, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    client.force_login(facilitator)
    close = reverse("evaluation:round_close", args=[project.slug, 1])
    response = client.post(close, {"reason": "y" * 1001})
    assert response.status_code == 200
    assert "Ensure this value has at most 1000 characters" in response.content.decode()
    scoring_round.refresh_from_db()
    assert scoring_round.is_open
    client.post(close, {"reason": "Everyone invited has answered."})
    scoring_round.refresh_from_db()
    assert not scoring_round.is_open
    [change] = scoring_round.status_changes.all()
    assert (change.reason, change.changed_by) == (
        "Everyone invited has answered.",
        facilitator,
    )


def test_round_page_queries_do_not_grow_with_history(
    client, facilitator, closed_round, django_assert_max_num_queries
):
    from tests.evaluation.matrix.test_queries import count_queries

    client.force_login(facilitator)
    url = detail_url(closed_round)
    small = count_queries(client, url)
    for i in range(10):
        services.round_reopen(
            scoring_round=closed_round, user=facilitator, reason=f"{i}"
        )
        services.round_close(scoring_round=closed_round, user=facilitator)
    # Results as before, plus one query for the history with who made each change.
    with django_assert_max_num_queries(small):
        page = client.get(url)
    assert page.content.decode().count("<strong>Reopened</strong>") == 10
    with django_assert_max_num_queries(small):
        assert client.get(reopen_url(closed_round)).status_code == 200
