"""Who may open, code, see and settle a coding round: the one place for the blind rule.

- Evaluators of the programme (and administrators) open rounds, close coding, settle
  disagreements and finish rounds.
- Assigned coders code every quote of the round. Until a coder submits, nobody's
  codes but their own and no agreement figure reach them: every page and export asks
  ``round_access`` what the user may see, so the rule is not only hidden in templates.
  Drafts are never shown to anyone but their coder.
- Other programme members (commissioners, viewers) see a round's agreement figures
  once it is finished, and nothing else of it.
- Outsiders get 404, as everywhere (``get_evaluation_programme_for_user``).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from evaluation.evidence.access import get_evaluation_programme_for_user
from evaluation.models import Coder, CodingRound
from projects.access import Access
from projects.models import AccessRole


def may_run_rounds(access: Access) -> bool:
    """Evaluators of the programme open and settle coding rounds."""
    return access.is_superuser or access.role == AccessRole.EVALUATOR


@dataclass(frozen=True)
class RoundAccess:
    """What one user may do with and see of one round."""

    access: Access
    coder: Coder | None  # the user's own place in the round, if assigned
    may_manage: bool
    blinded: bool  # an assigned coder who has not submitted while coding is open

    @property
    def may_code(self) -> bool:
        return self.coder is not None and self.blinded

    @property
    def may_see_codes(self) -> bool:
        """Other coders' submitted codes and the disagreements."""
        return not self.blinded and (self.may_manage or self.coder is not None)

    @property
    def may_settle(self) -> bool:
        return self.may_manage and not self.blinded


def round_access(coding_round: CodingRound, user, access: Access) -> RoundAccess:
    """The blind rule for ``user`` on ``coding_round`` (1 query for their place)."""
    coder = (
        Coder.objects.filter(round=coding_round, user=user).first()
        if user.is_authenticated
        else None
    )
    blinded = coder is not None and not coder.has_submitted and coding_round.is_coding
    return RoundAccess(
        access=access,
        coder=coder,
        may_manage=may_run_rounds(access),
        blinded=blinded,
    )


def may_see_agreement(coding_round: CodingRound, seen: RoundAccess) -> bool:
    """Agreement figures: those who may see the codes, and everyone once finished."""
    return seen.may_see_codes or (coding_round.is_finished and not seen.blinded)


def get_coding_programme_for_user(user, slug: str, *, manage: bool = False):
    """The programme and access for the coding pages (manage: open a round)."""
    programme, access = get_evaluation_programme_for_user(user, slug)
    if manage and not may_run_rounds(access):
        raise PermissionDenied(
            "Only the programme's evaluators can open coding rounds."
        )
    return programme, access


NEEDS = {"view", "code", "agreement", "codes", "manage", "settle"}


def get_round_for_user(user, slug: str, pk: int, *, need: str = "view"):
    """The round, its programme and what the user may see, or 404 / 403.

    ``need`` is what the page shows or does: ``view`` (the round page), ``code``
    (an assigned coder coding), ``agreement`` (the figures), ``codes`` (every
    coder's codes), ``manage`` (close coding, finish) or ``settle`` (settle a
    disagreement).
    """
    if need not in NEEDS:
        raise ValueError(need)
    programme, access = get_evaluation_programme_for_user(user, slug)
    coding_round = get_object_or_404(
        CodingRound.objects.select_related("project", "stage"),
        pk=pk,
        programme=programme,
    )
    seen = round_access(coding_round, user, access)
    allowed = {
        "view": seen.may_manage or seen.coder is not None or coding_round.is_finished,
        "code": seen.may_code,
        "agreement": may_see_agreement(coding_round, seen),
        "codes": seen.may_see_codes,
        "manage": seen.may_manage,
        "settle": seen.may_settle,
    }[need]
    if not allowed:
        raise PermissionDenied(_REFUSALS[need])
    return coding_round, programme, seen


_REFUSALS = {
    "view": "This coding round is shown to its coders and evaluators until it is "
    "finished.",
    "code": "Only the round's coders can code, until they submit or coding closes.",
    "agreement": "Agreement is shown once you have submitted your own codes.",
    "codes": "Other coders' codes are shown once you have submitted your own.",
    "manage": "Only the programme's evaluators can do this.",
    "settle": "Only the programme's evaluators can settle disagreements, once they "
    "have submitted any codes of their own.",
}
