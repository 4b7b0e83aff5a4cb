"""Communication needs are flagged wherever the person is listed, invited or sent a
link, in words and an icon, and whoever sends a link is told what an email cannot
meet."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from evaluation.evidence import services as evidence_services
from evaluation.models import RoundInvitation, ScoringRound
from projects.models import (
    Activity,
    ActivityKind,
    Attendance,
    CommunicationNeeds,
    ProjectStakeholder,
)
from tests.evaluation.evidence.factories import StageFactory
from tests.evaluation.matrix.factories import PRINCIPLES, framework_for, latest
from tests.factories import StakeholderFactory

FLAG = "Communication needs: British Sign Language (BSL); contact: post"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def signer(project):
    person = StakeholderFactory(
        programme=project.programme, display_name="Sam Signer", email="sam@example.org"
    )
    ProjectStakeholder.objects.create(project=project, stakeholder=person)
    CommunicationNeeds.objects.create(
        stakeholder=person, formats=["bsl"], contact_method="post"
    )
    return person


@pytest.fixture
def plain(project):
    person = StakeholderFactory(programme=project.programme, display_name="Pat Plain")
    ProjectStakeholder.objects.create(project=project, stakeholder=person)
    return person


def test_project_people_list_flags_needs_with_an_icon_and_words(
    facilitator, project, signer, plain, django_assert_max_num_queries
):
    client = signed_in(facilitator)
    url = reverse("projects:project_stakeholders", args=[project.slug])
    client.get(url)
    for _ in range(10):
        extra = StakeholderFactory(programme=project.programme)
        ProjectStakeholder.objects.create(project=project, stakeholder=extra)
        CommunicationNeeds.objects.create(stakeholder=extra, formats=["audio"])
    with django_assert_max_num_queries(14):
        body = client.get(url).content.decode()
    assert body.count('class="needs-flag badge') == 11
    assert FLAG in body
    assert 'class="needs-flag-icon" aria-hidden="true"' in body


def test_activity_attendance_flags_needs(facilitator, project, signer, plain):
    activity = Activity.objects.create(
        project=project,
        held_on=dt.date(2026, 5, 1),
        kind=ActivityKind.WORKSHOP,
        title="Workshop",
    )
    for person in (signer, plain):
        Attendance.objects.create(
            activity=activity, stakeholder=person, role_category=person.role_category
        )
    body = (
        signed_in(facilitator)
        .get(reverse("projects:activity_detail", args=[project.slug, activity.pk]))
        .content.decode()
    )
    assert body.count('class="needs-flag badge') == 1 and FLAG in body
    form = signed_in(facilitator).get(
        reverse("projects:activity_edit", args=[project.slug, activity.pk])
    )
    assert "Sam Signer (Patient representative) · " + FLAG in form.content.decode()


def test_opening_a_round_flags_needs_and_tells_the_sender_what_email_cannot_meet(
    facilitator, project, signer, plain, django_capture_on_commit_callbacks
):
    client = signed_in(facilitator)
    url = reverse("evaluation:round_open", args=[project.slug])
    assert FLAG in client.get(url).content.decode()  # on the invitee choices
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "version": latest(framework_for(project.programme, PRINCIPLES)).pk,
                "held_on": "2026-03-01",
                "stage": "define",
                "invitees": [signer.pk, plain.pk],
                "link_days": 14,
                "send_email": "on",
            },
        )

    body = response.content.decode()
    assert "Communication needs to meet as well" in body
    assert "<strong>Sam Signer</strong> uses British Sign Language" in body
    assert "prefers post: send the link by post as well" in body
    assert "<strong>Pat Plain</strong>" not in body
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    scoring_round = ScoringRound.objects.get(project=project)
    links = signed_in(facilitator).get(
        reverse("evaluation:round_links", args=[project.slug, scoring_round.number])
    )
    assert links.content.decode().count('class="needs-flag badge') == 1
    assert RoundInvitation.objects.filter(round=scoring_round).count() == 2


def test_member_checking_invitations_flag_needs_and_the_new_link_has_notes(
    evaluator, programme, signer, plain
):
    stage = StageFactory(programme=programme, name="Member checking")
    invitation = evidence_services.invitation_create(stage=stage, stakeholder=signer)
    evidence_services.invitation_create(stage=stage, stakeholder=plain)
    client = signed_in(evaluator)
    page = client.get(
        reverse("evaluation:evaluation_stage_detail", args=[programme.slug, stage.pk])
    ).content.decode()
    assert page.count('class="needs-flag badge') == 1 and FLAG in page

    issued = client.post(
        reverse("evaluation:invitation_link", args=[programme.slug, invitation.pk])
    ).content.decode()
    assert "Communication needs to meet as well" in issued
    assert "send the link by post as well" in issued


@pytest.mark.django_db
def test_someone_without_needs_gets_no_flag_and_no_notes(plain):
    from projects.communication.selectors import person_label, sending_notes

    assert sending_notes([plain, None]) == []
    assert person_label(plain) == "Pat Plain (Patient representative)"
