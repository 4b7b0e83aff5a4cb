"""Slugs are made from titles; changing one later keeps the old address working
(a permanent redirect) and report commands accept it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from projects import services
from projects.models import Project, ProjectSlugRedirect
from tests.evaluation.reports.test_jobs import pdf_text
from tests.factories import ProjectFactory
from tests.projects.test_pages import project_data

pytestmark = pytest.mark.django_db


def test_an_empty_slug_is_made_from_the_title_and_kept_unique(
    client, facilitator, programme
):
    ProjectFactory(programme=programme, slug="young-peoples-housing")
    client.force_login(facilitator)
    new = reverse("projects:project_create") + f"?programme={programme.slug}"
    page = client.get(new).content.decode()
    assert 'data-slug-from="id_title"' in page and "js/slug-from-title.js" in page
    response = client.post(new, project_data(title="Young People's Housing", slug=""))
    assert response.status_code == 302
    assert Project.objects.filter(slug="young-peoples-housing-2").exists()


def test_changing_a_slug_warns_and_the_old_address_redirects_permanently(
    client, facilitator, project
):
    client.force_login(facilitator)
    edit = reverse("projects:project_edit", args=[project.slug])
    assert "Links to the old address will keep working." in (
        client.get(edit).content.decode()
    )
    data = project_data(title=project.title, slug="new-name")
    data.pop("brief")
    response = client.post(edit, {**data, "edit_version": project.edit_version})
    assert response.status_code == 302
    assert ProjectSlugRedirect.objects.get().old_slug == "the-project"
    old = client.get("/projects/the-project/stages/define/?x=1")
    assert old.status_code == 301
    assert old.url == "/projects/new-name/stages/define/?x=1"
    assert client.get(old.url).status_code == 200
    messages = client.get(reverse("projects:project_detail", args=["new-name"]))
    assert messages.status_code == 200


def test_an_outsider_gets_404_at_an_old_slug(client, outsider, project):
    services.project_update(
        project=project,
        data={**project_data(title=project.title, slug="moved"), "partners": []},
        partners=[],
        seen_version=project.edit_version,
    )
    client.force_login(outsider)
    assert client.get("/projects/the-project/").status_code == 404


def test_reusing_an_old_slug_for_another_project_takes_it_over(
    facilitator, project, programme
):
    services.project_update(
        project=project,
        data=project_data(title=project.title, slug="moved"),
        partners=[],
        seen_version=project.edit_version,
    )
    services.project_create(
        programme=programme,
        author=facilitator,
        data=project_data(slug="the-project"),
        partners=[],
    )
    assert not ProjectSlugRedirect.objects.exists()


def test_report_command_accepts_an_old_slug(project, tmp_path):
    services.project_update(
        project=project,
        data=project_data(title=project.title, slug="moved"),
        partners=[],
        seen_version=project.edit_version,
    )
    out = tmp_path / "summary.pdf"
    call_command("report", "summary", "the-project", "-o", str(out))
    assert project.title in pdf_text(out.read_bytes())
    with pytest.raises(CommandError, match="No project"):
        call_command("report", "summary", "never-was", "-o", str(tmp_path / "b.pdf"))
