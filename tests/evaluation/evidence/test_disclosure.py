"""Small groups in member checking: who replied (names or counts, by viewer), reply
labels, response rates and the evaluator dashboard."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.evidence import selectors, services
from projects.models import AccessRole, ProgrammeMembership
from tests.evaluation.evidence.factories import StageFactory, ThemeFactory
from tests.factories import StakeholderFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_evaluator(programme):
    user = UserFactory(username="other-evaluator")
    ProgrammeMembership.objects.create(
        user=user, programme=programme, role=AccessRole.EVALUATOR
    )
    return user


def _invite(stage, role, name, *, by, verdict=None, comment=""):
    person = StakeholderFactory(
        programme=stage.programme, role_category=role, display_name=name
    )
    invitation = services.invitation_create(stage=stage, stakeholder=person)
    if by is not None:
        services.invitation_link_issue(invitation=invitation, by=by)
    if verdict:
        theme = stage.themes.get()
        services.review_submit(
            invitation=invitation, answers={theme.pk: (verdict, comment)}
        )
    return invitation


@pytest.fixture
def checking(programme, evaluator):
    """One artist and three patient representatives, links sent by ``evaluator``,
    and one carer whose invitation has no recorded sender."""
    stage = StageFactory(programme=programme, name="Checking the themes")
    stage.themes.set([ThemeFactory(programme=programme, name="Trust")])
    _invite(
        stage,
        "artist",
        "Ari Painter",
        by=evaluator,
        verdict="disagree",
        comment="The workshops felt rushed.",
    )
    for n in range(3):
        _invite(
            stage,
            "patient_rep",
            f"Pat Rep {n}",
            by=evaluator,
            verdict="agree",
            comment=f"That matches what I saw {n}.",
        )
    _invite(stage, "service_user", "Cara Noone", by=None)
    return stage


def _page(client, user, stage):
    """The stage page up to the invitation form (whose list of people to invite
    names everyone in the programme, replied or not)."""
    client.force_login(user)
    url = reverse(
        "evaluation:evaluation_stage_detail", args=[stage.programme.slug, stage.pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    return body.split('id="invite-heading"')[0]


def test_the_evaluator_who_sent_the_links_sees_who_replied_by_name(
    client, evaluator, checking
):
    body = _page(client, evaluator, checking)
    assert "Ari Painter" in body and "Pat Rep 0" in body
    assert "Cara Noone" in body  # no sender recorded: shown to evaluators


def test_another_evaluator_sees_counts_for_links_they_did_not_send(
    client, other_evaluator, checking
):
    body = _page(client, other_evaluator, checking)
    assert "Ari Painter" not in body and "Pat Rep" not in body
    assert "Cara Noone" in body
    assert "4 more invitations are counted in the response rates above" in body


def test_a_commissioner_sees_only_counts(client, commissioner, checking):
    body = _page(client, commissioner, checking)
    for name in ["Ari Painter", "Pat Rep 0", "Cara Noone"]:
        assert name not in body
    assert "5 invitations are counted in the response rates above" in body
    assert "shown by name only to the evaluator who sent each link" in body


def test_replies_carry_a_role_only_when_enough_people_in_it_replied(
    client, evaluator, checking
):
    body = _page(client, evaluator, checking)
    assert "<strong>I disagree</strong>: The workshops felt rushed." in body
    assert "(Artist)" not in body
    assert "<strong>I agree</strong> (Patient representative): That matches" in body


def test_response_rates_combine_the_lone_artist_and_the_lone_carer(checking):
    rows = selectors.response_rates([checking])[checking.pk]
    # Artist (1) and service user (1) together are too few, so the patient
    # representatives (the only group big enough) join them.
    assert [(r.role, r.invited, r.took_part) for r in rows] == [("combined", 5, 4)]
    assert rows[0].note == "Artist, Patient representative, Service user or carer"
    total = selectors.stage_totals(rows)
    assert (total.invited, total.took_part) == (5, 4)


def test_response_rates_are_withheld_when_fewer_than_three_were_invited(programme):
    stage = StageFactory(programme=programme)
    for role in ["artist", "clinician"]:
        services.invitation_create(
            stage=stage,
            stakeholder=StakeholderFactory(programme=programme),
            role_category=role,
        )
    rows = selectors.response_rates([stage])[stage.pk]
    assert [r.withheld for r in rows] == [True]
    assert selectors.stage_totals(rows) is None


def test_the_setting_decides_when_a_reply_keeps_its_role(client, evaluator, checking):
    with override_settings(DISCLOSURE_MIN_GROUP=1):
        body = _page(client, evaluator, checking)
        assert "<strong>I disagree</strong> (Artist): The workshops" in body
        rows = selectors.response_rates([checking])[checking.pk]
        assert [r.role for r in rows] == ["artist", "patient_rep", "service_user"]


def test_the_evaluator_dashboard_hides_the_lone_artist_role(
    client, evaluator, checking
):
    client.force_login(evaluator)
    body = client.get(reverse("evaluation:evaluator_home")).content.decode()
    assert "The workshops felt rushed." in body
    assert "Not shown (small group)" in body
    assert "<td>Artist</td>" not in body
    assert "<td>Patient representative</td>" in body


def test_the_stage_page_keeps_its_queries_whatever_the_replies(
    client, evaluator, checking, django_assert_max_num_queries
):
    client.force_login(evaluator)
    url = reverse(
        "evaluation:evaluation_stage_detail",
        args=[checking.programme.slug, checking.pk],
    )
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    small = len(ctx.captured_queries)
    for n in range(12):
        _invite(checking, "young_person", f"Young {n}", by=evaluator, verdict="unsure")
    # session, user, programme, access, stage, rates, invitations, reviews,
    # replied counts, themes.
    with django_assert_max_num_queries(small):
        client.get(url)
