"""The demo's drug and alcohol project tells its story in all four parts, shown on
the project page with its lists kept."""

import pytest
from django.contrib.auth import get_user_model

from evaluation.demo import projects as demo_projects
from evaluation.demo import story as demo_story
from projects.models import Project, StoryPart, StorySection

pytestmark = pytest.mark.django_db


def test_the_drug_and_alcohol_project_shows_its_story_on_its_page(client):
    # The projects part and this one are enough (the whole demo is in test_command).
    demo_projects.demo_load()
    demo_story.demo_load()
    project = Project.objects.get(slug=demo_story.DATA["project"])
    assert set(
        StorySection.objects.filter(project=project).values_list("part", flat=True)
    ) == set(StoryPart.values)
    demo_story.demo_load()  # again: nothing doubled, nothing changed
    assert StorySection.objects.filter(project=project).count() == len(StoryPart)
    client.force_login(get_user_model().objects.get(username="cam"))
    page = client.get(project.get_absolute_url()).content.decode()
    assert "What worked, for whom and why" in page
    assert "<ol>\n<li>Meet young people where and when suits them" in page
    assert "<li>a lead commissioner who made the case" in page
