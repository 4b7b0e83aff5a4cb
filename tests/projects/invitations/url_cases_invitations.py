"""Permission cases for invitations and member role changes (see tests/url_cases.py)."""

from projects.invitations.services import invitation_create
from tests.url_cases import Case, programme, project

CASES = {
    "projects:programme_invite": Case(programme, write=True),
    "projects:project_invite": Case(project, write=True),
    "projects:invitation_withdraw": Case(
        lambda w: {"pk": w["invitation"].pk}, write=True, post_only=True
    ),
    # The emailed link: open to anyone holding it (it makes the account).
    "projects:invitation_accept": Case(
        lambda w: {"token": w["invitation_token"]}, public=True
    ),
    "projects:programme_member_role": Case(
        lambda w: {**programme(w), "pk": w["programme_membership"].pk},
        write=True,
        post_only=True,
    ),
    "projects:project_member_role": Case(
        lambda w: {**project(w), "pk": w["project_membership"].pk},
        write=True,
        post_only=True,
    ),
}


def build(world):
    """A waiting invitation to the programme, sent by its facilitator."""
    invitation, token = invitation_create(
        programme=world["programme"],
        email="invited@example.org",
        role="viewer",
        invited_by=world["facilitator"],
    )
    world["invitation"], world["invitation_token"] = invitation, token
