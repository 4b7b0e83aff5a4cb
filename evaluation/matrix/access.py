"""Who may see and change matrix frameworks, scoring rounds and participant links.

Built on projects.access: outsiders get 404, read-only members 403. Participant links
are looked up by the hash of their token; unknown, expired and withdrawn links all
look the same from outside (None).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from coproduce.tokens import find_by_token
from evaluation.models import Framework, RoundInvitation, ScoringRound
from projects.access import Access, get_programme_for_user, get_project_for_user


def _one_or_404(queryset, message: str):
    found = queryset.first()
    if found is None:
        raise Http404(message)
    return found


def get_framework_programme_for_user(user, slug: str, *, write: bool = False):
    """The programme and access; writing frameworks needs facilitator or evaluator."""
    programme, access = get_programme_for_user(user, slug)
    if write and not access.can_edit_evaluation:
        raise PermissionDenied(
            "Only facilitators and evaluators can change frameworks."
        )
    return programme, access


def get_framework_for_user(
    user, slug: str, pk: int, *, write: bool = False
) -> tuple[Framework, Access]:
    """A framework of a programme the user can see (404 otherwise)."""
    programme, access = get_framework_programme_for_user(user, slug, write=write)
    framework = _one_or_404(
        Framework.objects.select_related("programme").filter(
            programme=programme, pk=pk
        ),
        "No such framework.",
    )
    return framework, access


def get_programme_framework(programme, pk) -> Framework:
    """One framework of a programme already fetched for the user (404 otherwise)."""
    return _one_or_404(
        Framework.objects.filter(programme=programme, pk=pk), "No such framework."
    )


def get_round_for_user(
    user, slug: str, number: int, *, write: bool = False
) -> tuple[ScoringRound, Access]:
    """A project's scoring round; ``write`` (open, close, links) needs facilitator or
    evaluator rights on the project."""
    project, access = get_project_for_user(user, slug, evaluation=write)
    scoring_round = _one_or_404(
        ScoringRound.objects.select_related(
            "project__programme", "version__framework"
        ).filter(project=project, number=number),
        "No such round.",
    )
    return scoring_round, access


def get_round_link_for_user(
    user, slug: str, number: int, pk: int, *, write: bool = False
) -> tuple[RoundInvitation, ScoringRound]:
    """A participant link of a project's round, with the round (404 otherwise);
    ``write`` as for the round."""
    scoring_round, _ = get_round_for_user(user, slug, number, write=write)
    invitation = _one_or_404(
        RoundInvitation.objects.select_related("stakeholder").filter(
            pk=pk, round=scoring_round
        ),
        "No such link.",
    )
    return invitation, scoring_round


def can_respond(access: Access) -> bool:
    """Signed-in members who may give their own scores (not read-only viewers)."""
    return access.can_comment


def get_invitation_for_token(token: str) -> RoundInvitation | None:
    """The usable invitation behind a participant link, or None.

    None for unknown, tampered, expired and withdrawn links alike, so a link
    never reveals whether it once existed.
    """
    invitation = find_by_token(
        RoundInvitation.objects.select_related(
            "round__version", "stakeholder__communication_needs"
        ),
        token,
    )
    if invitation is None or not invitation.is_usable:
        return None
    return invitation
