"""The demo records communication needs (easy read, BSL, Welsh), lists one unmet
need, has a paid workshop at every payment status and prints a working link for
the Welsh speaker."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from projects.communication.selectors import (
    preferred_language,
    prefers_easy_read,
    unmet_needs,
)
from projects.models import CommunicationNeeds, InvolvementPayment, Programme
from projects.payments.selectors import payments_total, programme_payments


def test_demo_needs_payments_and_welsh_link_are_there_once(db, capsys):
    call_command("demo", force=True)
    call_command("demo", force=True)
    out = capsys.readouterr().out

    needs = {n.stakeholder.display_name: n for n in CommunicationNeeds.objects.all()}
    assert prefers_easy_read(needs["Owen Marsh"].stakeholder)
    assert "bsl" in needs["Alex"].formats
    assert preferred_language(needs["Kez"].stakeholder) == "cy"
    programme = Programme.objects.get()
    [row] = unmet_needs(programme)
    assert row["person"].display_name == "Alex"
    assert [need["key"] for need in row["unmet"]] == ["bsl"]

    statuses = sorted(InvolvementPayment.objects.values_list("status", flat=True))
    assert statuses == ["approved", "claimed", "offered", "paid"]
    totals = payments_total(programme_payments(programme))
    assert totals["paid"] == Decimal("31.40")
    assert totals["approved"] == Decimal("74.20")

    links = [line for line in out.splitlines() if "(Welsh):" in line]
    assert len(links) == 2  # one per run, each replacing the last
    path = links[-1].split("http://127.0.0.1:8000", 1)[1]
    assert Client().get(path).status_code == 200
    assert (
        Client().get(links[0].split("http://127.0.0.1:8000", 1)[1]).status_code == 404
    )

    fran = Client()
    fran.force_login(get_user_model().objects.get(username="fran"))
    page = fran.get(reverse("projects:programme_payments", args=[programme.slug]))
    assert "£31.40" in page.content.decode()
