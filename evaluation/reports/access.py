"""Who may see a report job and its PDF: the same people who may see its scope."""

from django.http import Http404

from evaluation.models import ReportJob
from projects.access import programme_access, projects_visible_to


def get_report_job_for_user(user, pk: int) -> ReportJob:
    """A job whose project the user can read, or for programme reports, a job of a
    programme the user is a programme-level member of; otherwise 404."""
    job = (
        ReportJob.objects.select_related("project", "programme", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if job is None:
        raise Http404("No such report.")
    if job.project_id:
        if not projects_visible_to(user).filter(pk=job.project_id).exists():
            raise Http404("No such report.")
    else:
        access = programme_access(user, job.programme)
        if not (access.role or access.is_superuser):
            raise Http404("No such report.")
    return job
