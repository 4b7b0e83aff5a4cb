"""Permission cases for published invitation counts (see tests/url_cases.py)."""

from evaluation.models import InvitationCount
from tests.url_cases import Case


def build(world):
    world["invitation_count"] = InvitationCount.objects.create(
        stage=world["evaluation_stage"],
        group_key="clinician",
        roles=["clinician"],
        invited=5,
        took_part=3,
    )
    return world


def _pk(name):
    return lambda w: {"slug": w["programme"].slug, "pk": w[name].pk}


CASES = {
    "evaluation:invitation_count_create": Case(_pk("evaluation_stage"), write=True),
    "evaluation:invitation_count_edit": Case(_pk("invitation_count"), write=True),
    "evaluation:invitation_count_delete": Case(_pk("invitation_count"), write=True),
}
