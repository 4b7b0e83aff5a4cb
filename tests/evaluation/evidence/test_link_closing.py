"""Review links never outlive their stage's closing day."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.evidence import services
from tests.evaluation.evidence.factories import InvitationFactory, StageFactory

pytestmark = pytest.mark.django_db


def _stage(programme, days):
    return StageFactory(
        programme=programme, ends_on=timezone.localdate() + dt.timedelta(days=days)
    )


def test_no_link_is_issued_after_the_stage_has_closed(programme):
    stage = _stage(programme, -1)
    invitation = InvitationFactory(stage=stage)
    with pytest.raises(ValidationError, match="Move its closing date"):
        services.invitation_link_issue(invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.token_hash == ""


def test_a_link_issued_today_for_a_stage_closing_today_ends_tonight(programme):
    stage = _stage(programme, 0)
    invitation = InvitationFactory(stage=stage)
    services.invitation_link_issue(invitation=invitation)
    local = timezone.localtime(invitation.link_expires_at)
    assert local.date() == timezone.localdate()


def test_moving_the_closing_day_earlier_cuts_links_already_sent(
    client, programme, stakeholder
):
    stage = _stage(programme, 10)
    invitation = services.invitation_create(stage=stage, stakeholder=stakeholder)
    token = services.invitation_link_issue(invitation=invitation)
    url = reverse("evaluation:member_review", args=[token])
    assert client.get(url).status_code == 200

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.stage_save(programme=programme, stage=stage, data={"ends_on": yesterday})
    invitation.refresh_from_db()
    assert timezone.localtime(invitation.link_expires_at).date() == yesterday
    assert client.get(url).status_code == 410


def test_moving_the_closing_day_later_does_not_lengthen_links(programme, stakeholder):
    stage = _stage(programme, 3)
    invitation = services.invitation_create(stage=stage, stakeholder=stakeholder)
    services.invitation_link_issue(invitation=invitation)
    before = _expiry(invitation)
    services.stage_save(
        programme=programme,
        stage=stage,
        data={"ends_on": timezone.localdate() + dt.timedelta(days=60)},
    )
    assert _expiry(invitation) == before


def _expiry(invitation):
    invitation.refresh_from_db()
    return invitation.link_expires_at
