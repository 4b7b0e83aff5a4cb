"""Two people editing the same record: the second save is refused with their text
kept and the other person's version shown (coproduce/concurrency.py)."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.concurrency import CONFLICT_MESSAGE
from projects import services
from projects.models import BriefRevision, Project, Stakeholder


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened_version(response) -> str:
    return str(response.context["form"]["edit_version"].value())


def test_two_people_revising_the_brief_at_once_the_second_is_refused_keeping_their_text(
    facilitator, project_facilitator, project
):
    BriefRevision.objects.create(project=project, number=1, text=project.brief)
    url = reverse("projects:brief_revise", args=[project.slug])
    ann, bob = signed_in(facilitator), signed_in(project_facilitator)
    ann_seen = opened_version(ann.get(url))
    bob_seen = opened_version(bob.get(url))

    first = ann.post(
        url,
        {
            "text": "Focus on waiting times.",
            "reason": "Workshop",
            "edit_version": ann_seen,
        },
    )
    assert first.status_code == 302
    second = bob.post(
        url,
        {"text": "Focus on transport.", "reason": "Survey", "edit_version": bob_seen},
    )

    assert second.status_code == 200
    page = second.content.decode()
    assert CONFLICT_MESSAGE in page
    assert "The version saved by someone else" in page
    # Bob's typed text is still in the form; Ann's saved brief is shown beside it.
    assert "Focus on transport.</textarea>" in page
    assert "Focus on waiting times." in page and "Workshop" in page
    project.refresh_from_db()
    assert project.brief == "Focus on waiting times."
    assert list(project.briefs.values_list("number", "text")) == [
        (2, "Focus on waiting times."),
        (1, BriefRevision.objects.get(number=1).text),
    ]

    # Saving again from the re-displayed form (now at the current version) works.
    again = bob.post(
        url,
        {
            "text": "Focus on transport.",
            "reason": "Survey",
            "edit_version": second.context["form"].data["edit_version"],
        },
    )
    assert again.status_code == 302
    project.refresh_from_db()
    assert project.brief == "Focus on transport."
    assert project.briefs.count() == 3


def test_a_brief_form_without_its_version_is_refused(client, facilitator, project):
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:brief_revise", args=[project.slug]),
        {"text": "Focus on waiting times.", "reason": "Workshop"},
    )
    assert response.status_code == 200
    assert CONFLICT_MESSAGE in response.content.decode()
    assert not project.briefs.exists()


def test_saving_project_details_sets_updated_at(project):
    long_ago = timezone.now() - dt.timedelta(days=30)
    Project.objects.filter(pk=project.pk).update(updated_at=long_ago)
    project.refresh_from_db()
    before = project.edit_version
    data = {f: getattr(project, f) for f in services.PROJECT_FIELDS}
    services.project_update(
        project=project,
        data={**data, "title": "New title"},
        partners=[],
        seen_version=before,
    )
    stored = Project.objects.get(pk=project.pk)
    assert stored.title == "New title"
    assert stored.edit_version == before + 1
    assert stored.updated_at > long_ago + dt.timedelta(days=29)
    assert project.edit_version == stored.edit_version


def test_a_stale_stakeholder_save_shows_their_details_with_labels(
    facilitator, project, stakeholder
):
    url = reverse("projects:stakeholder_edit", args=[stakeholder.pk])
    client = signed_in(facilitator)
    seen = opened_version(client.get(url))
    Stakeholder.objects.filter(pk=stakeholder.pk).update(
        display_name="Ann Saved", edit_version=stakeholder.edit_version + 1
    )
    response = client.post(
        url,
        {
            "display_name": "Ann Typed",
            "role_category": stakeholder.role_category,
            "edit_version": seen,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT_MESSAGE in page
    assert 'value="Ann Typed"' in page
    assert '<dd class="mb-1">Ann Saved</dd>' in page
    assert f'<dd class="mb-1">{stakeholder.get_role_category_display()}</dd>' in page
    assert Stakeholder.objects.get(pk=stakeholder.pk).display_name == "Ann Saved"
