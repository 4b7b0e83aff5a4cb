from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from projects.models import StoryPart, StorySection
from projects.story import services
from projects.story.access import get_project_for_story
from projects.story.forms import StorySectionForm
from projects.story.selectors import PROMPTS


@login_required
def story_section_edit(request, slug, part):
    """Write one part of the project's story."""
    if part not in StoryPart.values:
        raise Http404("No such part of the story.")
    part = StoryPart(part)
    project, access = get_project_for_story(request.user, slug, write=True)
    section = StorySection.objects.filter(project=project, part=part).first()
    form = StorySectionForm(
        request.POST or None,
        instance=section,
        initial={"edit_version": section.edit_version if section else 0},
    )
    conflict = ()
    if request.method == "POST" and form.is_valid():
        try:
            services.story_section_save(
                project=project,
                part=part,
                text=form.cleaned_data["text"],
                user=request.user,
                seen_version=form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            saved = StorySection.objects.get(project=project, part=part)
            conflict = conflict_notice(request, form, saved)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"“{part.label}” saved.")
            return redirect(f"{project.get_absolute_url()}#story-{part.value}")
    form.fields["text"].label = part.label
    return render(
        request,
        "projects/story/section_form.html",
        {
            "project": project,
            "access": access,
            "part": part,
            "prompt": PROMPTS[part],
            "form": form,
            "conflict": conflict,
        },
    )
