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


def _csrf_of(html: str) -> str:
    """The token in the comment form (the remembered part of the page)."""
    import re

    comments = html[html.index('id="comments-heading"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', comments)[1]


def test_remembered_project_page_carries_each_sessions_own_csrf_token(
    facilitator, project
):
    """The page's content is remembered as HTML, forms included: each viewer's
    own token is put in at every request, so a comment posted from a remembered
    page is accepted in a new session."""
    from django.test import Client

    from projects.memo import csrf_placeholder

    url = project.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first.force_login(facilitator)
    _, body = _queries(first, url)
    assert csrf_placeholder() not in body

    # Signed in again elsewhere: a new session, a new CSRF secret, the same key.
    second = Client(enforce_csrf_checks=True)
    second.force_login(facilitator)
    fewer, body = _queries(second, url)
    assert csrf_placeholder() not in body
    token = _csrf_of(body)
    posted = second.post(
        reverse("projects:comment_add", args=[project.slug]),
        {"body": "Posted from a remembered page", "csrfmiddlewaretoken": token},
    )
    assert posted.status_code == 302
    # The comment is a recorded change: the page shows it at once.
    _, body = _queries(second, url)
    assert "Posted from a remembered page" in body


def test_a_refused_comment_is_shown_with_its_message_and_text(
    client, facilitator, project
):
    client.force_login(facilitator)
    client.get(project.get_absolute_url())  # remembered
    response = client.post(
        reverse("projects:comment_add", args=[project.slug]), {"body": "   "}
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode() or (
        "is-invalid" in response.content.decode()
    )
