"""Page query budgets must not grow with the number of projects or people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import ProjectStakeholder

from ..factories import OrganisationFactory, ProjectFactory, StakeholderFactory


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
    # session, user, project, access (3), partners, people + groups, briefs, comments.
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 14
