"""Outcome pages keep a fixed number of queries however many claims there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.evaluation.evidence.factories import ClaimFactory, IndicatorFactory
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_rollup_queries_do_not_grow_with_claims(
    client, commissioner, programme, django_assert_max_num_queries
):
    indicators = [IndicatorFactory(programme=programme) for _ in range(4)]

    def add(n):
        for i in range(n):
            ClaimFactory(
                project=ProjectFactory(programme=programme), indicator=indicators[i % 4]
            )

    client.force_login(commissioner)
    url = reverse("evaluation:contribution_rollup", args=[programme.slug])
    add(5)
    small = _count(client, url)
    add(100)
    # session, user, programme, access; indicators, claim counts.
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 8
