"""Evaluation invitations entered as published counts per group, alongside people
invited one by one: figures as the source gives them, and plain words when the
source's total disagrees with its groups."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.numbers import percent
from evaluation.evidence import selectors, services
from evaluation.models import EvaluationStageKind, InvitationCount
from evaluation.reports.context import programme_context
from tests.evaluation.evidence.factories import InvitationFactory, StageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(programme):
    return StageFactory(
        programme=programme,
        kind=EvaluationStageKind.INTERVIEWS,
        stated_invited=40,
        stated_took_part=20,
    )


def _count(stage, roles, invited, took_part, **extra):
    return services.invitation_count_create(
        stage=stage,
        data={"roles": roles, "invited": invited, "took_part": took_part, **extra},
    )


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(5, 8, 63), (1, 8, 13), (3, 8, 38), (1, 200, 1), (2, 3, 67), (0, 4, 0)],
)
def test_percentages_round_halves_up(part, whole, shown):
    assert percent(part, whole) == shown


def test_percentage_of_nobody_is_none():
    assert percent(0, 0) is None


def test_role_not_recorded_is_its_own_group_and_leaves_named_roles_alone(stage):
    _count(stage, ["commissioner"], 8, 5)
    _count(stage, [], 20, 9)
    rows = selectors.response_rates([stage])[stage.pk]
    by_label = {r.label: (r.invited, r.took_part, r.percent) for r in rows}
    assert by_label == {
        "Commissioner": (8, 5, 63),
        "Role not recorded": (20, 9, 45),
    }


def test_a_combined_group_keeps_its_own_label(stage):
    _count(stage, ["artist", "arts_manager"], 9, 4, label="Arts managers / artists")
    count = InvitationCount.objects.get()
    assert count.roles == ["arts_manager", "artist"]
    assert count.group_key == "artist+arts_manager"
    (row,) = selectors.response_rates([stage])[stage.pk]
    assert (row.label, row.invited, row.took_part) == ("Arts managers / artists", 9, 4)


def test_the_same_group_cannot_be_entered_twice(stage):
    _count(stage, ["artist", "arts_manager"], 9, 4)
    with pytest.raises(ValidationError) as caught:
        _count(stage, ["arts_manager", "artist"], 3, 1)
    assert "already has figures" in str(caught.value)


def test_more_taking_part_than_invited_is_refused(stage):
    with pytest.raises(ValidationError) as caught:
        _count(stage, ["clinician"], 3, 4)
    assert "More people took part than were invited" in str(caught.value)


def test_stated_total_that_disagrees_is_said_plainly(stage):
    _count(stage, ["commissioner"], 8, 5)
    _count(stage, ["clinician"], 9, 6)
    _count(stage, [], 20, 9)
    rows = selectors.response_rates([stage])[stage.pk]
    assert selectors.stated_total_notes(stage, rows) == [
        "The source states 40 invited; the groups add up to 37."
    ]
    total = selectors.stage_totals(rows)
    assert (total.invited, total.took_part) == (37, 20)


def test_individual_invitations_join_the_single_role_group_of_the_counts(stage):
    _count(stage, ["commissioner"], 8, 5)
    for i in range(4):
        InvitationFactory(stage=stage, role_category="commissioner", took_part=i < 1)
    for _ in range(3):
        InvitationFactory(stage=stage, role_category="clinician", took_part=True)
    rows = selectors.response_rates([stage])[stage.pk]
    assert [(r.label, r.invited, r.took_part) for r in rows] == [
        ("Commissioner", 12, 6),
        ("Clinician", 3, 3),
    ]
    # The stated total is compared with the published groups only.
    assert selectors.stated_total_notes(stage, rows)[0].endswith("add up to 8.")


def test_small_groups_of_individuals_are_still_combined_beside_the_counts(stage):
    _count(stage, ["artist"], 2, 1)  # published: shown as it is, however small
    InvitationFactory(stage=stage, role_category="artist", took_part=True)
    InvitationFactory(stage=stage, role_category="young_person")
    for _ in range(3):
        InvitationFactory(stage=stage, role_category="clinician")
    rows = selectors.response_rates([stage])[stage.pk]
    labels = [r.label for r in rows]
    # The lone individual artist and young person are pooled (with the smallest
    # shown group) by the disclosure rule; the published artist figures stay.
    assert "Artist" in labels
    assert "Other groups combined" in labels
    artist = next(r for r in rows if r.label == "Artist")
    assert (artist.invited, artist.took_part) == (2, 1)


def test_month_only_dates_are_kept_as_months(stage):
    _count(
        stage,
        ["clinician"],
        4,
        2,
        counted_on=dt.date(2017, 3, 14),
        counted_on_precision="month",
    )
    count = InvitationCount.objects.get()
    assert count.counted_on == dt.date(2017, 3, 1)
    assert count.shown_date == "March 2017"


def test_stage_page_shows_counts_rates_and_the_disagreement(client, evaluator, stage):
    _count(stage, ["commissioner"], 8, 5)
    _count(stage, [], 29, 15, note="Roles were not given for these people.")
    client.force_login(evaluator)
    url = reverse(
        "evaluation:evaluation_stage_detail", args=[stage.programme.slug, stage.pk]
    )
    body = client.get(url).content.decode()
    assert "63%" in body
    assert "Role not recorded" in body
    assert "The source states 40 invited; the groups add up to 37." in body
    assert "The source states 20 took part; the groups add up to 20." not in body
    assert "Roles were not given for these people." in body


def test_stage_list_keeps_its_queries_bounded(
    client, evaluator, programme, stage, django_assert_max_num_queries
):
    for n in range(8):
        other = StageFactory(programme=programme, name=f"Stage {n}")
        _count(other, ["clinician"], 5, 2)
        _count(other, [], 5, 2)
        InvitationFactory(stage=other, role_category="clinician")
    client.force_login(evaluator)
    url = reverse("evaluation:evaluation_stage_list", args=[programme.slug])
    # Session, user, programme and access (about 8), stages with their themes (2),
    # individual invitations by role (1), published counts (1).
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_evaluator_adds_figures_through_the_form(client, evaluator, stage):
    client.force_login(evaluator)
    url = reverse(
        "evaluation:invitation_count_create", args=[stage.programme.slug, stage.pk]
    )
    response = client.post(
        url,
        {
            "roles": ["arts_manager", "artist"],
            "label": "Arts managers / artists",
            "invited": "7",
            "took_part": "5",
            "counted_on": "March 2017",
            "note": "",
        },
    )
    assert response.status_code == 302
    count = InvitationCount.objects.get()
    assert (count.label, count.counted_on_precision) == (
        "Arts managers / artists",
        "month",
    )


def test_bad_figures_redisplay_the_form_with_what_was_typed(client, evaluator, stage):
    client.force_login(evaluator)
    url = reverse(
        "evaluation:invitation_count_create", args=[stage.programme.slug, stage.pk]
    )
    response = client.post(
        url,
        {
            "roles": ["not_recorded", "artist"],
            "label": "Typed label",
            "invited": "7",
            "took_part": "9",
            "counted_on": "Smarch 2017",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Typed label" in body
    assert "on its own" in body
    assert "is not a date we can read" in body
    assert not InvitationCount.objects.exists()


def test_a_stale_edit_is_refused_and_keeps_the_typed_figures(client, evaluator, stage):
    count = _count(stage, ["clinician"], 4, 2)
    services.invitation_count_update(
        count=count,
        data={"roles": ["clinician"], "invited": 5, "took_part": 2},
        seen_version=count.edit_version,
    )
    client.force_login(evaluator)
    url = reverse(
        "evaluation:invitation_count_edit", args=[stage.programme.slug, count.pk]
    )
    response = client.post(
        url,
        {"roles": ["clinician"], "invited": "6", "took_part": "3", "edit_version": "1"},
    )
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    assert InvitationCount.objects.get().invited == 5


def test_outsider_gets_404_on_the_figures(client, outsider, stage):
    count = _count(stage, ["clinician"], 4, 2)
    client.force_login(outsider)
    url = reverse(
        "evaluation:invitation_count_edit", args=[stage.programme.slug, count.pk]
    )
    assert client.get(url).status_code == 404


def test_programme_report_prints_the_disagreement_and_half_up_rates(stage):
    _count(stage, ["commissioner"], 8, 5)
    context = programme_context(stage.programme)
    (block,) = [b for b in context["stages"] if b["stage"] == stage]
    assert block["rows"][0].percent == 63
    assert block["stated_notes"] == [
        "The source states 40 invited; the groups add up to 8.",
        "The source states 20 took part; the groups add up to 5.",
    ]
