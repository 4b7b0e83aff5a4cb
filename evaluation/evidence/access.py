"""Access to programme-wide evaluation evidence, built on projects.access.

Programme pages of the evaluation (factor catalogue, cross-case analysis, theory of
change, themes, exports) cover every project of the programme, so they need a
programme-level role: a programme membership, or being an evaluator on one of its
projects (evaluators read the whole programme). Members of single projects only get
403; outsiders get 404 as everywhere else.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from evaluation.models import Consent, Quote
from projects.access import Access, get_programme_for_user, get_project_for_user
from projects.models import AccessRole, ProjectMembership


def get_evaluation_programme_for_user(user, slug: str, *, write: bool = False):
    """The programme and the user's access to its evaluation data.

    ``write`` asks for the right to edit evaluation data (evaluators, facilitators).
    """
    programme, access = get_programme_for_user(user, slug)
    if access.role is None and not access.is_superuser:
        if ProjectMembership.objects.filter(
            user=user, role=AccessRole.EVALUATOR, project__programme=programme
        ).exists():
            access = Access(role=AccessRole.EVALUATOR)
        else:
            raise PermissionDenied(
                "The programme's evaluation is open to programme members only."
            )
    if write and not access.can_edit_evaluation:
        raise PermissionDenied("Only evaluators and facilitators can change this.")
    return programme, access


def get_evidence_project_for_user(user, slug: str, *, write: bool = False):
    """The project and access for its evidence pages (write: evaluation editors)."""
    return get_project_for_user(user, slug, evaluation=write)


def quotes_visible_with(access: Access, quotes: QuerySet[Quote]) -> QuerySet[Quote]:
    """Quotes marked "may not quote" are seen only by evaluators and facilitators."""
    if access.can_edit_evaluation:
        return quotes
    return quotes.exclude(consent=Consent.MAY_NOT)
