"""Page query budgets must not grow with the number of projects or people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import ProjectStakeholder
from tests.factories import OrganisationFactory, ProjectFactory, StakeholderFactory


def fill(programme, n):
    org = OrganisationFactory()
    for _ in range(n):
        project = ProjectFactory(programme=programme)
        project.partners.add(org)
        person = StakeholderFactory(programme=programme)
        ProjectStakeholder.objects.create(project=project, stakeholder=person)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name", ["projects:project_list", "projects:programme_detail"]
)
def test_list_pages_issue_the_same_queries_for_5_and_200_projects(
    client, facilitator, programme, url_name, django_assert_max_num_queries
):
    client.force_login(facilitator)
    kwargs = {"slug": programme.slug} if "programme" in url_name else {}
    url = reverse(url_name, kwargs=kwargs)
    fill(programme, 5)
    small = count_queries(client, url)
    fill(programme, 195)
    # session, user, memberships scope, count, page of projects, partners prefetch,
    # plus the programme summary queries on the programme page.
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 14


def test_project_page_queries_do_not_grow_with_people(
    client, facilitator, project, django_assert_max_num_queries
):
    client.force_login(facilitator)
    url = project.get_absolute_url()
    for _ in range(5):
        ProjectStakeholder.objects.create(
            project=project, stakeholder=StakeholderFactory(programme=project.programme)
        )
    small = count_queries(client, url)
    for _ in range(195):
        ProjectStakeholder.objects.create(
            project=project, stakeholder=StakeholderFactory(programme=project.programme)
        )
    # session, user, project, access (3), the programme's latest change (the
    # memo's key), partners, people + groups, briefs, comments...
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 15
    # Asked again with nothing changed: the page's content is remembered.
    with django_assert_max_num_queries(7):
        client.get(url)


def test_programme_page_pictures_every_project_and_pages_the_table(
    client, facilitator, programme
):
    """A big programme's page stays quick: the diamond and its numbered table list
    every project, the full project table shows 50 at a time."""
    fill(programme, 55)
    client.force_login(facilitator)
    url = reverse("projects:programme_detail", kwargs={"slug": programme.slug})
    first = client.get(url).content.decode()
    diamond_table, project_table = first.split("<tbody>")[1:3]
    assert diamond_table.split("</tbody>")[0].count("<tr>") == 55
    assert project_table.split("</tbody>")[0].count("<tr>") == 50
    assert "55 projects, 1 to 50 shown here." in first
    assert 'aria-label="Pages of the programme\'s projects"' in first
    assert "?page=2#projects-heading" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.split("<tbody>")[2].split("</tbody>")[0].count("<tr>") == 5
    assert "51 to 55 shown here" in second
