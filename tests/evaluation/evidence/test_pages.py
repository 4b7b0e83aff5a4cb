"""Every page renders for readers, and list pages keep a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.evaluation.evidence.factories import (
    ObservationFactory,
    QuoteFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_quote_list_queries_do_not_grow_with_quotes(
    client, commissioner, project, django_assert_max_num_queries
):
    themes = [ThemeFactory(programme=project.programme) for _ in range(3)]

    def add(n):
        for i in range(n):
            QuoteFactory(project=project).themes.add(themes[i % 3])

    client.force_login(commissioner)
    url = reverse("evaluation:quote_list", args=[project.slug])
    add(5)
    small = _count(client, url)
    add(45)
    # session, user, project, access (3), count, page of quotes, themes prefetch,
    # audit insert (in a savepoint).
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 14


@pytest.mark.parametrize(
    "name",
    ["theme_list", "programme_evaluation", "theory_of_change", "evaluation_stage_list"],
)
def test_programme_pages_do_not_grow_with_quotes(
    client, evaluator, project, name, django_assert_max_num_queries
):
    theme = ThemeFactory(programme=project.programme)
    client.force_login(evaluator)
    url = reverse(f"evaluation:{name}", args=[project.programme.slug])
    for _ in range(3):
        QuoteFactory(project=project).themes.add(theme)
    small = _count(client, url)
    for _ in range(40):
        QuoteFactory(project=project).themes.add(
            ThemeFactory(programme=project.programme)
        )
    with django_assert_max_num_queries(small):
        client.get(url)


def test_project_evidence_page_does_not_grow_with_observations(
    client, evaluator, project, django_assert_max_num_queries
):
    client.force_login(evaluator)
    url = reverse("evaluation:project_evidence", args=[project.slug])
    for _ in range(3):
        ObservationFactory(project=project).quotes.add(QuoteFactory(project=project))
    small = _count(client, url)
    for _ in range(40):
        ObservationFactory(project=project).quotes.add(QuoteFactory(project=project))
    with django_assert_max_num_queries(small):
        client.get(url)


def test_project_page_has_an_evidence_button(client, commissioner, project):
    client.force_login(commissioner)
    body = client.get(project.get_absolute_url()).content.decode()
    assert reverse("evaluation:project_evidence", args=[project.slug]) in body


def test_evaluation_link_goes_to_the_only_programme(client, commissioner, programme):
    client.force_login(commissioner)
    response = client.get(reverse("evaluation:evaluation_home"))
    assert response.url == reverse(
        "evaluation:programme_evaluation", args=[programme.slug]
    )


def test_read_only_members_see_no_edit_buttons(client, viewer, project):
    client.force_login(viewer)
    body = client.get(
        reverse("evaluation:project_evidence", args=[project.slug])
    ).content.decode()
    assert "Add a contribution claim" not in body
    assert reverse("evaluation:observation_create", args=[project.slug]) not in body
