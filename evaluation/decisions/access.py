"""Who may see and change a project's decision log, and the programme's decisions.

One rule, asked here by every page: facilitators and evaluators of the project log
and change decisions; commissioners and viewers read them; anyone else is told the
project does not exist (404). The programme view needs a programme-wide role, as
every programme page of the evaluation does (``get_evaluation_programme_for_user``).
"""

from django.shortcuts import get_object_or_404

from evaluation.evidence.access import get_evaluation_programme_for_user
from evaluation.models import Decision, DecisionInput
from projects.access import Access, get_project_for_user
from projects.models import Programme, Project


def get_decision_project_for_user(
    user, slug: str, *, write: bool = False
) -> tuple[Project, Access]:
    """The project and the user's access to its decision log: 404 for outsiders,
    ``PermissionDenied`` when ``write`` is asked of a commissioner or viewer."""
    return get_project_for_user(user, slug, evaluation=write)


def get_decision_for_user(
    user, slug: str, pk: int, *, write: bool = False
) -> tuple[Decision, Project, Access]:
    """One of the project's decisions (404 when it is another project's)."""
    project, access = get_decision_project_for_user(user, slug, write=write)
    decision = get_object_or_404(
        Decision.objects.select_related("activity"), pk=pk, project=project
    )
    decision.project = project
    return decision, project, access


def get_decision_input_for_user(
    user, slug: str, pk: int, input_pk: int, *, write: bool = False
) -> tuple[DecisionInput, Decision, Access]:
    """One input of one of the project's decisions."""
    decision, _, access = get_decision_for_user(user, slug, pk, write=write)
    item = get_object_or_404(DecisionInput, pk=input_pk, decision=decision)
    item.decision = decision
    return item, decision, access


def get_decisions_programme_for_user(user, slug: str) -> tuple[Programme, Access]:
    """The programme for its decisions view (read only: decisions are changed on
    their projects)."""
    return get_evaluation_programme_for_user(user, slug)
