from django.core.management import call_command

from projects.models import (
    BriefRevision,
    Project,
    ProjectStatus,
    RoleCategory,
    Stakeholder,
)


def test_demo_loads_25_projects_every_role_and_is_idempotent(db, client):
    call_command("demo", force=True)
    call_command("demo", force=True)
    assert Project.objects.count() == 25
    assert set(Project.objects.values_list("status", flat=True)) == set(
        ProjectStatus.values
    )
    roles = set(Stakeholder.objects.values_list("role_category", flat=True))
    assert roles == set(RoleCategory.values)
    assert BriefRevision.objects.filter(number=2).count() == 2
    response = client.post(
        "/accounts/login/", {"login": "cam", "password": "coproduce-demo-only"}
    )
    assert response.status_code == 302
    page = client.get("/projects/").content.decode()
    assert "Autism Services" in page
