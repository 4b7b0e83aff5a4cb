import pytest
from django.urls import reverse

from projects.models import (
    BriefRevision,
    Project,
    ProjectComment,
    ProjectStakeholder,
    Stakeholder,
)
from tests.factories import OrganisationFactory, ProjectFactory


def project_data(**overrides):
    data = {
        "title": "Better stroke rehab",
        "slug": "stroke-rehab",
        "brief": "Redesign stroke rehabilitation with survivors and carers.",
        "status": "active",
        "status_reason": "",
        "start_date": "2026-01-01",
        "target_end_date": "2026-12-31",
        "cycle_part": "plan",
        "involvement_aim": "co_production",
    }
    data.update(overrides)
    return data


def test_facilitator_creates_a_project_with_its_first_brief(
    client, facilitator, programme
):
    partner = OrganisationFactory()
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:project_create") + f"?programme={programme.slug}",
        project_data(partners=[partner.pk]),
    )
    project = Project.objects.get(slug="stroke-rehab")
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert list(project.partners.all()) == [partner]
    brief = project.briefs.get()
    assert (brief.number, brief.author) == (1, facilitator)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target_end_date": "2025-01-01"}, "target_end_date", "before the start"),
        ({"status": "discontinued"}, "status_reason", "Say why"),
        ({"slug": "the-project"}, "slug", "already exists"),
        ({"title": "x" * 201}, "title", "at most 200"),
        ({"slug": "bad--slug"}, "slug", "lower-case"),
    ],
)
def test_bad_project_input_is_refused_and_typed_text_kept(
    client, facilitator, project, overrides, field, message
):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:project_create") + f"?programme={project.programme.slug}",
        project_data(**overrides),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    body = response.content.decode()
    assert "Redesign stroke rehabilitation with survivors and carers." in body
    assert "Please fix" in body
    assert not Project.objects.filter(title="Better stroke rehab").exists()


def test_second_editor_is_told_about_the_conflict_and_keeps_their_text(
    client, facilitator, project
):
    client.force_login(facilitator)
    url = reverse("projects:project_edit", args=[project.slug])
    seen = project.edit_version
    first = project_data(slug=project.slug, title="First title", edit_version=seen)
    second = project_data(slug=project.slug, title="Second title", edit_version=seen)
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    project.refresh_from_db()
    assert project.title == "First title"
    body = response.content.decode()
    assert "Someone else saved changes" in body
    assert 'value="Second title"' in body
    assert "First title" in body


def test_revising_the_brief_keeps_every_version(client, facilitator, project):
    BriefRevision.objects.create(project=project, number=1, text=project.brief)
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:brief_revise", args=[project.slug]),
        {
            "text": "Focus on waiting times.",
            "reason": "Workshop findings",
            "edit_version": project.edit_version,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.brief == "Focus on waiting times."
    versions = list(project.briefs.values_list("number", "reason", "author__username"))
    assert versions == [(2, "Workshop findings", "facilitator"), (1, "", None)]
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Workshop findings" in page and "Version 1" in page


def test_project_list_filters_by_status_and_searches_titles(
    client, facilitator, programme
):
    ProjectFactory(programme=programme, title="Autism pathway", status="active")
    ProjectFactory(programme=programme, title="Autism waiting list", status="paused")
    ProjectFactory(programme=programme, title="Housing", status="active")
    client.force_login(facilitator)
    response = client.get(
        reverse("projects:project_list"), {"q": "autism", "status": "active"}
    )
    titles = [p.title for p in response.context["page"].object_list]
    assert titles == ["Autism pathway"]


def test_facilitator_adds_a_new_person_to_the_project(client, facilitator, project):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:project_stakeholders", args=[project.slug]),
        {
            "new-display_name": "Jay",
            "new-is_pseudonym": "on",
            "new-role_category": "young_person",
        },
    )
    assert response.status_code == 302
    person = Stakeholder.objects.get(display_name="Jay")
    assert person.is_pseudonym and person.programme == project.programme
    assert ProjectStakeholder.objects.filter(
        project=project, stakeholder=person
    ).exists()


def test_leaving_date_before_joining_is_refused(
    client, facilitator, stakeholder, project
):
    involvement = stakeholder.involvements.get()
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:involvement_edit", args=[project.slug, involvement.pk]),
        {"joined_on": "2026-05-01", "left_on": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "before the joining date" in response.content.decode()


def test_deleting_a_person_asks_first_then_removes_their_details(
    client, facilitator, stakeholder
):
    client.force_login(facilitator)
    url = reverse("projects:stakeholder_delete", args=[stakeholder.pk])
    confirm = client.get(url)
    assert "This cannot be undone" in confirm.content.decode()
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()
    client.post(url)
    assert not Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_facilitator_gives_a_colleague_access_by_email(client, facilitator, project):
    from tests.factories import UserFactory

    colleague = UserFactory(username="colleague", email="col@example.org")
    client.force_login(facilitator)
    client.post(
        reverse("projects:project_members", args=[project.slug]),
        {"login": "COL@example.org", "role": "commissioner"},
    )
    assert project.memberships.get().user == colleague


def test_unknown_account_gets_a_field_message(client, facilitator, project):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:project_members", args=[project.slug]),
        {"login": "nobody", "role": "viewer"},
    )
    assert "No account has that username" in response.content.decode()


def test_commissioner_comments_on_a_project(client, commissioner, project):
    client.force_login(commissioner)
    client.post(
        reverse("projects:comment_add", args=[project.slug]), {"body": "Looks good"}
    )
    assert ProjectComment.objects.get().author == commissioner


def test_viewer_cannot_comment(client, viewer, project):
    client.force_login(viewer)
    response = client.post(
        reverse("projects:comment_add", args=[project.slug]), {"body": "Hi"}
    )
    assert response.status_code == 403


def test_project_member_sees_only_their_project(client, project_facilitator, project):
    other = ProjectFactory(programme=project.programme, title="Hidden sibling")
    client.force_login(project_facilitator)
    listing = client.get(reverse("projects:project_list")).content.decode()
    assert project.title in listing and other.title not in listing
    assert client.get(other.get_absolute_url()).status_code == 404


def test_evaluator_on_one_project_reads_the_whole_programme(client, project):
    from projects.models import AccessRole, ProjectMembership
    from tests.factories import UserFactory

    sibling = ProjectFactory(programme=project.programme)
    user = UserFactory(username="eval")
    ProjectMembership.objects.create(
        user=user, project=project, role=AccessRole.EVALUATOR
    )
    client.force_login(user)
    assert client.get(sibling.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("projects:project_edit", args=[sibling.slug])).status_code
        == 403
    )


def test_discontinuing_on_the_details_form_is_recorded_in_the_stage_history(
    client, facilitator, project
):
    from projects.models import StageTransition

    client.force_login(facilitator)
    client.post(
        reverse("projects:project_edit", args=[project.slug]),
        project_data(
            slug=project.slug,
            status="discontinued",
            status_reason="Funding ended.",
            edit_version=project.edit_version,
        ),
    )
    stop = StageTransition.objects.get(project=project)
    assert (stop.kind, stop.status, stop.rationale, stop.recorded_by) == (
        "stop",
        "discontinued",
        "Funding ended.",
        facilitator,
    )
