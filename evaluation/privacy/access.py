"""Who may download everything held about a person, erase them, or set a
programme's personal-data rules: the programme's facilitators and evaluators (and
administrators). One check, ``projects.access.can_manage_personal_data``, used by every view
here.

People who cannot see the person or programme at all get ``Http404``; members who can
see them but hold another role get ``PermissionDenied``.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluation.models import SubjectAccessJob
from projects.access import (
    can_manage_personal_data,
    get_programme_for_user,
    get_stakeholder_for_user,
    stakeholders_visible_to,
)
from projects.models import Programme, Stakeholder

REFUSED = (
    "Only the programme's facilitators and evaluators can download or erase a "
    "person's data."
)


def _require(user, programme: Programme) -> None:
    if not can_manage_personal_data(user, programme):
        raise PermissionDenied(REFUSED)


def get_person_for_personal_data(user, pk: int) -> Stakeholder:
    """A person whose data the user may download or erase; 404 when the user cannot
    see them, 403 when they can but may not."""
    person = get_stakeholder_for_user(user, pk)
    _require(user, person.programme)
    return person


def get_programme_for_personal_data(user, slug: str) -> Programme:
    """A programme whose personal-data settings the user may change."""
    programme, _ = get_programme_for_user(user, slug)
    _require(user, programme)
    return programme


def get_subject_access_job_for_user(user, pk: int) -> SubjectAccessJob:
    """A subject access job of a person the user can see and may manage."""
    job = (
        SubjectAccessJob.objects.select_related(
            "stakeholder", "programme", "requested_by"
        )
        .filter(pk=pk, stakeholder__in=stakeholders_visible_to(user))
        .first()
    )
    if job is None:
        raise Http404("No such download.")
    _require(user, job.programme)
    return job
