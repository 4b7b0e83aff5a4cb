"""Logic model pages issue the same number of queries for 5 items or 200."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logicmodels import services
from logicmodels.models import ModelKind, Section
from tests.logicmodels.factories import build_version

WORDS = ["tenants", "carers", "young people", "commissioners", "nurses", "artists"]


def model_items(n, *, changed=False):
    """n items spread over the five sections; ``changed`` rewords and swaps some."""
    items = {section: [] for section in Section}
    for i in range(n):
        section = list(Section)[i % 5]
        text = f"Item {i}: work with {WORDS[i % len(WORDS)]} on part {i}"
        if changed and i % 3 == 0:
            text = text.replace("work with", "worked alongside")
        if changed and i % 7 == 0:
            text = f"Something new number {i}"
        items[section].append(text)
    return items


def fill(project, author, n):
    """An agreed a priori model of n items, linked input -> activity -> output ->
    outcome in step, and a post facto draft copied from it with changed wording."""
    a = build_version(project, author=author, items=model_items(n))
    by_section = {s: list(a.items.filter(section=s)) for s in Section}
    chains = zip(*(by_section[s] for s in list(Section)[1:]), strict=False)
    for chain in chains:
        for source, target in zip(chain, chain[1:], strict=False):
            services.link_add(version=a, source_id=source.pk, target_id=target.pk)
    services.version_agree(version=a, author=author)
    services.logic_model_start(
        project=project, kind=ModelKind.POST_FACTO, author=author, copy_from=a
    )
    b = build_version(
        project,
        author=author,
        kind=ModelKind.POST_FACTO,
        items=model_items(n, changed=True),
    )
    return a, b


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_compare_page_queries_do_not_grow_with_items(
    client, evaluator, programme, django_assert_max_num_queries
):
    from tests.factories import ProjectFactory

    small_project = ProjectFactory(programme=programme)
    big_project = ProjectFactory(programme=programme)
    fill(small_project, evaluator, 5)
    fill(big_project, evaluator, 200)
    client.force_login(evaluator)
    small = count_queries(
        client, reverse("logicmodels:compare", args=[small_project.slug])
    )
    # session, user, project, access (3), version list, the two versions, their
    # items, their links.
    with django_assert_max_num_queries(small):
        response = client.get(reverse("logicmodels:compare", args=[big_project.slug]))
    assert response.context["comparison"]["totals"]["dropped"] > 0
    assert small <= 11


@pytest.mark.parametrize("url_name", ["version_detail", "draft_edit", "model_list"])
def test_model_pages_queries_do_not_grow_with_items(
    client, evaluator, programme, url_name, django_assert_max_num_queries
):
    from tests.factories import ProjectFactory

    urls = []
    for n in (5, 200):
        project = ProjectFactory(programme=programme)
        fill(project, evaluator, n)
        kwargs = {"slug": project.slug}
        if url_name != "model_list":
            kwargs["kind"] = ModelKind.POST_FACTO
        if url_name == "version_detail":
            kwargs["number"] = 1
        urls.append(reverse(f"logicmodels:{url_name}", kwargs=kwargs))
    client.force_login(evaluator)
    small = count_queries(client, urls[0])
    with django_assert_max_num_queries(small):
        client.get(urls[1])
    assert small <= 14
