"""What reopening a round changes: participant links work again, and the cached
programme figures never show numbers from before."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from evaluation.matrix import selectors, services
from evaluation.models import RoundResponse
from projects.models import Project
from tests.evaluation.matrix.factories import (
    PRINCIPLES,
    add_response,
    make_link,
    open_round,
)

REASON = "Two people could not come to the session."


@pytest.fixture
def scoring_round(project):
    return open_round(project, key=PRINCIPLES)[0]


def start(token):
    return reverse("evaluation:score_start", args=[token])


def step(token, number):
    return reverse("evaluation:score_step", args=[token, number])


def answer_everything(client, scoring_round, token, position):
    level = scoring_round.version.levels.get(position=position)
    for number in range(1, scoring_round.version.dimensions.count() + 1):
        reply = client.post(step(token, number), {"answer": str(level.pk)})
        assert reply.status_code == 302


def close_and_reopen(scoring_round):
    services.round_close(scoring_round=scoring_round, user=None)
    services.round_reopen(scoring_round=scoring_round, user=None, reason=REASON)


# --- Links ---------------------------------------------------------------------------


def test_a_link_that_stopped_at_the_close_works_again_after_reopening(
    client, scoring_round
):
    invitation, token = make_link(scoring_round)
    services.round_close(scoring_round=scoring_round, user=None)
    assert client.get(start(token)).status_code == 410
    services.round_reopen(scoring_round=scoring_round, user=None, reason=REASON)
    assert client.get(start(token)).status_code == 200
    answer_everything(client, scoring_round, token, position=1)
    client.post(reverse("evaluation:score_check", args=[token]))
    response = RoundResponse.objects.get(invitation=invitation)
    assert response.submitted_at is not None


def test_withdrawn_and_expired_links_stay_shut_until_renewed(
    client, facilitator, project, scoring_round
):
    withdrawn, withdrawn_token = make_link(scoring_round, label="Withdrawn")
    expired, expired_token = make_link(scoring_round, label="Expired")
    services.invitation_revoke(invitation=withdrawn)
    expired.expires_at = timezone.now() - dt.timedelta(days=1)
    expired.save(update_fields=["expires_at"])
    close_and_reopen(scoring_round)
    assert client.get(start(withdrawn_token)).status_code == 404
    assert client.get(start(expired_token)).status_code == 404

    client.force_login(facilitator)
    links = client.get(
        reverse("evaluation:round_links", args=[project.slug, scoring_round.number])
    ).content.decode()
    assert "was reopened on" in links
    page = client.post(
        reverse(
            "evaluation:round_link_renew",
            args=[project.slug, scoring_round.number, expired.pk],
        ),
        {"link_days": 7},
    ).content.decode()
    [new_token] = re.findall(r"/score/([\w-]+)/", page)
    client.logout()
    assert client.get(start(new_token)).status_code == 200
    assert client.get(start(expired_token)).status_code == 404


def test_reopen_page_counts_links_that_will_work_again(
    client, facilitator, project, scoring_round
):
    make_link(scoring_round, label="Working")
    expired, _ = make_link(scoring_round, label="Old")
    expired.expires_at = timezone.now() - dt.timedelta(hours=1)
    expired.save(update_fields=["expires_at"])
    services.round_close(scoring_round=scoring_round, user=None)
    client.force_login(facilitator)
    page = client.get(
        reverse("evaluation:round_reopen", args=[project.slug, scoring_round.number])
    ).content.decode()
    assert "1 personal link that has not expired" in page
    assert "1 link has expired" in page


def test_a_sent_response_is_kept_and_can_be_changed_after_reopening(
    client, scoring_round
):
    invitation, token = make_link(scoring_round)
    answer_everything(client, scoring_round, token, position=0)
    client.post(reverse("evaluation:score_check", args=[token]))
    sent_at = RoundResponse.objects.get(invitation=invitation).submitted_at
    close_and_reopen(scoring_round)
    assert "Your answers have been sent." in client.get(start(token)).content.decode()
    answer_everything(client, scoring_round, token, position=2)
    response = RoundResponse.objects.get(invitation=invitation)
    assert response.submitted_at == sent_at
    assert set(response.scores.values_list("level__position", flat=True)) == {2}


# --- Cached programme figures --------------------------------------------------------


def latest_figures():
    [row] = selectors.programme_latest_rounds(Project.objects.all())
    return row


def figures_written():
    """Read the programme figures and return the cache keys they were stored under
    (empty when every figure came from the cache)."""
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as spy:
        row = latest_figures()
    keys = set(spy.call_args.args[0]) if spy.called else set()
    return row, keys


def poison(keys):
    """Replace cached figures by impossible ones: any read that uses them shows."""
    for key in keys:
        figures = cache.get(key)
        cache.set(key, {**figures, "everyone": 99.0})


def test_closing_and_reopening_change_the_cache_key(scoring_round):
    add_response(scoring_round, "commissioner", [1])
    _, open_keys = figures_written()
    services.round_close(scoring_round=scoring_round, user=None)
    row, closed_keys = figures_written()
    assert closed_keys and closed_keys != open_keys
    poison(open_keys | closed_keys)
    assert latest_figures().point.everyone == 99.0  # the cache is really read
    services.round_reopen(scoring_round=scoring_round, user=None, reason=REASON)
    row, reopened_keys = figures_written()
    assert reopened_keys and reopened_keys.isdisjoint(open_keys | closed_keys)
    assert row.point.everyone == 1
    assert row.round.is_open


def test_answers_changed_after_reopening_show_in_programme_figures(
    client, scoring_round
):
    """The same person, the same number of responses: only the answers change."""
    invitation, token = make_link(scoring_round)
    answer_everything(client, scoring_round, token, position=0)
    client.post(reverse("evaluation:score_check", args=[token]))
    assert latest_figures().point.everyone == 1
    close_and_reopen(scoring_round)
    assert latest_figures().point.everyone == 1
    answer_everything(client, scoring_round, token, position=2)
    row = latest_figures()
    assert (row.response_count, row.point.everyone) == (1, 3)


def test_new_answers_after_reopening_show_on_the_programme_page(
    client, commissioner, project, scoring_round
):
    add_response(scoring_round, "commissioner", [1])
    close_and_reopen(scoring_round)
    url = reverse("evaluation:programme_scoring", args=[project.programme.slug])
    client.force_login(commissioner)
    before = client.get(url).content.decode()
    assert '<td class="num">1</td>' in before
    _, token = make_link(scoring_round)
    answer_everything(client, scoring_round, token, position=2)
    client.post(reverse("evaluation:score_check", args=[token]))
    after = client.get(url).content.decode()
    assert '<td class="num">2</td>' in after  # two responses now
    assert '<td class="num">2.0</td>' in after  # middle of 1 and 3
