"""Who may read the audit pages: the programme's facilitators and evaluators."""

from django.core.exceptions import PermissionDenied

from projects.access import (
    Access,
    _evaluator_programme_ids,
    get_programme_for_user,
    get_stakeholder_for_user,
    programme_access,
)
from projects.models import AccessRole, Programme, Stakeholder

REFUSED = "Only the programme's facilitators and evaluators can read its history."


def audit_check(user, programme: Programme, access: Access | None = None) -> Access:
    """The one check: facilitators and evaluators of the whole programme (evaluators
    of any of its projects read the whole programme), and administrators.
    Commissioners, viewers and project-only facilitators get ``PermissionDenied``."""
    access = access or programme_access(user, programme)
    if access.role is None and not access.is_superuser:
        if (
            _evaluator_programme_ids(user)
            .filter(project__programme_id=programme.pk)
            .exists()
        ):
            access = Access(role=AccessRole.EVALUATOR)
    if not access.can_edit_evaluation:
        raise PermissionDenied(REFUSED)
    return access


def get_audit_programme_for_user(user, slug: str) -> tuple[Programme, Access]:
    """The programme whose history the user may read; 404 for outsiders."""
    programme, access = get_programme_for_user(user, slug)
    return programme, audit_check(user, programme, access)


def get_audit_person_for_user(user, pk: int) -> tuple[Stakeholder, Access]:
    """The person whose history the user may read; 404 for outsiders."""
    person = get_stakeholder_for_user(user, pk)
    return person, audit_check(user, person.programme)
