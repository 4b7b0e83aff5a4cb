"""Who must use a second sign-in step (an authenticator app or a passkey)."""

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q

from projects.models import Programme

# Session key set at sign-in while the person still has to set up a second step.
ENROLMENT_PENDING = "mfa_enrolment_pending"


def mfa_required(user: AbstractBaseUser) -> bool:
    """Staff and superusers, and everyone on a programme (or one of its projects)
    whose settings say members must use a second sign-in step."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return (
        Programme.objects.filter(require_mfa=True)
        .filter(Q(memberships__user=user) | Q(projects__memberships__user=user))
        .exists()
    )


def mfa_enrolment_needed(user: AbstractBaseUser) -> bool:
    return mfa_required(user) and not get_mfa_adapter().is_mfa_enabled(user)


def mfa_enrolment_mark(request) -> bool:
    """Flag the session when its person still has to set up a second step, so the
    middleware keeps them on the set-up pages. Called on every way into an account:
    signing in, and accepting an invitation that gives a role."""
    pending = mfa_enrolment_needed(request.user)
    if pending:
        request.session[ENROLMENT_PENDING] = True
    return pending
