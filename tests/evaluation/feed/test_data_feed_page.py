"""The programme's Data feed page lists every feed address with a copy button."""

import pytest
from django.urls import reverse

from projects.models import AccessRole, ProjectMembership
from tests.factories import UserFactory
from tests.projects.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_a_commissioner_finds_every_feed_address_from_the_programme_page(
    client, programme, project, commissioner
):
    client.force_login(commissioner)
    programme_page = client.get(
        reverse("projects:programme_detail", args=[programme.slug])
    )
    url = reverse("evaluation:programme_data_feed", args=[programme.slug])
    assert url in programme_page.content.decode()
    page = client.get(url).content.decode()
    for table in ["projects", "activities", "attendance", "scores", "claims"]:
        for kind in ["csv", "json"]:
            address = reverse(
                f"api:feed_{kind}", kwargs={"pk": programme.pk, "table": table}
            )
            assert f"http://testserver{address}" in page
    assert 'data-copy="feed-projects-json"' in page
    assert reverse("projects:api_tokens") in page


def test_someone_on_one_project_only_cannot_open_it(client, programme, project):
    member = UserFactory()
    ProjectMembership.objects.create(
        user=member, project=project, role=AccessRole.FACILITATOR
    )
    client.force_login(member)
    url = reverse("evaluation:programme_data_feed", args=[programme.slug])
    assert client.get(url).status_code == 403


def test_the_page_queries_do_not_grow_with_the_programme(
    client, programme, project, facilitator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(facilitator)
    url = reverse("evaluation:programme_data_feed", args=[programme.slug])
    ActivityFactory(project=project)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(10):
        ActivityFactory(project=project)
    # session, user, programme and access, then a fixed few per table.
    with django_assert_max_num_queries(len(small)):
        client.get(url)
