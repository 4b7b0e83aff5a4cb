"""Who may see a report job and its PDF (the people who may see its scope), and who
may start a failed one again (the person who asked for it, or an editor of its scope),
and who sees who withdrew a report.

Every report view asks here; outsiders get 404, read-only members 403 when they try to
change something.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluation.models import ReportJob
from projects.access import (
    Access,
    get_programme_for_user,
    programme_access,
    project_access,
    projects_visible_to,
)
from projects.models import Programme

RETRY_REFUSED = (
    "Only the person who asked for this report or a facilitator can try it again."
)


def get_programme_for_reports(user, slug: str) -> tuple[Programme, Access]:
    """A programme whose cross-case reports the user may see: programme-level members
    only (people on one project do not see the whole programme); otherwise 404."""
    programme, access = get_programme_for_user(user, slug)
    if not (access.role or access.is_superuser):
        raise Http404("No such programme.")
    return programme, access


def can_retry_report(user, job: ReportJob) -> bool:
    """The person who asked for the job, or someone who may change its project (for
    programme reports, its programme)."""
    if user.is_superuser or (job.requested_by_id and job.requested_by_id == user.pk):
        return True
    if job.project_id:
        return project_access(user, job.project).can_edit
    return programme_access(user, job.programme).can_edit


def can_see_who_withdrew(user, job: ReportJob) -> bool:
    """Who recorded a withdrawal is shown to those who edit the evaluation of the
    report's scope (evaluators, facilitators); others see when and why."""
    if job.project_id:
        return project_access(user, job.project).can_edit_evaluation
    return programme_access(user, job.programme).can_edit_evaluation


def get_report_job_for_user(user, pk: int, *, retry: bool = False) -> ReportJob:
    """A job whose project the user can read, or for programme reports, a job of a
    programme the user is a programme-level member of; otherwise 404. With
    ``retry``, a reader who may not start it again gets ``PermissionDenied``."""
    job = (
        ReportJob.objects.select_related(
            "project", "programme", "requested_by", "withdrawn_by", "replacement"
        )
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
    if retry and not can_retry_report(user, job):
        raise PermissionDenied(RETRY_REFUSED)
    return job
