"""Involvement payments: the ledger per activity, exact Decimal totals per person,
project and programme, the finance exports through the formula guard, and amounts
shown only to people with the permission."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from coproduce.concurrency import CONFLICT_MESSAGE
from projects.models import (
    Activity,
    ActivityKind,
    HistoryEvent,
    InvolvementPayment,
    ProjectStakeholder,
)
from projects.payments import selectors, services
from tests.factories import ProjectFactory, StakeholderFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def grant_amounts(user):
    user.user_permissions.add(Permission.objects.get(codename="view_payment_amounts"))
    return type(user).objects.get(pk=user.pk)  # permissions are cached per object


def workshop(project, title="Design workshop", held_on=dt.date(2026, 4, 1)):
    return Activity.objects.create(
        project=project, held_on=held_on, kind=ActivityKind.WORKSHOP, title=title
    )


def person(project, name):
    someone = StakeholderFactory(programme=project.programme, display_name=name)
    ProjectStakeholder.objects.create(project=project, stakeholder=someone)
    return someone


def pay(activity, who, *, user=None, **values):
    data = {
        "activity": activity,
        "stakeholder": who,
        "kind": "payment",
        "fee": Decimal("0"),
        "travel": Decimal("0"),
        "expenses": Decimal("0"),
        "status": "offered",
        "offered_on": dt.date(2026, 3, 20),
        "claimed_on": None,
        "paid_on": None,
        "reference": "",
        "note": "",
    }
    data.update(values)
    return services.payment_record(project=activity.project, data=data, user=user)


def form_data(activity, who, **values) -> dict:
    data = {
        "activity": activity.pk,
        "stakeholder": who.pk,
        "kind": "payment",
        "fee": "0",
        "travel": "0",
        "expenses": "0",
        "status": "offered",
        "offered_on": "2026-03-20",
        "claimed_on": "",
        "paid_on": "",
        "reference": "",
        "note": "",
        "edit_version": "0",
    }
    data.update(values)
    return data


@pytest.mark.django_db
def test_totals_are_exact_decimal_money_per_person_project_and_programme(project):
    other_project = ProjectFactory(programme=project.programme)
    ann, bob = person(project, "Ann"), person(project, "Bob")
    first, second = workshop(project), workshop(project, "Second")
    # Thirty payments of 10p travel: floats would drift, Decimal stays exact.
    for i in range(30):
        extra = workshop(project, f"Walk {i}")
        pay(extra, ann, travel=Decimal("0.10"), status="paid", paid_on=dt.date.today())
    pay(first, bob, fee=Decimal("25.00"), travel=Decimal("3.35"), status="approved")
    pay(second, bob, fee=Decimal("25.00"), status="declined")
    elsewhere = person(other_project, "Cat")
    pay(workshop(other_project), elsewhere, fee=Decimal("40.05"), status="claimed")

    totals = selectors.payments_total(selectors.project_payments(project))
    assert totals["paid"] == Decimal("3.00")
    assert totals["approved"] == Decimal("31.35")
    assert totals["waiting"] == Decimal("28.35")
    assert totals["offered"] == Decimal("31.35")  # the declined offer not counted
    assert totals["count"] == 32 and totals["declined"] == 1
    assert all(isinstance(totals[k], Decimal) for k in ("paid", "offered", "fee_sum"))
    assert str(totals["paid"]) == "3.00"  # to the penny, as shown

    people = {
        row["stakeholder__display_name"]: row
        for row in selectors.totals_by_person(selectors.project_payments(project))
    }
    assert people["Ann"]["paid"] == Decimal("3.00") and people["Ann"]["count"] == 30
    assert people["Bob"]["approved"] == Decimal("28.35")

    programme = selectors.payments_total(
        selectors.programme_payments(project.programme)
    )
    assert programme["offered"] == Decimal("71.40")
    projects = {
        row["activity__project__title"]: row["offered"]
        for row in selectors.totals_by_project(
            selectors.programme_payments(project.programme)
        )
    }
    assert projects == {
        project.title: Decimal("31.35"),
        other_project.title: Decimal("40.05"),
    }


@pytest.mark.django_db
def test_approval_is_stamped_once_with_who_and_when_and_cleared_when_moved_back(
    project, facilitator
):
    payment = pay(workshop(project), person(project, "Ann"), fee=Decimal("20"))
    assert payment.approved_at is None

    data = {name: getattr(payment, name) for name in services.PAYMENT_FIELDS}
    services.payment_update(
        payment=payment,
        data={**data, "status": "approved"},
        seen_version=payment.edit_version,
        user=facilitator,
    )
    assert payment.approved_by == facilitator and payment.approved_at is not None
    assert payment.claimed_on is not None  # a claim is dated when left empty
    approved_at = payment.approved_at

    services.payment_update(
        payment=payment,
        data={**data, "status": "paid", "paid_on": dt.date(2026, 4, 8)},
        seen_version=payment.edit_version,
        user=None,
    )
    assert payment.approved_at == approved_at and payment.approved_by == facilitator

    with pytest.raises(ValidationError) as error:
        services.payment_update(
            payment=payment,
            data={**data, "status": "approved", "paid_on": dt.date(2026, 4, 8)},
            seen_version=payment.edit_version,
            user=None,
        )
    assert "paid_on" in error.value.message_dict
    services.payment_update(
        payment=payment,
        data={**data, "status": "offered"},
        seen_version=payment.edit_version,
        user=None,
    )
    assert payment.approved_at is None and payment.approved_by is None


@pytest.mark.django_db
def test_paid_needs_a_date_and_amounts_cannot_be_negative(project):
    activity, ann = workshop(project), person(project, "Ann")
    with pytest.raises(ValidationError) as error:
        pay(activity, ann, status="paid", fee=Decimal("-1"))
    assert set(error.value.message_dict) == {"paid_on", "fee"}


@pytest.mark.django_db
def test_one_payment_per_person_per_activity(project):
    activity, ann = workshop(project), person(project, "Ann")
    pay(activity, ann)
    with pytest.raises(ValidationError) as error:
        pay(activity, ann)
    assert "already has a payment" in str(error.value)


def test_with_the_permission_a_facilitator_records_and_sees_amounts(
    facilitator, project, django_assert_max_num_queries
):
    facilitator = grant_amounts(facilitator)
    activity, ann = workshop(project), person(project, "Ann")
    client = signed_in(facilitator)
    url = reverse("projects:project_payments", args=[project.slug])

    response = client.post(
        url, form_data(activity, ann, fee="30.00", travel="4.20", status="claimed")
    )

    assert response.status_code == 302
    payment = InvolvementPayment.objects.get()
    assert payment.fee == Decimal("30.00") and payment.recorded_by == facilitator
    for i in range(8):
        pay(workshop(project, f"More {i}"), person(project, f"P{i}"), fee=Decimal("1"))
    # Session, user, project, access, perms, ledger, totals, per person, statuses,
    # form choices (activities, people)...
    with django_assert_max_num_queries(16):
        body = client.get(url).content.decode()
    assert "34.20" in body and "Record a payment" in body
    assert "£34.20" not in body or "offered or claimed" in body


def test_without_the_permission_people_see_counts_but_no_amounts(
    facilitator, commissioner, project
):
    pay(workshop(project), person(project, "Ann"), fee=Decimal("30.55"))
    for user in (facilitator, commissioner):
        client = signed_in(user)
        body = client.get(
            reverse("projects:project_payments", args=[project.slug])
        ).content.decode()
        assert "30.55" not in body and "Ann" in body
        assert "not the amounts" in body and "Record a payment" not in body
        programme_page = client.get(
            reverse("projects:programme_payments", args=[project.programme.slug])
        ).content.decode()
        assert "30.55" not in programme_page and "Download for finance" not in (
            programme_page
        )
        assert (
            client.get(
                reverse(
                    "projects:programme_payments_csv", args=[project.programme.slug]
                )
            ).status_code
            == 403
        )
    response = signed_in(facilitator).post(
        reverse("projects:project_payments", args=[project.slug]), {}
    )
    assert response.status_code == 403


def test_a_commissioner_with_the_permission_sees_amounts_but_cannot_record(
    commissioner, project
):
    commissioner = grant_amounts(commissioner)
    pay(workshop(project), person(project, "Ann"), fee=Decimal("30.55"))
    client = signed_in(commissioner)
    body = client.get(
        reverse("projects:project_payments", args=[project.slug])
    ).content.decode()
    assert "30.55" in body and "Record a payment" not in body
    dashboard = client.get(
        reverse("evaluation:commissioner_dashboard", args=[project.programme.slug])
    ).content.decode()
    assert "Spend on involvement" in dashboard


def test_the_dashboard_shows_spend_beside_reach_amounts_only_with_permission(
    commissioner, project
):
    pay(
        workshop(project),
        person(project, "Ann"),
        fee=Decimal("12.34"),
        status="paid",
        paid_on=dt.date(2026, 4, 2),
    )
    url = reverse("evaluation:commissioner_dashboard", args=[project.programme.slug])
    plain = signed_in(commissioner).get(url).content.decode()
    assert "Spend on involvement" in plain and "12.34" not in plain
    assert "1</span> payment made" in plain
    allowed = signed_in(grant_amounts(commissioner)).get(url).content.decode()
    assert "£12.34</span> paid to people taking part" in allowed


def test_two_people_changing_a_payment_at_once_the_second_is_refused(
    facilitator, project_facilitator, project
):
    ann_user, bob_user = grant_amounts(facilitator), grant_amounts(project_facilitator)
    activity, ann = workshop(project), person(project, "Ann")
    payment = pay(activity, ann, fee=Decimal("10"))
    url = reverse("projects:payment_edit", args=[payment.pk])
    first = signed_in(ann_user).post(
        url, form_data(activity, ann, fee="15.00", edit_version="1")
    )
    second = signed_in(bob_user).post(
        url, form_data(activity, ann, fee="99.00", note="Bob's note", edit_version="1")
    )
    assert first.status_code == 302 and second.status_code == 200
    body = second.content.decode()
    assert CONFLICT_MESSAGE in body and "15.00" in body
    assert 'value="Bob&#x27;s note"' in body
    payment.refresh_from_db()
    assert payment.fee == Decimal("15.00")


def test_bad_input_redisplays_the_form_with_the_typed_text(facilitator, project):
    facilitator = grant_amounts(facilitator)
    activity, ann = workshop(project), person(project, "Ann")
    response = signed_in(facilitator).post(
        reverse("projects:project_payments", args=[project.slug]),
        form_data(activity, ann, fee="-5", status="paid", note="Typed note"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Typed note"' in body
    assert not InvolvementPayment.objects.exists()


def test_the_finance_exports_hold_exact_amounts_and_guard_formulas(
    facilitator, project
):
    facilitator = grant_amounts(facilitator)
    activity = workshop(project, title='=HYPERLINK("http://x")')
    pay(
        activity,
        person(project, "+Ann"),
        fee=Decimal("25.00"),
        travel=Decimal("3.10"),
        status="paid",
        paid_on=dt.date(2026, 4, 3),
        reference="@VOUCHER-1",
    )
    client = signed_in(facilitator)
    slug = project.programme.slug

    response = client.get(reverse("projects:programme_payments_csv", args=[slug]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows
    record = dict(zip(header, row, strict=True))
    assert record["Activity"] == '\'=HYPERLINK("http://x")'
    assert record["Person"] == "'+Ann" and record["Finance reference"] == "'@VOUCHER-1"
    assert record["Total (£)"] == "28.10" and record["Paid on"] == "2026-04-03"
    assert record["Status"] == "Paid"
    (read,) = HistoryEvent.objects.filter(action="exported")
    assert read.programme_id == project.programme_id and read.note.endswith(".csv")

    book = load_workbook(
        io.BytesIO(
            client.get(reverse("projects:programme_payments_xlsx", args=[slug])).content
        )
    )
    sheet = book["Payments"]
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, 19)}
    assert cells["Activity"].data_type == "s" and cells["Activity"].quotePrefix
    assert cells["Activity"].value == '=HYPERLINK("http://x")'
    assert cells["Person"].quotePrefix
    assert Decimal(str(cells["Total (£)"].value)) == Decimal("28.10")
    assert cells["Total (£)"].data_type == "n"


def test_the_programme_page_lists_totals_with_bounded_queries(
    facilitator, project, django_assert_max_num_queries
):
    facilitator = grant_amounts(facilitator)
    for i in range(6):
        other = ProjectFactory(programme=project.programme)
        pay(workshop(other), person(other, f"Person {i}"), fee=Decimal("5.05"))
    client = signed_in(facilitator)
    url = reverse("projects:programme_payments", args=[project.programme.slug])
    client.get(url)
    # Session, user, programme, access, perms, totals, per project, per person,
    # statuses.
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert "£30.30" in body and body.count("5.05") >= 6


def test_an_activity_with_payments_cannot_be_deleted(facilitator, project):
    activity = workshop(project)
    pay(activity, person(project, "Ann"))
    response = signed_in(facilitator).post(
        reverse("projects:activity_delete", args=[project.slug, activity.pk])
    )
    assert response.status_code == 302
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_deleting_a_person_keeps_their_payment_by_role(facilitator, project):
    ann = person(project, "Ann")
    payment = pay(workshop(project), ann, fee=Decimal("9.99"))
    from projects.models import CommunicationNeeds

    CommunicationNeeds.objects.create(stakeholder=ann, formats=["bsl"])
    response = signed_in(facilitator).post(
        reverse("projects:stakeholder_delete", args=[ann.pk])
    )
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.stakeholder is None and payment.fee == Decimal("9.99")
    assert payment.role_category == ann.role_category
    assert not CommunicationNeeds.objects.exists()
