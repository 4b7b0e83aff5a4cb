"""A project's story: written part by part by its facilitators and evaluators, shown
on the project page with paragraphs and lists kept, and never as raw HTML."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.concurrency import EditConflict
from coproduce.text import LONG_TEXT_LIMIT, text_html
from projects.models import StoryPart, StorySection
from projects.story import services

STORY = (
    "Young people wrote the questions for the providers.\n"
    "Commissioners used every one of them.\n\n"
    "What made it work:\n\n"
    "- meetings after school, with food\n"
    "- time to practise before the panel\n"
)


def _edit_url(project, part="what-worked"):
    return reverse("projects:story_section_edit", args=[project.slug, part])


def test_a_facilitator_writes_a_part_and_the_project_page_shows_it_as_written(
    client, facilitator, project
):
    client.force_login(facilitator)
    response = client.post(_edit_url(project), {"text": STORY, "edit_version": 0})
    assert response.status_code == 302
    page = client.get(project.get_absolute_url()).content.decode()
    assert (
        "<p>Young people wrote the questions for the providers.<br>\n"
        "Commissioners used every one of them.</p>" in page
    )
    assert "<li>meetings after school, with food</li>" in page
    assert "Not written yet." in page  # the other three parts


def test_an_evaluator_may_write_the_story_too(client, evaluator, project):
    client.force_login(evaluator)
    response = client.post(
        _edit_url(project, "context"), {"text": "A small town.", "edit_version": 0}
    )
    assert response.status_code == 302
    assert StorySection.objects.get(project=project, part="context").text == (
        "A small town."
    )


def test_a_commissioner_reads_the_story_without_a_write_link(
    client, commissioner, facilitator, project
):
    services.story_section_save(
        project=project, part="factors", text="Trust.", user=facilitator, seen_version=0
    )
    client.force_login(commissioner)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "<p>Trust.</p>" in page
    assert _edit_url(project, "factors") not in page
    assert client.get(_edit_url(project, "factors")).status_code == 403


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "[a link](javascript:alert(1))",
        '<a href="javascript:alert(1)">a link</a>',
    ],
)
def test_no_html_a_user_writes_reaches_the_page(client, facilitator, project, unsafe):
    client.force_login(facilitator)
    client.post(_edit_url(project), {"text": unsafe, "edit_version": 0})
    page = client.get(project.get_absolute_url()).content.decode()
    story = page.split('id="story-heading"')[1].split("</section>")[0:5]
    shown = "".join(story)
    assert "<script>alert" not in shown
    assert "<img" not in shown
    assert '<a href="javascript' not in shown


def test_the_rendering_keeps_only_paragraphs_lists_emphasis_and_web_links():
    html = text_html(
        "*a* **b** [site](https://example.org) [mail](mailto:a@example.org)\n\n"
        "1. one\n2. two\n\n# not a heading\n\n![picture](https://example.org/x.png)"
    )
    assert "<em>a</em> <strong>b</strong>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">' in html
    assert 'href="mailto:a@example.org"' in html
    assert "<ol>\n<li>one</li>\n<li>two</li>\n</ol>" in html
    assert "<h1" not in html and "<img" not in html
    assert text_html("") == "" and text_html(None) == ""


def test_a_stale_save_is_refused_and_the_typed_text_kept(client, facilitator, project):
    services.story_section_save(
        project=project,
        part="what-worked",
        text="First.",
        user=facilitator,
        seen_version=0,
    )
    client.force_login(facilitator)
    response = client.post(_edit_url(project), {"text": "Mine.", "edit_version": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved changes" in page
    assert "Mine.</textarea>" in page
    assert "First." in page  # what they saved


def test_a_story_part_too_long_is_refused_with_the_text_kept(
    client, facilitator, project
):
    client.force_login(facilitator)
    text = "word " * (LONG_TEXT_LIMIT // 5 + 1)
    response = client.post(_edit_url(project), {"text": text, "edit_version": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"at most {LONG_TEXT_LIMIT} characters" in page
    assert "word word word" in page
    assert f"Up to {LONG_TEXT_LIMIT:,} characters." in page
    assert not StorySection.objects.exists()


def test_the_service_refuses_an_unknown_part_and_a_stale_version(facilitator, project):
    with pytest.raises(ValidationError):
        services.story_section_save(
            project=project, part="gossip", text="x", user=facilitator, seen_version=0
        )
    services.story_section_save(
        project=project,
        part=StoryPart.CONTEXT,
        text="One.",
        user=facilitator,
        seen_version=0,
    )
    with pytest.raises(EditConflict):
        services.story_section_save(
            project=project,
            part=StoryPart.CONTEXT,
            text="Two.",
            user=facilitator,
            seen_version=0,
        )


def test_an_unknown_part_is_not_found(client, facilitator, project):
    client.force_login(facilitator)
    assert client.get(_edit_url(project, "gossip")).status_code == 404
