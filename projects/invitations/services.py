"""Invitations: send, withdraw and accept the emailed single-use links.

Only a hash of each link's token is stored (``coproduce.tokens``). Sends are limited
per invited address and per sender's IP address (settings ``INVITATION_SENDS_*``).
Single sign-on calls :func:`invitation_accept` with the account it signed in, after
reading the invitation remembered in the session (:func:`invitation_remember`).
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from coproduce.tokens import new_token, token_hash
from projects.models import (
    Invitation,
    InvitationState,
    MembershipChange,
    MembershipChangeKind,
    Programme,
    Project,
)
from projects.services import membership_grant

SESSION_KEY = "pending_invitation"

REFUSED = {
    InvitationState.ACCEPTED: (
        "This invitation has already been used. Each invitation link works once. "
        "If you accepted it, sign in as usual; if not, ask the person who invited "
        "you for a new one."
    ),
    InvitationState.EXPIRED: (
        "This invitation has expired. Ask the person who invited you to send a new one."
    ),
    InvitationState.WITHDRAWN: (
        "This invitation has been withdrawn, so it can no longer be used. Ask the "
        "person who invited you if you think this is a mistake."
    ),
}
WRONG_ACCOUNT = (
    "This invitation was sent to a different email address from the one on the "
    "account you are signed in with. Sign out and open the link again, or ask for an "
    "invitation to your own address."
)
THROTTLED = (
    "Too many invitations have been sent recently. No email was sent. "
    "Try again tomorrow."
)


def _throttle_keys(email: str, ip: str) -> list[tuple[str, int]]:
    return [
        (f"invite:address:{email.lower()}", settings.INVITATION_SENDS_PER_ADDRESS),
        (f"invite:ip:{ip}", settings.INVITATION_SENDS_PER_IP),
    ]


def _throttle_check(email: str, ip: str) -> None:
    for key, limit in _throttle_keys(email, ip):
        if (cache.get(key) or 0) >= limit:
            raise ValidationError(THROTTLED)


def _throttle_count(email: str, ip: str) -> None:
    window = settings.INVITATION_THROTTLE_HOURS * 3600
    for key, _ in _throttle_keys(email, ip):
        if not cache.add(key, 1, window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, window)


@transaction.atomic
def invitation_create(
    *,
    programme: Programme,
    email: str,
    role: str,
    invited_by,
    project: Project | None = None,
) -> tuple[Invitation, str]:
    """Record an invitation and return it with its token (the only copy of the
    link; it is not stored). Sends nothing: see :func:`invitation_send`."""
    if project is not None and project.programme_id != programme.pk:
        raise ValidationError({"project": "Choose a project of this programme."})
    token = new_token()
    invitation = Invitation.objects.create(
        programme=programme,
        project=project,
        email=email.strip(),
        role=role,
        token_hash=token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS),
    )
    MembershipChange.objects.create(
        programme=programme,
        project=project,
        kind=MembershipChangeKind.INVITED,
        email=invitation.email,
        role=role,
        changed_by=invited_by,
    )
    return invitation, token


def invitation_send(
    *,
    programme: Programme,
    email: str,
    role: str,
    invited_by,
    site: str,
    ip: str,
    project: Project | None = None,
) -> Invitation:
    """Invite ``email`` to the programme (or one of its projects) and email them the
    link. ``site`` is the address the link starts with (``https://host``); ``ip`` is
    the sender's address, for the per-IP limit. ``ValidationError`` when a limit is
    reached (nothing is recorded or sent then)."""
    _throttle_check(email, ip)
    invitation, token = invitation_create(
        programme=programme,
        project=project,
        email=email,
        role=role,
        invited_by=invited_by,
    )
    _throttle_count(email, ip)
    context = {
        "invitation": invitation,
        "scope": invitation.scope,
        "inviter": invited_by.get_full_name() or invited_by.get_username(),
        "role": invitation.get_role_display().split(" (")[0],
        "link": site + reverse("projects:invitation_accept", args=[token]),
    }
    send_mail(
        subject=render_to_string("emails/invitation_subject.txt", context).strip(),
        message=render_to_string("emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return invitation


def invitation_withdraw(*, invitation: Invitation, by) -> None:
    """Stop a waiting invitation's link from working (recorded)."""
    if invitation.state() != InvitationState.WAITING:
        raise ValidationError("Only a waiting invitation can be withdrawn.")
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            withdrawn_at=now, withdrawn_by=by
        )
        MembershipChange.objects.create(
            programme=invitation.programme,
            project=invitation.project,
            kind=MembershipChangeKind.INVITATION_WITHDRAWN,
            email=invitation.email,
            role=invitation.role,
            changed_by=by,
        )
    invitation.withdrawn_at, invitation.withdrawn_by = now, by


def invitation_check(invitation: Invitation, *, user=None) -> None:
    """``ValidationError`` with a plain message unless the invitation can be used
    (by ``user``, when given: their account must have the invited address)."""
    state = invitation.state()
    if state != InvitationState.WAITING:
        raise ValidationError(REFUSED[state])
    if user is not None and (
        (user.email or "").strip().lower() != invitation.email.strip().lower()
    ):
        raise ValidationError(WRONG_ACCOUNT)


def invitation_accept(*, invitation: Invitation, user):
    """Give ``user`` the invitation's role and use the invitation up. The account's
    email address must be the invited one (single sign-on passes the account it
    signed in; a new account made from the invitation has that address). Refused
    with ``ValidationError`` (a plain message) when the invitation has been used,
    has expired or has been withdrawn; two people racing on one link cannot both
    use it. Returns the membership."""
    invitation_check(invitation, user=user)
    now = timezone.now()
    with transaction.atomic():
        used = Invitation.objects.filter(
            pk=invitation.pk,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=now,
        ).update(accepted_at=now, accepted_by=user)
        if not used:
            invitation.refresh_from_db()
            raise ValidationError(REFUSED[invitation.state()])
        membership = membership_grant(
            programme=invitation.programme,
            project=invitation.project,
            user=user,
            role=invitation.role,
            by=user,
            kind=MembershipChangeKind.ACCEPTED,
        )
    invitation.accepted_at, invitation.accepted_by = now, user
    return membership


@transaction.atomic
def invitation_account_create(
    *, invitation: Invitation, username: str, password: str | None, full_name: str = ""
):
    """Make the invited person's account (with the invited email address) and accept
    the invitation with it. ``password`` None (single sign-on) leaves the account
    without a usable password. Returns the new user."""
    invitation_check(invitation)
    User = get_user_model()
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            "An account with this email address already exists. Sign in with it to "
            "accept the invitation."
        )
    first, _, last = full_name.strip().partition(" ")
    user = User.objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first[:150],
        last_name=last[:150],
    )
    invitation_accept(invitation=invitation, user=user)
    return user


def invitation_remember(*, session, invitation: Invitation) -> None:
    """Keep the invitation someone opened in their session, so that a sign-in that
    leaves the page (single sign-on) can accept it when they come back."""
    session[SESSION_KEY] = invitation.token_hash


def invitation_forget(*, session) -> None:
    session.pop(SESSION_KEY, None)
