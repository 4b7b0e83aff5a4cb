"""Small groups on a round's results: page, CSV, chart and the setting."""

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse

from evaluation.matrix import charts, services
from evaluation.matrix.selectors import round_results
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def lone_evaluator_round(project):
    """Four commissioners, three young people and one evaluator who commented."""
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    for _ in range(4):
        add_response(scoring_round, "commissioner", [3], comment="Budget was shared.")
    for _ in range(3):
        add_response(scoring_round, "young_person", [1])
    add_response(scoring_round, "evaluator", [2], comment="Hard to judge from outside.")
    return scoring_round


def _page(client, user, project):
    client.force_login(user)
    response = client.get(reverse("evaluation:round_detail", args=[project.slug, 1]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lone_evaluator_comment_carries_no_group(
    client, commissioner, project, lone_evaluator_round
):
    body = _page(client, commissioner, project)
    assert "“Hard to judge from outside.”" in body
    assert "(Answered Intermediate)" in body
    assert "Evaluator, answered" not in body
    assert "(Commissioner, answered Transformative)" in body


def test_the_lone_evaluator_is_combined_and_never_shown_alone(
    client, evaluator, project, lone_evaluator_round
):
    body = _page(client, evaluator, project)
    assert "Evaluator (1)" not in body
    # The young people (the smallest group shown) are combined with the evaluator.
    assert "Commissioner (4)" in body and "Other groups combined (4)" in body
    assert "Other groups combined: Young person, Evaluator." in body
    assert (
        "Groups with fewer than 3 people are combined or not shown, so nobody can "
        "be identified." in body
    )


def test_who_took_part_combines_small_groups_too(
    client, evaluator, project, lone_evaluator_round
):
    body = _page(client, evaluator, project)
    rates = body[
        body.index('id="rates-heading"') : body.index(
            "</table>", body.index('id="rates-heading"')
        )
    ]
    assert "Evaluator" not in rates
    assert "Other groups combined" in rates and "Commissioner" in rates


def test_the_csv_has_no_row_for_the_lone_evaluator(
    client, evaluator, project, lone_evaluator_round
):
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:round_export", args=[project.slug, 1]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    groups = {row["group"] for row in rows}
    assert "Evaluator" not in groups and "Young person" not in groups
    combined = [row for row in rows if row["group"] == "Other groups combined"]
    assert len(combined) == 6  # one per dimension
    assert combined[0]["answers"] == "4" and combined[0]["median"] == "1"
    assert combined[0]["note"] == "Other groups combined: Young person, Evaluator."


def test_the_heatmap_text_names_only_groups_that_may_be_shown(lone_evaluator_round):
    svg = charts.round_heatmap_svg(round_results(lone_evaluator_round))
    desc = svg[svg.index("<desc") : svg.index("</desc>")]
    assert "Evaluator" not in desc.replace("Young person, Evaluator", "")
    assert "Other groups combined 1" in desc  # the combined group's median
    assert "Other groups combined: Young person, Evaluator." in desc
    assert "Groups with fewer than 3 people are combined or not shown" in desc
    assert ">Evaluator<" not in svg


def test_when_everyone_together_is_too_few_no_group_is_shown(
    client, evaluator, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    add_response(scoring_round, "artist", [2], comment="Just me.")
    add_response(scoring_round, "clinician", [3])
    results = round_results(scoring_round)
    assert results.groups == [] and results.grouping.withheld == 2
    body = _page(client, evaluator, project)
    assert "Not shown by group" in body
    assert "“Just me.”" in body and "(Artist" not in body
    svg = charts.round_heatmap_svg(results)
    assert "Groups not shown" in svg and "Artist" not in svg


def test_changing_the_setting_changes_what_is_shown(
    client, commissioner, project, lone_evaluator_round
):
    with override_settings(DISCLOSURE_MIN_GROUP=1):
        results = round_results(lone_evaluator_round)
        assert [key for key, _, _ in results.groups] == [
            "commissioner",
            "young_person",
            "evaluator",
        ]
        body = _page(client, commissioner, project)
        assert "(Evaluator, answered Intermediate)" in body
        assert "Evaluator (1)" in body
    with override_settings(DISCLOSURE_MIN_GROUP=5):
        results = round_results(lone_evaluator_round)
        # 4 + 3 + 1: nobody's group reaches 5, together they make 8.
        assert [key for key, _, _ in results.groups] == ["combined"]
        assert not results.dimensions[0].professionals.shown  # four commissioners
        body = _page(client, commissioner, project)
        assert "Commissioner, answered" not in body
        assert "Groups with fewer than 5 people" in body


def test_whether_a_link_was_answered_is_shown_only_to_whoever_made_it(
    client, facilitator, evaluator, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    [(invitation, _)] = services.invitations_create(
        scoring_round=scoring_round,
        role_category="young_person",
        count=1,
        label="Kai",
        by=facilitator,
    )
    response = add_response(scoring_round, "young_person", [2])
    response.invitation = invitation
    response.save(update_fields=["invitation"])
    url = reverse("evaluation:round_links", args=[project.slug, 1])
    client.force_login(facilitator)
    mine = client.get(url).content.decode()
    assert "<td>Sent</td>" in mine and "1 of 1 link answered." in mine
    client.force_login(evaluator)
    theirs = client.get(url).content.decode()
    assert "Kai" in theirs  # still listed, so the link can be withdrawn or renewed
    assert "<td>Sent</td>" not in theirs and "Not shown" in theirs
    assert "1 of 1 link answered." in theirs
    assert "shown only to the person who made it" in theirs
