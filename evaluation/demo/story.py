"""Demo story: the drug and alcohol project's case study told in its four parts
(local context, what worked, key elements, what helped and hindered).

Idempotent: a part already written is left as it is. Built through the story
service, as the edit page saves it.
"""

from django.contrib.auth import get_user_model

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from projects.models import Project, StorySection
from projects.story import services

DATA = demo_data("story")


def demo_load() -> None:
    project = Project.objects.get(programme__slug=PROGRAMME_SLUG, slug=DATA["project"])
    author = get_user_model().objects.get(username=DATA["author"])
    written = set(
        StorySection.objects.filter(project=project).values_list("part", flat=True)
    )
    for part, text in DATA["parts"].items():
        if part not in written:
            services.story_section_save(
                project=project, part=part, text=text, user=author, seen_version=0
            )
