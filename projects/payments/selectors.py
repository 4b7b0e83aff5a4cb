"""Reads of involvement payments: ledgers and totals per person, project and
programme. Each function is a fixed number of queries, and totals are summed by
the database as Decimal money (never floats)."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from projects.models import (
    Activity,
    InvolvementPayment,
    PaymentStatus,
    RoleCategory,
    Stakeholder,
)

MONEY = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0.00")
LINE_TOTAL = F("fee") + F("travel") + F("expenses")

# Statuses that count towards what is owed or spent (a declined offer does not).
LIVE = [s for s in PaymentStatus.values if s != PaymentStatus.DECLINED]
APPROVED = [PaymentStatus.APPROVED, PaymentStatus.PAID]


def _money(expression, **filters):
    return Coalesce(
        Sum(expression, filter=Q(**filters) if filters else None, output_field=MONEY),
        Value(ZERO),
        output_field=MONEY,
    )


def _total_columns() -> dict:
    """The sums every total shows, as aggregate expressions."""
    return {
        "count": Count("pk"),
        "people": Count("stakeholder", distinct=True),
        "declined": Count("pk", filter=Q(status=PaymentStatus.DECLINED)),
        "paid_count": Count("pk", filter=Q(status=PaymentStatus.PAID)),
        "fee_sum": _money("fee", status__in=LIVE),
        "travel_sum": _money("travel", status__in=LIVE),
        "expenses_sum": _money("expenses", status__in=LIVE),
        "offered": _money(LINE_TOTAL, status__in=LIVE),
        "approved": _money(LINE_TOTAL, status__in=APPROVED),
        "paid": _money(LINE_TOTAL, status=PaymentStatus.PAID),
    }


MONEY_KEYS = ("fee_sum", "travel_sum", "expenses_sum", "offered", "approved", "paid")
PENNY = Decimal("0.01")


def _in_pounds(row: dict) -> dict:
    """Money to the penny (SQLite hands sums back with more places), plus what is
    approved and not yet paid."""
    for key in MONEY_KEYS:
        row[key] = Decimal(row[key]).quantize(PENNY)
    row["waiting"] = row["approved"] - row["paid"]
    return row


def payments_total(payments: QuerySet) -> dict:
    """One row of totals for these payments (one query). ``offered`` is everything
    not declined, ``approved`` includes what is paid."""
    return _in_pounds(payments.order_by().aggregate(**_total_columns()))


def project_payments(project) -> QuerySet[InvolvementPayment]:
    """The project's ledger, by activity date then person."""
    return (
        InvolvementPayment.objects.filter(activity__project=project)
        .select_related("activity", "stakeholder__communication_needs", "approved_by")
        .order_by(
            "-activity__held_on", "activity_id", "stakeholder__display_name", "pk"
        )
    )


def programme_payments(programme) -> QuerySet[InvolvementPayment]:
    return InvolvementPayment.objects.filter(activity__project__programme=programme)


def totals_by_person(payments: QuerySet) -> list[dict]:
    """Totals per person (one query), people without details left by role."""
    rows = (
        payments.order_by()
        .values("stakeholder_id", "stakeholder__display_name", "role_category")
        .annotate(**_total_columns())
        .order_by("stakeholder__display_name", "role_category")
    )
    roles = dict(RoleCategory.choices)
    return [
        _in_pounds(
            dict(row, role_label=roles.get(row["role_category"], row["role_category"]))
        )
        for row in rows
    ]


def totals_by_project(payments: QuerySet) -> list[dict]:
    rows = (
        payments.order_by()
        .values(
            "activity__project_id",
            "activity__project__title",
            "activity__project__slug",
        )
        .annotate(**_total_columns())
        .order_by("activity__project__title")
    )
    return [_in_pounds(dict(row)) for row in rows]


def status_counts(payments: QuerySet) -> list[tuple[str, int]]:
    """How many payments are at each status, in the order of the statuses."""
    counts = dict(payments.order_by().values_list("status").annotate(n=Count("pk")))
    return [(label, counts.get(value, 0)) for value, label in PaymentStatus.choices]


def payment_activity_choices(project) -> QuerySet[Activity]:
    return Activity.objects.filter(project=project).order_by("-held_on", "title")


def payment_people_choices(project) -> QuerySet[Stakeholder]:
    """People on the project or recorded at one of its activities."""
    return (
        project.programme.stakeholders.filter(
            Q(involvements__project=project) | Q(attendances__activity__project=project)
        )
        .select_related("communication_needs")
        .distinct()
        .order_by("display_name")
    )


def payment_saved(pk: int) -> InvolvementPayment:
    """The payment as stored now (for the edit-conflict notice)."""
    return InvolvementPayment.objects.select_related("activity", "stakeholder").get(
        pk=pk
    )


def export_rows(programme) -> QuerySet[InvolvementPayment]:
    """Every payment of the programme for the finance export."""
    return (
        programme_payments(programme)
        .select_related("activity__project", "stakeholder", "approved_by")
        .order_by("activity__project__title", "activity__held_on", "activity_id", "pk")
    )


def payments_of(projects: QuerySet) -> QuerySet[InvolvementPayment]:
    """The payments of these projects (for the commissioner dashboard)."""
    return InvolvementPayment.objects.filter(
        activity__project__in=projects.order_by().values("pk")
    )
