"""Programme-wide figures are remembered until the programme changes
(projects/memo.py), and big programmes get a counted diamond."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import DiamondStage, ProjectStatus
from projects.progress import diagrams
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_programme_page_is_remembered_until_a_change(client, facilitator, programme):
    ProjectFactory(programme=programme, title="Open Doors")
    client.force_login(facilitator)
    url = reverse("projects:programme_detail", args=[programme.slug])
    first, _ = _queries(client, url)
    again, body = _queries(client, url)
    assert again < first
    assert "Open Doors" in body
    ProjectFactory(programme=programme, title="Second Wind")
    _, body = _queries(client, url)
    assert "Second Wind" in body  # the new project's history event gave a new key


def test_remembered_figures_are_per_viewer(client, facilitator, project_facilitator):
    programme = project_facilitator.project_memberships.get().project.programme
    ProjectFactory(programme=programme, title="Not Theirs")
    url = reverse("projects:programme_detail", args=[programme.slug])
    client.force_login(facilitator)
    assert "Not Theirs" in client.get(url).content.decode()
    client.force_login(project_facilitator)
    assert "Not Theirs" not in client.get(url).content.decode()


def test_a_big_programme_gets_a_counted_diamond(
    client, commissioner, programme, monkeypatch
):
    monkeypatch.setattr(diagrams, "DIAMOND_MARKERS_MAX", 3)
    for i in range(3):
        ProjectFactory(
            programme=programme,
            title=f"Defining {i}",
            current_stage=DiamondStage.DEFINE,
        )
    ProjectFactory(
        programme=programme,
        title="Paused one",
        status=ProjectStatus.PAUSED,
        current_stage=DiamondStage.DEFINE,
    )
    client.force_login(commissioner)
    url = reverse("evaluation:commissioner_dashboard", args=[programme.slug])
    response = client.get(url)
    diamond = response.context["diamond"]
    assert diamond["counted"] and diamond["total"] == 4
    rows = {(r["stage"], r["status"]): r["count"] for r in diamond["count_rows"]}
    assert rows == {("Define", "Active"): 3, ("Define", "Paused"): 1}
    body = response.content.decode()
    assert "Defining 0" not in diamond["svg"]  # no marker per project
    link = f"{url}?stage=define&amp;status=active"
    assert link in body
    # Following a marker lists those projects, one marker each again.
    narrowed = client.get(url, {"stage": "define", "status": "active"})
    assert not narrowed.context["diamond"]["counted"]
    assert [p.title for p in narrowed.context["diamond"]["projects"]] == [
        "Defining 0",
        "Defining 1",
        "Defining 2",
    ]
    # The programme page counts the same way and links to the same lists.
    page = client.get(reverse("projects:programme_detail", args=[programme.slug]))
    assert page.context["diamond"]["counted"]
    assert link in page.content.decode()
