import datetime as dt
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.evidence import selectors, services
from evaluation.models import EvaluationStageKind, Invitation, ThemeReview
from tests.evaluation.evidence.factories import (
    InvitationFactory,
    StageFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(programme, stakeholder):
    stage = StageFactory(programme=programme, name="Member checking")
    trust = ThemeFactory(
        programme=programme, name="Trust", description="People <b>trusted</b>"
    )
    power = ThemeFactory(programme=programme, name="Power")
    stage.themes.set([trust, power])
    invitation = services.invitation_create(stage=stage, stakeholder=stakeholder)
    token = services.invitation_link_issue(invitation=invitation)
    return {
        "stage": stage,
        "invitation": invitation,
        "token": token,
        "trust": trust,
        "power": power,
    }


def test_only_a_hash_of_the_link_is_stored(review):
    invitation = Invitation.objects.get(pk=review["invitation"].pk)
    assert review["token"] not in invitation.token_hash
    assert invitation.token_hash == hashlib.sha256(review["token"].encode()).hexdigest()
    assert len(review["token"]) >= 40


def test_respondent_without_account_reviews_the_draft_themes(client, review):
    url = reverse("evaluation:member_review", args=[review["token"]])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "People &lt;b&gt;trusted&lt;/b&gt;" in body
    response = client.post(
        url,
        {
            f"theme-{review['trust'].pk}-verdict": "agree",
            f"theme-{review['trust'].pk}-comment": "Yes, that was us.",
            f"theme-{review['power'].pk}-verdict": "disagree",
            "general_comment": "Thanks",
        },
    )
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    invitation = Invitation.objects.get(pk=review["invitation"].pk)
    assert invitation.took_part and invitation.responded_at
    verdicts = dict(ThemeReview.objects.values_list("theme__name", "verdict"))
    assert verdicts == {"Trust": "agree", "Power": "disagree"}


def test_answers_can_be_changed_while_the_link_works(client, review):
    url = reverse("evaluation:member_review", args=[review["token"]])
    key = f"theme-{review['trust'].pk}-verdict"
    client.post(url, {key: "agree"})
    client.post(url, {key: "unsure"})
    assert ThemeReview.objects.get().verdict == "unsure"


def test_expired_revoked_and_tampered_links_show_a_friendly_page(client, review):
    url = reverse("evaluation:member_review", args=[review["token"]])
    token = review["token"]
    other_last = "B" if token.endswith("A") else "A"
    tampered = client.get(
        reverse("evaluation:member_review", args=[token[:-1] + other_last])
    )
    assert tampered.status_code == 404
    assert "This link does not work" in tampered.content.decode()
    Invitation.objects.filter(pk=review["invitation"].pk).update(
        link_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    expired = client.post(url, {f"theme-{review['trust'].pk}-verdict": "agree"})
    assert expired.status_code == 410
    assert not ThemeReview.objects.exists()
    services.invitation_link_issue(
        invitation=Invitation.objects.get(pk=review["invitation"].pk)
    )
    assert client.get(url).status_code == 404  # the old link was replaced


def test_revoked_link_stops_working(client, review):
    services.invitation_revoke(invitation=review["invitation"])
    response = client.get(reverse("evaluation:member_review", args=[review["token"]]))
    assert response.status_code == 410
    assert "switched off" in response.content.decode()


def test_link_expires_with_the_stage(programme):
    stage = StageFactory(
        programme=programme, ends_on=timezone.localdate() + dt.timedelta(days=2)
    )
    invitation = InvitationFactory(stage=stage)
    services.invitation_link_issue(invitation=invitation)
    assert invitation.link_expires_at < timezone.now() + dt.timedelta(days=3)


def test_links_are_only_for_member_checking(programme):
    stage = StageFactory(programme=programme, kind=EvaluationStageKind.INTERVIEWS)
    with pytest.raises(ValidationError):
        services.invitation_link_issue(invitation=InvitationFactory(stage=stage))


def test_response_rates_per_role(programme):
    stage = StageFactory(programme=programme, kind=EvaluationStageKind.INTERVIEWS)
    for role, invited, took_part in [("commissioner", 6, 4), ("clinician", 8, 5)]:
        for i in range(invited):
            InvitationFactory(stage=stage, role_category=role, took_part=i < took_part)
    rows = selectors.response_rates([stage])[stage.pk]
    assert [(r.role, r.invited, r.took_part) for r in rows] == [
        ("commissioner", 6, 4),
        ("clinician", 8, 5),
    ]
    assert rows[0].rate == pytest.approx(4 / 6)
    total = selectors.stage_totals(rows)
    assert (total.invited, total.took_part) == (14, 9)


def test_evaluator_makes_a_link_and_sees_it_once(client, evaluator, review):
    client.force_login(evaluator)
    url = reverse(
        "evaluation:invitation_link",
        args=[review["stage"].programme.slug, review["invitation"].pk],
    )
    body = client.post(url).content.decode()
    assert "/review/" in body
    detail = client.get(
        reverse(
            "evaluation:evaluation_stage_detail",
            args=[review["stage"].programme.slug, review["stage"].pk],
        )
    ).content.decode()
    assert "/review/" not in detail


def test_evaluators_see_replies_on_the_stage_page(client, evaluator, review):
    client.post(
        reverse("evaluation:member_review", args=[review["token"]]),
        {
            f"theme-{review['trust'].pk}-verdict": "disagree",
            f"theme-{review['trust'].pk}-comment": "Not on our project",
        },
    )
    client.force_login(evaluator)
    body = client.get(
        reverse(
            "evaluation:evaluation_stage_detail",
            args=[review["stage"].programme.slug, review["stage"].pk],
        )
    ).content.decode()
    assert "Not on our project" in body
    assert "I disagree" in body


def test_unnamed_invitations_are_counted_by_role(client, evaluator, programme):
    stage = StageFactory(programme=programme, kind=EvaluationStageKind.WORKSHOPS)
    client.force_login(evaluator)
    response = client.post(
        reverse("evaluation:invitation_create", args=[programme.slug, stage.pk]),
        {"role_category": "artist", "number": 3, "took_part": "on"},
    )
    assert response.status_code == 302
    assert stage.invitations.filter(role_category="artist", took_part=True).count() == 3


def test_problems_are_summarised_with_links_to_each_box(client, review):
    url = reverse("evaluation:member_review", args=[review["token"]])
    clean = client.get(url).content.decode()
    assert 'class="error-summary"' not in clean and "<title>Check our" in clean
    power = review["power"].pk
    page = client.post(
        url,
        {
            f"theme-{power}-verdict": "maybe-later",
            f"theme-{power}-comment": "x" * 2001,
            "general_comment": "y" * 4001,
        },
    )
    body = page.content.decode()
    assert "<title>Error: Check our draft themes" in body
    summary = re.search(r'<div class="error-summary".*?</div>', body, re.S).group(0)
    assert 'role="alert" tabindex="-1" id="error-summary"' in summary
    assert "Please fix 3 problems below" in summary
    assert f'<a href="#id_theme-{power}-verdict_0">Theme 1, Power, what do' in summary
    assert (
        f'<a href="#id_theme-{power}-comment">Theme 1, Power, your comment' in summary
    )
    assert '<a href="#id_general_comment">Anything else' in summary
    # Each box names its own error, and the targets of the links exist.
    assert f'aria-describedby="id_theme-{power}-comment-error"' in body
    assert 'aria-describedby="id_general_comment-error"' in body
    for target in re.findall(r'<a href="#([^"]+)"', summary):
        assert f'id="{target}"' in body
    assert "js/error-summary.js" in body
    assert not ThemeReview.objects.exists()
