"""Recording involvement payments: offered, claimed, approved (by whom, when), paid."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.concurrency import versioned_update
from projects.models import InvolvementPayment, PaymentStatus

PAYMENT_FIELDS = (
    "activity",
    "stakeholder",
    "kind",
    "fee",
    "travel",
    "expenses",
    "status",
    "offered_on",
    "claimed_on",
    "paid_on",
    "reference",
    "note",
)
_APPROVED = {PaymentStatus.APPROVED, PaymentStatus.PAID}
_CLAIMED = {PaymentStatus.CLAIMED, PaymentStatus.APPROVED, PaymentStatus.PAID}
DUPLICATE = "This person already has a payment recorded for that activity: change it."


def _checked(
    values: dict, *, project, payment: InvolvementPayment | None, user
) -> dict:
    """The values to store, with the rules of the ledger applied and the approval
    stamped (who and when) the first time it is approved."""
    errors = {}
    activity, person = values["activity"], values["stakeholder"]
    if activity.project_id != project.pk:
        errors["activity"] = "Choose one of this project's activities."
    if person is not None and person.programme_id != project.programme_id:
        errors["stakeholder"] = "Choose someone in this programme."
    for name in ("fee", "travel", "expenses"):
        values[name] = Decimal(values.get(name) or 0).quantize(Decimal("0.01"))
        if values[name] < 0:
            errors[name] = "Amounts cannot be below zero."
    status = values["status"]
    if status == PaymentStatus.PAID and not values.get("paid_on"):
        errors["paid_on"] = "Give the date it was paid."
    if values.get("paid_on") and status != PaymentStatus.PAID:
        errors["paid_on"] = "Leave this empty until the status is Paid."
    if status in _CLAIMED and not values.get("claimed_on"):
        values["claimed_on"] = timezone.localdate()
    if errors:
        raise ValidationError(errors)
    if person is not None:
        values["role_category"] = person.role_category
    elif payment is not None:
        values["role_category"] = payment.role_category
    else:
        raise ValidationError({"stakeholder": "Choose who the payment is for."})
    was_approved = payment is not None and payment.approved_at is not None
    if status in _APPROVED and not was_approved:
        values["approved_by"], values["approved_at"] = user, timezone.now()
    elif status not in _APPROVED:
        values["approved_by"], values["approved_at"] = None, None
    return values


def payment_record(*, project, data: dict, user) -> InvolvementPayment:
    """Record what one person was offered (or claimed, or was paid) for one of the
    project's activities."""
    values = _checked(
        {name: data.get(name) for name in PAYMENT_FIELDS},
        project=project,
        payment=None,
        user=user,
    )
    for name in ("reference", "note"):
        values[name] = (values[name] or "").strip()
    try:
        with transaction.atomic():
            return InvolvementPayment.objects.create(recorded_by=user, **values)
    except IntegrityError:
        raise ValidationError({"stakeholder": DUPLICATE}) from None


def payment_update(
    *, payment: InvolvementPayment, data: dict, seen_version: int | None, user
) -> None:
    """Change a payment; refused (EditConflict) when someone else saved it after
    the form was opened. Moving it back before approval clears the approval."""
    project = payment.activity.project
    values = _checked(
        {name: data.get(name) for name in PAYMENT_FIELDS},
        project=project,
        payment=payment,
        user=user,
    )
    for name in ("reference", "note"):
        values[name] = (values[name] or "").strip()
    try:
        with transaction.atomic():
            versioned_update(payment, seen_version=seen_version, **values)
    except IntegrityError:
        raise ValidationError({"stakeholder": DUPLICATE}) from None
