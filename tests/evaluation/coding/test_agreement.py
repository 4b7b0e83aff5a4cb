"""The agreement formulas against published worked examples."""

import pytest

from evaluation.coding import agreement as ag

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, nominal values, with missing values (None).
KRIPPENDORFF_EXAMPLE = [
    # A     B     C     D
    (1, 1, None, 1),
    (2, 2, 3, 2),
    (3, 3, 3, 3),
    (3, 3, 3, 3),
    (2, 2, 2, 2),
    (1, 2, 3, 4),
    (4, 4, 4, 4),
    (1, 1, 2, 1),
    (2, 2, 2, 2),
    (None, 5, 5, 5),
    (None, None, 1, 1),
    (None, 3, None, None),
]


def _pairs(counts):
    """Two coders' yes/no answers from a 2 x 2 table of counts."""
    pairs = []
    for (first, second), n in counts.items():
        pairs += [(first, second)] * n
    return pairs


# The worked example of Cohen's kappa on Wikipedia ("Cohen's kappa", example 1):
# 50 proposals, both yes 20, A yes B no 5, A no B yes 10, both no 15: kappa = 0.4.
KAPPA_EXAMPLE = _pairs(
    {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}
)


def test_krippendorffs_own_example_gives_nominal_alpha_0_743():
    assert ag.krippendorff_alpha(KRIPPENDORFF_EXAMPLE) == pytest.approx(0.743, abs=5e-4)


def test_krippendorffs_example_leaves_out_the_unit_only_one_observer_coded():
    figure = ag.agreement(KRIPPENDORFF_EXAMPLE, coders=4)
    assert figure.method == ag.ALPHA
    assert figure.compared == 11
    # Units 1, 3, 4, 5, 7, 9, 10 and 11 have every value the same.
    assert figure.agreed == 8
    assert figure.percent == pytest.approx(8 / 11)
    assert figure.reading == "Enough for tentative conclusions only"


def test_two_coder_kappa_matches_the_worked_example():
    assert ag.cohen_kappa(KAPPA_EXAMPLE) == pytest.approx(0.4)
    figure = ag.agreement(KAPPA_EXAMPLE, coders=2)
    assert figure.method == ag.KAPPA
    assert figure.percent == pytest.approx(0.7)
    assert (figure.compared, figure.agreed) == (50, 35)
    assert figure.reading == "Fair agreement"


def test_kappa_leaves_out_units_with_a_missing_code():
    with_missing = [*KAPPA_EXAMPLE, ("yes", None), (None, "no"), (None, None)]
    assert ag.cohen_kappa(with_missing) == pytest.approx(0.4)
    figure = ag.agreement(with_missing, coders=2)
    assert figure.compared == 50


def test_alpha_for_two_coders_without_missing_values_matches_the_hand_sum():
    # Pooled values: 55 yes, 45 no (n = 100); 30 off-diagonal coincidences.
    # alpha = 1 - (n - 1) * 30 / (2 * 55 * 45) = 1 - 99 * 30 / 4950 = 0.4.
    assert ag.krippendorff_alpha(KAPPA_EXAMPLE) == pytest.approx(0.4)


def test_perfect_agreement_is_one_and_reads_almost_perfect():
    units = [("yes", "yes"), ("no", "no"), ("yes", "yes")]
    assert ag.cohen_kappa(units) == pytest.approx(1)
    assert ag.krippendorff_alpha(units) == pytest.approx(1)
    assert ag.agreement(units, coders=2).reading == "Almost perfect agreement"


def test_systematic_disagreement_reads_worse_than_chance():
    units = [("yes", "no"), ("no", "yes")] * 3
    assert ag.cohen_kappa(units) == pytest.approx(-1)
    assert ag.agreement(units, coders=2).reading.startswith("Poor agreement")


def test_a_theme_nobody_used_has_no_figure_and_says_not_enough_data():
    units = [(False, False, False)] * 6
    figure = ag.agreement(units, coders=3)
    assert figure.value is None
    assert figure.percent == 1
    assert figure.reading == "Not enough data"
    assert "nobody used it" in figure.note
    assert ag.cohen_kappa([(False, False)] * 6) is None


def test_no_quote_coded_by_two_coders_has_no_figure():
    units = [(True, None), (None, False), (None, None)]
    figure = ag.agreement(units, coders=2)
    assert (figure.value, figure.percent, figure.compared) == (None, None, 0)
    assert figure.note == "No quote was coded by two or more coders."
    assert ag.krippendorff_alpha([]) is None
    assert ag.percent_agreement([]) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.81, "Almost perfect agreement"),
        (0.8, "Substantial agreement"),
        (0.41, "Moderate agreement"),
        (0.2, "Slight agreement"),
        (0.0, "Slight agreement"),
        (-0.1, "Poor agreement (worse than chance)"),
    ],
)
def test_kappa_readings_follow_the_landis_and_koch_bands(value, words):
    assert ag.reading(ag.KAPPA, value) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.8, "Good enough to rely on"),
        (0.7, "Enough for tentative conclusions only"),
        (0.6669, "Enough for tentative conclusions only"),
        (0.66, "Too low to rely on"),
    ],
)
def test_alpha_readings_follow_krippendorffs_advice(value, words):
    assert ag.reading(ag.ALPHA, value) == words
