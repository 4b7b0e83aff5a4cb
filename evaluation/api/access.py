"""The API's one door to the access rules: every endpoint finds its objects here, and
everything here asks the same access functions as the pages (``projects/access.py``
and the features' ``access.py``). Objects are addressed by id in the API and by slug
on the pages, so a detail lookup turns the id into the slug and asks the page's
function: outsiders get ``Http404``, read-only members ``PermissionDenied``, exactly
as on the page. Lists start from the ``*_visible_to`` querysets."""

from django.db.models import Q, QuerySet
from django.http import Http404

from evaluation.evidence.access import get_evaluation_programme_for_user
from evaluation.models import ReportJob
from evaluation.reports.access import (
    get_programme_for_reports,
    get_report_job_for_user,
)
from projects.access import (
    Access,
    get_programme_for_user,
    get_project_for_user,
    get_stakeholder_for_user,
    programme_level_ids,
    programmes_visible_to,
    projects_visible_to,
    stakeholders_visible_to,
)
from projects.models import Activity, Programme, Project, Stakeholder

# Ids beyond this are no row's (and a database cannot even compare them).
MAX_ID = 2**62


def _known(pk) -> int:
    if not 0 < pk < MAX_ID:
        raise Http404("Not found.")
    return pk


def _slug(model, pk) -> str:
    _known(pk)
    slug = model.objects.filter(pk=pk).values_list("slug", flat=True).first()
    if slug is None:
        raise Http404("Not found.")
    return slug


def programme_for(user, pk: int) -> tuple[Programme, Access]:
    return get_programme_for_user(user, _slug(Programme, pk))


def evaluation_programme_for(user, pk: int) -> tuple[Programme, Access]:
    """The programme's evaluation data (quotes, claims, the feed): as its export
    pages, programme members and the programme's evaluators."""
    return get_evaluation_programme_for_user(user, _slug(Programme, pk))


def project_for(user, pk: int, *, write: bool = False) -> tuple[Project, Access]:
    return get_project_for_user(user, _slug(Project, pk), write=write)


def stakeholder_for(user, pk: int, *, write: bool = False) -> Stakeholder:
    return get_stakeholder_for_user(user, _known(pk), write=write)


def activity_for(user, pk: int, *, write: bool = False) -> Activity:
    """An activity of a project the user may read (write: edit)."""
    project_id = Activity.objects.filter(pk=_known(pk)).values_list(
        "project_id", flat=True
    )
    project_id = project_id.first()
    if project_id is None:
        raise Http404("No such activity.")
    project, _ = project_for(user, project_id, write=write)
    activity = Activity.objects.get(pk=pk)
    activity.project = project
    return activity


def programmes(user) -> QuerySet[Programme]:
    return programmes_visible_to(user)


def projects(user) -> QuerySet[Project]:
    return projects_visible_to(user)


def stakeholders(user) -> QuerySet[Stakeholder]:
    return stakeholders_visible_to(user)


def reports_programme_for(user, pk: int) -> tuple[Programme, Access]:
    """A programme whose cross-case report the user may ask for (programme-level
    members), as on the programme's reports page."""
    return get_programme_for_reports(user, _slug(Programme, pk))


def report_job_for(user, pk: int) -> ReportJob:
    return get_report_job_for_user(user, _known(pk))


def report_jobs(user) -> QuerySet[ReportJob]:
    """Jobs the user may see: those of projects they read, and programme reports of
    programmes where they have a programme-wide role (as ``get_report_job_for_user``
    decides one by one)."""
    return ReportJob.objects.filter(
        Q(project__in=projects_visible_to(user))
        | Q(project__isnull=True, programme_id__in=programme_level_ids(user))
    )
