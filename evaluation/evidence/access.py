"""Access to programme-wide evaluation evidence, built on projects.access.

Programme pages of the evaluation (factor catalogue, cross-case analysis, theory of
change, themes, exports) cover every project of the programme, so they need a
programme-level role: a programme membership, or being an evaluator on one of its
projects (evaluators read the whole programme). Members of single projects only get
403; outsiders get 404 as everywhere else.

Used by all three evaluation features (factors, outcomes, evidence): every object is
fetched with ``get_<thing>_for_user(user, slug, pk, *, write=False)``, which returns
the object with its programme or project and the user's access. ``write`` asks for
the right to change evaluation data; only the stage table's + / − entries use the
project's own editing right (``get_stage_entry_for_user``).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from evaluation.models import (
    Consent,
    ContributionClaim,
    Document,
    EvaluationStage,
    Factor,
    FactorGroup,
    FactorObservation,
    Invitation,
    InvitationCount,
    OutcomeIndicator,
    Quote,
    Theme,
    TheoryStatement,
    TheoryVersion,
)
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


# --- Objects of a programme's evaluation ----------------------------------------------
# Each returns (object, programme, access): 404 when the object is not the programme's
# (or the user is an outsider), 403 when ``write`` is asked of a read-only member.


def _in_programme(user, slug, queryset, pk, *, write, path="programme"):
    programme, access = get_evaluation_programme_for_user(user, slug, write=write)
    item = get_object_or_404(queryset, pk=pk, **{path: programme})
    return item, programme, access


def get_factor_group_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(user, slug, FactorGroup.objects.all(), pk, write=write)


def get_factor_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(
        user, slug, Factor.objects.all(), pk, write=write, path="group__programme"
    )


def get_theory_version_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(user, slug, TheoryVersion.objects.all(), pk, write=write)


def get_statement_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(
        user,
        slug,
        TheoryStatement.objects.select_related("version__programme"),
        pk,
        write=write,
        path="version__programme",
    )


def get_indicator_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(user, slug, OutcomeIndicator.objects.all(), pk, write=write)


def get_theme_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(
        user, slug, Theme.objects.select_related("parent"), pk, write=write
    )


def get_evaluation_stage_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(
        user,
        slug,
        EvaluationStage.objects.prefetch_related("themes"),
        pk,
        write=write,
    )


def get_invitation_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(
        user,
        slug,
        Invitation.objects.select_related("stage", "stakeholder"),
        pk,
        write=write,
        path="stage__programme",
    )


def get_invitation_count_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_programme(
        user,
        slug,
        InvitationCount.objects.select_related("stage"),
        pk,
        write=write,
        path="stage__programme",
    )


# --- Objects of a project's evidence ------------------------------------------------
# Each returns (object, project, access); ``write`` asks for evaluation editing rights.


def _in_project(user, slug, queryset, pk, *, write):
    project, access = get_evidence_project_for_user(user, slug, write=write)
    return get_object_or_404(queryset, pk=pk, project=project), project, access


def get_observation_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_project(user, slug, FactorObservation.objects.all(), pk, write=write)


def get_quote_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_project(user, slug, Quote.objects.all(), pk, write=write)


def get_document_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_project(user, slug, Document.objects.all(), pk, write=write)


def get_claim_for_user(user, slug: str, pk: int, *, write: bool = False):
    return _in_project(user, slug, ContributionClaim.objects.all(), pk, write=write)


def get_stage_entry_for_user(user, slug: str, pk: int, *, write: bool = False):
    """A + / − entry as the stage table sees it: ``write`` is the project's editing
    right (facilitators), as for the rest of the stage table."""
    project, access = get_project_for_user(user, slug, write=write)
    entry = get_object_or_404(FactorObservation, pk=pk, project=project)
    return entry, project, access
