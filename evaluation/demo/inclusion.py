"""Demo communication needs and involvement payments (texts in data/inclusion.toml).

People with recorded needs (easy read, British Sign Language, a Welsh speaker, a
supporter to read), most of them arranged and one not, so the programme's list of
unmet needs has an entry; a paid workshop with payments offered, claimed, approved
and paid; and a personal scoring link for the Welsh speaker, printed afresh on each
run. Idempotent: rows are found by natural keys and made through the services only
when missing.
"""

import datetime as dt
import os
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.matrix import services as matrix_services
from evaluation.models import RoundStatus, ScoringRound
from projects import services as project_services
from projects.communication import services as needs_services
from projects.communication.selectors import needs_of
from projects.models import (
    Activity,
    ActivityKind,
    DiamondStage,
    InvolvementPayment,
    Programme,
    Project,
    Stakeholder,
)
from projects.payments import services as payment_services
from projects.progress import services as progress_services

DATA = demo_data("inclusion")
# Demo accounts allowed to see payment amounts: the facilitator records them and
# the commissioner reports on them.
AMOUNT_USERS = ("fran", "cam")


def _people(programme: Programme, project: Project) -> dict[str, Stakeholder]:
    for spec in DATA["new_people"]:
        if not programme.stakeholders.filter(display_name=spec["name"]).exists():
            project_services.stakeholder_create(
                programme=programme,
                data={"display_name": spec["name"], "role_category": spec["role"]},
                groups=[],
                project=project,
            )
    names = {spec["person"] for spec in DATA["needs"]}
    return {
        p.display_name: p
        for p in programme.stakeholders.filter(display_name__in=names).select_related(
            "communication_needs"
        )
    }


def _needs(people: dict[str, Stakeholder], fran) -> None:
    for spec in DATA["needs"]:
        person = people[spec["person"]]
        needs = needs_of(person)
        if needs is None:
            needs = needs_services.communication_needs_save(
                stakeholder=person,
                data={
                    "formats": spec.get("formats", []),
                    "language": spec.get("language", ""),
                    "contact_method": spec.get("contact_method", ""),
                    "meeting_access": spec.get("meeting_access", ""),
                    "supporter": spec.get("supporter", ""),
                },
                seen_version=0,
                user=fran,
            )
        ticked = set(needs.arrangements.values_list("need", flat=True))
        for need, note in spec["arranged"]:
            if need not in ticked:
                needs_services.need_arrange(
                    needs=needs, need=need, note=note, user=fran
                )


def _activity(project, spec, held_on, attendees, fran) -> Activity:
    activity = Activity.objects.filter(project=project, title=spec["title"]).first()
    if activity is None:
        activity = progress_services.activity_create(
            project=project,
            data={
                "held_on": held_on,
                "kind": ActivityKind.WORKSHOP,
                "title": spec["title"],
                "purpose": spec.get("purpose", ""),
                "outputs": spec.get("outputs", ""),
                "stage": project.current_stage or DiamondStage.DISCOVER,
            },
            attendees=attendees,
            recorded_by=fran,
        )
    return activity


def _payments(project, fran) -> None:
    spec = DATA["paid_workshop"]
    today = timezone.localdate()
    held_on = today - dt.timedelta(days=spec["days_ago"])
    names = [row["person"] for row in spec["payments"]]
    people = {
        p.display_name: p
        for p in project.programme.stakeholders.filter(display_name__in=names)
    }
    workshop = _activity(project, spec, held_on, list(people.values()), fran)
    paid = set(
        InvolvementPayment.objects.filter(activity=workshop).values_list(
            "stakeholder__display_name", flat=True
        )
    )
    for row in spec["payments"]:
        if row["person"] in paid:
            continue
        payment = payment_services.payment_record(
            project=project,
            data={
                "activity": workshop,
                "stakeholder": people[row["person"]],
                "kind": row["kind"],
                "fee": Decimal(row["fee"]),
                "travel": Decimal(row["travel"]),
                "expenses": Decimal(row["expenses"]),
                "status": row["status"],
                "offered_on": held_on - dt.timedelta(days=14),
                "claimed_on": held_on if row["status"] != "offered" else None,
                "paid_on": held_on + dt.timedelta(days=9)
                if row["status"] == "paid"
                else None,
                "reference": row.get("reference", ""),
                "note": row.get("note", ""),
            },
            user=fran,
        )
        if payment.approved_at is not None:
            # Approved a few days after the workshop, as it would have been (the
            # service stamps the moment it is recorded).
            approved_at = timezone.make_aware(
                dt.datetime.combine(held_on + dt.timedelta(days=4), dt.time(11))
            )
            InvolvementPayment.objects.filter(pk=payment.pk).update(
                approved_at=approved_at
            )


def _review_session(project, people, fran) -> None:
    spec = DATA["review_session"]
    held_on = timezone.localdate() + dt.timedelta(days=spec["days_ahead"])
    _activity(project, spec, held_on, [people[name] for name in spec["people"]], fran)


def _welsh_link(programme, people) -> str | None:
    """A fresh personal scoring link for the Welsh speaker in the open round."""
    kez = people["Kez"]
    scoring_round = ScoringRound.objects.filter(
        project__programme=programme,
        project__slug=DATA["welsh_round_project"],
        status=RoundStatus.OPEN,
    ).first()
    if scoring_round is None:
        return None
    invitation = scoring_round.invitations.filter(
        stakeholder=kez, revoked_at__isnull=True
    ).first()
    if invitation is None:
        [(invitation, token)] = matrix_services.invitations_create(
            scoring_round=scoring_round, stakeholders=[kez], days=28
        )
    else:
        token = matrix_services.invitation_renew(invitation=invitation, days=28)
    base = os.environ.get("COPRODUCE_DEMO_BASE_URL") or (
        f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    )
    return f"{kez.display_name} (Welsh): {base}{reverse('evaluation:score_start', args=[token])}"


@transaction.atomic
def _load() -> str | None:
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return None
    User = get_user_model()
    fran = User.objects.filter(username="fran").first()
    amounts = Permission.objects.get(codename="view_payment_amounts")
    for user in User.objects.filter(username__in=AMOUNT_USERS):
        user.user_permissions.add(amounts)
    project = Project.objects.get(programme=programme, slug=DATA["project"])
    people = _people(programme, project)
    _needs(people, fran)
    _payments(project, fran)
    _review_session(project, people, fran)
    return _welsh_link(programme, people)


def demo_load() -> str | None:
    """Load the demo's needs and payments; print the Welsh speaker's link."""
    link = _load()
    if link:
        print("Communication needs: a Welsh speaker's personal scoring link")
        print(f"  {link}")
    return link
