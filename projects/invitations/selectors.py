"""Reads for invitations and the record of member changes."""

from django.db.models import QuerySet

from coproduce.tokens import find_by_token
from projects.invitations.services import SESSION_KEY
from projects.models import Invitation, MembershipChange

# The members page lists the most recent changes and invitations, not all of them.
RECENT = 50


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link points at (any state), or None for an unknown link."""
    return find_by_token(
        Invitation.objects.select_related("programme", "project", "invited_by"), token
    )


def invitation_pending(session) -> Invitation | None:
    """The invitation remembered in the session (see ``invitation_remember``), if it
    can still be accepted."""
    stored = session.get(SESSION_KEY)
    if not stored:
        return None
    invitation = (
        Invitation.objects.select_related("programme", "project")
        .filter(token_hash=stored)
        .first()
    )
    if invitation is None or invitation.state() != "waiting":
        return None
    return invitation


def invitations_for(*, programme, project=None) -> QuerySet[Invitation]:
    """Invitations to the programme (all of them, projects too) or to one project,
    newest first, with who sent and who accepted them."""
    invitations = Invitation.objects.filter(programme=programme)
    if project is not None:
        invitations = invitations.filter(project=project)
    return invitations.select_related(
        "project", "invited_by", "accepted_by", "withdrawn_by"
    )[:RECENT]


def membership_changes_for(*, programme, project=None) -> QuerySet[MembershipChange]:
    changes = MembershipChange.objects.filter(programme=programme)
    if project is not None:
        changes = changes.filter(project=project)
    return changes.select_related("project", "member", "changed_by")[:RECENT]
