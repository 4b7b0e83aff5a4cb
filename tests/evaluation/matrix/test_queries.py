"""Query budgets of the results, rounds and programme pages do not grow with
responses or rounds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.evaluation.matrix.factories import (
    PRINCIPLES,
    add_response,
    make_link,
    open_round,
)

ROLES = ["commissioner", "clinician", "patient_rep", "young_person", "provider"]


def fill(scoring_round, n):
    for i in range(n):
        response = add_response(
            scoring_round, ROLES[i % len(ROLES)], [1 + i % 3], comment=f"note {i}"
        )
        if i % 2:
            invitation, _ = make_link(scoring_round, role=ROLES[i % len(ROLES)])
            response.invitation = invitation
            response.save(update_fields=["invitation"])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name", ["round_detail", "round_list", "round_links", "round_export"]
)
def test_round_pages_issue_the_same_queries_for_3_and_300_responses(
    client, facilitator, project, url_name, django_assert_max_num_queries
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    client.force_login(facilitator)
    kwargs = {"slug": project.slug}
    if url_name != "round_list":
        kwargs["number"] = scoring_round.number
    url = reverse(f"evaluation:{url_name}", kwargs=kwargs)
    fill(scoring_round, 3)
    small = count_queries(client, url)
    fill(scoring_round, 297)
    # Results: session, user, project + access (3), round, the programme's latest
    # change (the memo's key), levels, dimensions, scores, responses by role, links
    # by role, own response.
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 17
    if url_name == "round_detail":
        # Asked again with nothing changed: the results are remembered.
        with django_assert_max_num_queries(8):
            client.get(url)


def test_rounds_list_and_programme_scores_do_not_grow_with_rounds(
    client, facilitator, project, django_assert_max_num_queries
):
    client.force_login(facilitator)
    urls = [
        reverse("evaluation:round_list", args=[project.slug]),
        reverse("evaluation:programme_scoring", args=[project.programme.slug]),
    ]
    first, _ = open_round(project, key=PRINCIPLES)
    fill(first, 3)
    small = [count_queries(client, url) for url in urls]
    for _ in range(10):
        scoring_round, _ = open_round(project, key=PRINCIPLES)
        fill(scoring_round, 5)
    for url, budget in zip(urls, small, strict=True):
        # rounds, framework versions' dimensions and levels, scores: fixed sets.
        with django_assert_max_num_queries(budget):
            client.get(url)
    assert max(small) <= 14


def test_participant_step_page_queries_are_fixed(
    client, project, django_assert_max_num_queries
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    fill(scoring_round, 30)
    _, token = make_link(scoring_round)
    url = reverse("evaluation:score_step", args=[token, 1])
    # invitation+round+version, levels, dimensions, cells, response, scores.
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
