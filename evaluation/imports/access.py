"""Who may import, in one place.

People and activities are a project's: only those who may edit the project
(its facilitators, and the programme's) may import them, as on the forms. Counts
are an evaluation stage's: those who may edit the programme's evaluation data (its
facilitators and evaluators), as on the counts form. An import job is seen only by
those who could have started it; everyone else gets 404 (outsiders) or 403
(read-only members), as everywhere.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from evaluation.evidence.access import get_evaluation_stage_for_user
from evaluation.models import ImportJob, ImportKind
from projects.access import get_project_for_user


def get_import_project_for_user(user, slug: str):
    """(project, access) for importing people or activities into it."""
    return get_project_for_user(user, slug, write=True)


def get_import_stage_for_user(user, slug: str, pk: int):
    """(stage, programme, access) for importing counts into an evaluation stage."""
    return get_evaluation_stage_for_user(user, slug, pk, write=True)


def get_import_job_for_user(user, slug: str, pk: int) -> ImportJob:
    """The job, checked against the project or stage it imports into."""
    job = get_object_or_404(
        ImportJob.objects.select_related("programme", "project", "stage"),
        pk=pk,
        programme__slug=slug,
    )
    if job.kind == ImportKind.COUNTS:
        if job.stage is None:
            raise Http404("No such import.")
        get_import_stage_for_user(user, slug, job.stage_id)
    else:
        if job.project is None:
            raise Http404("No such import.")
        get_import_project_for_user(user, job.project.slug)
    return job
