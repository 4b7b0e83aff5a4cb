"""Permission cases for involvement payments (see tests/url_cases.py)."""

import datetime as dt

from projects.models import Activity, ActivityKind, InvolvementPayment
from tests.url_cases import Case, programme, project

CASES = {
    "projects:project_payments": Case(project),
    "projects:payment_edit": Case(lambda w: {"pk": w["payment"].pk}, write=True),
    "projects:programme_payments": Case(programme),
    # The finance exports: a commissioner without the amounts permission is refused.
    "projects:programme_payments_csv": Case(programme),
    "projects:programme_payments_xlsx": Case(programme),
}


def build(world):
    """A workshop with one payment to the world's person."""
    activity = Activity.objects.create(
        project=world["project"],
        held_on=dt.date(2026, 4, 1),
        kind=ActivityKind.WORKSHOP,
        title="Paid workshop",
    )
    world["payment"] = InvolvementPayment.objects.create(
        activity=activity,
        stakeholder=world["stakeholder"],
        role_category=world["stakeholder"].role_category,
        kind="voucher",
        fee="25.00",
    )
