"""Who may print QR cards: the people who may make personal links (facilitators and
evaluators of the project or programme). Everyone else gets 404 or 403, as for the
links themselves."""

from django.http import Http404

from evaluation.evidence.access import get_evaluation_stage_for_user
from evaluation.matrix.access import get_round_for_user


def get_round_for_cards(user, slug: str, number: int):
    """The scoring round whose links this user may print; (round, access)."""
    return get_round_for_user(user, slug, number, write=True)


def get_stage_for_cards(user, slug: str, pk: int):
    """The member-checking stage whose links this user may print;
    (stage, programme, access). Other kinds of stage have no links: 404."""
    stage, programme, access = get_evaluation_stage_for_user(user, slug, pk, write=True)
    if not stage.is_member_checking:
        raise Http404("No review links for this stage.")
    return stage, programme, access
