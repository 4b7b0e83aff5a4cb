"""Results on hand-computed inputs: median, spread, distance, gap, suppression."""

import datetime as dt

import pytest

from evaluation.matrix.selectors import (
    dimension_result,
    gap,
    latest_rounds_overview,
    programme_latest_rounds,
    project_trend,
    round_results,
    stat,
)
from evaluation.models import MatrixDimension, MatrixLevel
from projects.models import Project
from tests.evaluation.matrix.factories import (
    PRINCIPLES,
    add_response,
    make_link,
    open_round,
)


def test_median_and_spread_of_an_even_count():
    figures = stat([1, 2, 3, 4])
    assert (figures.median, figures.spread, figures.low, figures.high) == (2.5, 3, 1, 4)


def test_median_of_an_odd_count_is_the_middle_answer():
    figures = stat([5, 2, 2])
    assert (figures.median, figures.spread) == (2, 3)


def test_fewer_than_three_answers_are_too_few_to_show():
    assert stat([4, 5], min_n=3).hidden
    assert stat([4, 5], min_n=3).median is None
    assert stat([], min_n=3).shown is False


def test_gap_needs_both_sides_shown():
    assert gap(stat([5, 5, 6], min_n=3), stat([2, 3, 3], min_n=3)) == 2
    assert gap(stat([5, 5, 6], min_n=3), stat([2, 3], min_n=3)) is None


def test_dimension_result_hand_computed():
    target = MatrixLevel(position=5, label="Co-production")
    dimension = MatrixDimension(name="Protected time", target=target)
    answers = [
        ("commissioner", 4),
        ("commissioner", 5),
        ("facilitator", 6),
        ("clinician", 6),
        ("patient_rep", 2),
        ("service_user", 2),
        ("young_person", 3),
        ("patient_rep", None),
        ("artist", 1),
    ]
    result = dimension_result(dimension, answers)
    # Everyone: 1 2 2 3 4 5 6 6 -> median 3.5, spread 5, target 6 -> 2.5 to go.
    assert result.overall.median == 3.5
    assert result.overall.spread == 5
    assert result.distance == 2.5
    assert result.dont_know == 1
    # Professionals 4 5 6 6 -> 5.5; lived experience 2 2 3 -> 2; gap 3.5.
    assert result.professionals.median == 5.5
    assert result.lived.median == 2
    assert result.gap == 3.5
    # Single-role groups are too small to show on their own.
    assert result.by_group["commissioner"].hidden
    assert result.by_group["artist"].hidden


def test_health_providers_count_as_professionals():
    target = MatrixLevel(position=2, label="Transformative")
    dimension = MatrixDimension(name="Assets", target=target)
    answers = [("health_provider", 3)] * 3 + [("young_person", 1)] * 3
    result = dimension_result(dimension, answers)
    assert result.gap == 2
    assert result.distance == 1  # median of 3 3 3 1 1 1 is 2; target 3


@pytest.fixture
def scored_round(project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    for numbers in ([3], [3], [2]):
        add_response(scoring_round, "commissioner", numbers, comment="Board agreed.")
    for numbers in ([1], [2], [1]):
        add_response(scoring_round, "young_person", numbers)
    add_response(scoring_round, "clinician", [None])
    add_response(scoring_round, "young_person", [3], submitted=False)
    return scoring_round


def test_round_results_per_dimension_and_group(scored_round):
    results = round_results(scored_round)
    first = results.dimensions[0]
    # 3 3 2 1 2 1 -> median 2; clinician said don't know; the unsent one is ignored.
    assert first.overall.n == 6
    assert first.overall.median == 2
    assert first.dont_know == 1
    assert first.distance == 1
    assert first.professionals.median == 3
    assert first.lived.median == 1
    assert first.gap == 2
    assert first.by_group["commissioner"].median == 3
    assert sorted(level for _, level, _ in first.comments) == [
        "Intermediate",
        "Transformative",
        "Transformative",
    ]
    assert {(role, text) for role, _, text in first.comments} == {
        ("Commissioner", "Board agreed.")
    }
    assert results.response_count == 7
    # The lone clinician cannot be left out alone (a total would give them away),
    # so the smallest shown group joins them in one combined group.
    assert results.groups == [
        ("commissioner", "Commissioner", 3),
        ("combined", "Other groups combined", 4),
    ]
    assert results.grouping.combined_from == ["Clinician", "Young person"]
    assert first.by_group["combined"].median == 1


def test_response_rates_count_links_and_members(scored_round):
    invitation, _ = make_link(scored_round, role="young_person")
    make_link(scored_round, role="young_person")
    response = add_response(scored_round, "young_person", [2])
    response.invitation = invitation
    response.save(update_fields=["invitation"])
    rates = {rate.role: rate for rate in round_results(scored_round).rates}
    assert rates["young_person"].invited == 2
    assert rates["young_person"].responded_by_link == 1
    assert rates["young_person"].rate == 0.5
    assert rates["young_person"].members == 3
    # Three commissioners and one clinician, both members: one combined row.
    assert set(rates) == {"young_person", "combined"}
    assert rates["combined"].invited == 0
    assert rates["combined"].members == 4


def test_project_trend_follows_rounds_in_date_order(project):
    early, _ = open_round(project, key=PRINCIPLES, held_on=dt.date(2026, 1, 1))
    late, _ = open_round(project, key=PRINCIPLES, held_on=dt.date(2026, 6, 1))
    for role in ("commissioner",) * 3:
        add_response(early, role, [2])
        add_response(late, role, [3])
    for role in ("patient_rep",) * 3:
        add_response(early, role, [1])
        add_response(late, role, [3])
    [trend] = project_trend(project)
    assert [p.round.number for p in trend.points] == [1, 2]
    assert [p.professionals for p in trend.points] == [2, 3]
    assert [p.lived for p in trend.points] == [1, 3]
    assert trend.points[1].distance == 0


def test_programme_view_sorts_by_distance(programme, project):
    other = Project.objects.create(
        programme=programme, title="Other", slug="other", brief="x"
    )
    near, _ = open_round(project, key=PRINCIPLES)
    far, _ = open_round(other, key=PRINCIPLES)
    add_response(near, "commissioner", [3])
    add_response(far, "commissioner", [1])
    rows = programme_latest_rounds(Project.objects.all(), sort="distance")
    # Furthest from the target first.
    assert [row.project.slug for row in rows] == ["other", "the-project"]


def test_programme_figures_follow_new_answers_although_they_are_cached(project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    add_response(scoring_round, "commissioner", [1])
    [before] = programme_latest_rounds(Project.objects.all())
    add_response(scoring_round, "commissioner", [3])
    add_response(scoring_round, "commissioner", [3])
    [after] = programme_latest_rounds(Project.objects.all())
    assert (before.response_count, after.response_count) == (1, 3)
    assert before.point.everyone == 1 and after.point.everyone == 3


def test_dashboard_overview_loads_only_the_rounds_it_shows(
    programme, project, django_assert_num_queries
):
    """The overview counts every project's latest round but returns the furthest
    from target only; its query count does not depend on how many it counts."""
    for i, level in enumerate([1, 3, 2, 1, 3]):
        other = Project.objects.create(
            programme=programme, title=f"P{i}", slug=f"p{i}", brief="x"
        )
        scoring_round, _ = open_round(other, key=PRINCIPLES)
        for _ in range(3):
            add_response(scoring_round, "commissioner", [level])
    everything = programme_latest_rounds(Project.objects.all())
    # latest rounds; figures from the cache; the two rounds shown.
    with django_assert_num_queries(2):
        overview = latest_rounds_overview(Project.objects.all(), limit=2)
    assert overview["count"] == len(everything) == 5
    assert [row.project.slug for row in overview["rows"]] == ["p0", "p3"]
    assert [row.project.slug for row in everything][:2] == ["p0", "p3"]
    assert overview["all_met"] == sum(
        1 for row in everything if row.at_target == row.dimension_count
    )
    assert overview["all_met"] == 2
    assert overview["rows"][0].round.version.framework.name
