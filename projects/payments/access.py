"""Who may see and record involvement payments: the one place that decides.

Anyone who may see a project sees who was offered, claimed and paid, as counts and
statuses. Amounts are shown only to people holding the Django permission
``projects.view_payment_amounts`` (given in admin, usually to finance staff and the
programme lead; superusers hold every permission). Recording or changing a payment
needs that permission as well as facilitator rights on the project, since the
form holds amounts; so does the finance export.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from projects.access import get_programme_for_user, get_project_for_user
from projects.models import InvolvementPayment

AMOUNTS_PERMISSION = "projects.view_payment_amounts"
NO_AMOUNTS = "Only people allowed to see payment amounts can do this."


def can_see_amounts(user) -> bool:
    """Whether this person may see payment amounts (and so record payments)."""
    return bool(user.is_authenticated and user.has_perm(AMOUNTS_PERMISSION))


def get_payments_project_for_user(user, slug: str, *, write: bool = False):
    """(project, access, amounts) for a project's payments; 404 for outsiders,
    PermissionDenied for writing without facilitator rights or the permission."""
    project, access = get_project_for_user(user, slug, write=write)
    amounts = can_see_amounts(user)
    if write and not amounts:
        raise PermissionDenied(NO_AMOUNTS)
    return project, access, amounts


def get_payment_for_user(user, pk: int, *, write: bool = False):
    """(payment, project, access, amounts); 404 when the payment's project is not
    visible to the user."""
    payment = (
        InvolvementPayment.objects.select_related(
            "activity__project__programme",
            "stakeholder__communication_needs",
            "approved_by",
        )
        .filter(pk=pk)
        .first()
    )
    if payment is None:
        raise Http404("No such payment.")
    project, access, amounts = get_payments_project_for_user(
        user, payment.activity.project.slug, write=write
    )
    return payment, project, access, amounts


def get_payments_programme_for_user(user, slug: str, *, finance: bool = False):
    """(programme, access, amounts) for the programme's totals; ``finance`` (the
    export with amounts) needs the permission."""
    programme, access = get_programme_for_user(user, slug)
    amounts = can_see_amounts(user)
    if finance and not amounts:
        raise PermissionDenied(NO_AMOUNTS)
    return programme, access, amounts
