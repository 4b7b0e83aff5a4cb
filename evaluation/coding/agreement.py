"""Inter-coder agreement, as plain functions of the coders' values (no database).

A *unit* is one thing that was coded (here: one quote, for one theme, the value being
whether the coder applied the theme). Each unit is a list with one value per coder,
``None`` where that coder gave no value (a missing code).

- ``percent_agreement``: the share of units, among those with two or more values,
  on which every value is the same.
- ``cohen_kappa``: two coders; agreement corrected for the agreement their own
  rates of use would give by chance (Cohen 1960), over units both coded.
- ``krippendorff_alpha``: any number of coders, missing values allowed, nominal
  values (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"), from
  the coincidence matrix: alpha = 1 - (n - 1) * D / E, where D sums the off-diagonal
  coincidences and E the off-diagonal products of the value totals.

Each returns ``None`` when there is not enough data to say anything (no units that
two coders coded, or every value the same so chance agreement is already total);
they never divide by zero. ``agreement`` gathers one figure with its counts and a
plain-words reading.
"""

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

Unit = Sequence[Hashable | None]

KAPPA = "kappa"
ALPHA = "alpha"
METHOD_LABELS = {KAPPA: "Cohen's kappa", ALPHA: "Krippendorff's alpha"}


def _values(unit: Unit) -> list:
    return [value for value in unit if value is not None]


def pairable(units: Sequence[Unit]) -> list[list]:
    """The units with at least two values, missing values left out."""
    return [values for unit in units if len(values := _values(unit)) >= 2]


def percent_agreement(units: Sequence[Unit]) -> float | None:
    """Share (0 to 1) of comparable units on which every coder gave the same value."""
    comparable = pairable(units)
    if not comparable:
        return None
    agreed = sum(1 for values in comparable if len(set(values)) == 1)
    return agreed / len(comparable)


def cohen_kappa(
    pairs: Sequence[tuple[Hashable | None, Hashable | None]],
) -> float | None:
    """Cohen's kappa for two coders over the units both of them coded."""
    both = [(a, b) for a, b in pairs if a is not None and b is not None]
    total = len(both)
    if total == 0:
        return None
    observed = sum(1 for a, b in both if a == b) / total
    first = Counter(a for a, _ in both)
    second = Counter(b for _, b in both)
    expected = sum(first[c] * second[c] for c in first) / (total * total)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Sequence[Unit]) -> float | None:
    """Krippendorff's alpha for nominal values, any number of coders, missing allowed."""
    coincidences: Counter = Counter()
    for values in pairable(units):
        weight = 1 / (len(values) - 1)
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    coincidences[first, second] += weight
    totals: Counter = Counter()
    for (first, _), weight in coincidences.items():
        totals[first] += weight
    n = sum(totals.values())
    if n <= 1:
        return None
    disagreement = sum(w for (c, k), w in coincidences.items() if c != k)
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if expected <= 0:
        return None
    return 1 - (n - 1) * disagreement / expected


# --- Readings ---------------------------------------------------------------------------

# Landis and Koch (1977) named bands of kappa; a convention, not a test.
KAPPA_BANDS = [
    (0.81, "almost perfect agreement"),
    (0.61, "substantial agreement"),
    (0.41, "moderate agreement"),
    (0.21, "fair agreement"),
    (0.0, "slight agreement"),
]
# Krippendorff's (2004) advice for alpha: rely on data at 0.800 or above, draw only
# tentative conclusions from 0.667 up to 0.800.
ALPHA_BANDS = [
    (0.8, "good enough to rely on"),
    (0.667, "enough for tentative conclusions only"),
]

CONVENTIONS = {
    KAPPA: "Kappa readings follow the bands of Landis and Koch (1977): below 0 poor, "
    "up to 0.20 slight, 0.21 to 0.40 fair, 0.41 to 0.60 moderate, 0.61 to 0.80 "
    "substantial, above 0.80 almost perfect. They are a convention, not a test.",
    ALPHA: "Alpha readings follow Krippendorff's advice: 0.800 or above can be "
    "relied on, 0.667 to 0.800 supports tentative conclusions only, lower is too "
    "low to rely on. It is a convention, not a test.",
}

NOT_ENOUGH = "Not enough data"


def reading(method: str, value: float | None) -> str:
    """The value in plain words, by the convention for its method."""
    if value is None:
        return NOT_ENOUGH
    # Compared as shown: kappa to two decimals, alpha to three.
    if method == KAPPA:
        shown = round(value, 2)
        for floor, words in KAPPA_BANDS:
            if shown >= floor:
                return words.capitalize()
        return "Poor agreement (worse than chance)"
    shown = round(value, 3)
    for floor, words in ALPHA_BANDS:
        if shown >= floor:
            return words.capitalize()
    return "Too low to rely on"


def why_not_enough(units: Sequence[Unit]) -> str:
    """Why a figure could not be worked out, in plain words."""
    comparable = pairable(units)
    if not comparable:
        return "No quote was coded by two or more coders."
    if len({value for values in comparable for value in values}) <= 1:
        return (
            "Every coder gave every quote the same answer (for a theme: nobody used "
            "it, or everybody used it everywhere), so agreement beyond chance "
            "cannot be measured."
        )
    return "Too few codes to compare."


@dataclass(frozen=True)
class Agreement:
    """One agreement figure with its counts and reading."""

    method: str
    value: float | None
    percent: float | None
    compared: int  # units with two or more values
    agreed: int  # of those, units where every value is the same
    reading: str
    note: str = ""  # why there is no value, when there is none

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    @property
    def percent_points(self) -> int | None:
        """Percentage agreement as a whole number from 0 to 100."""
        return None if self.percent is None else round(self.percent * 100)

    @property
    def enough(self) -> bool:
        return self.value is not None


def agreement(units: Sequence[Unit], *, coders: int) -> Agreement:
    """Kappa for two coders, alpha for more, with percentage agreement and counts.

    ``units`` holds one value per coder, in the same coder order in every unit.
    """
    method = KAPPA if coders == 2 else ALPHA
    if method == KAPPA:
        value = cohen_kappa([(unit[0], unit[1]) for unit in units])
    else:
        value = krippendorff_alpha(units)
    comparable = pairable(units)
    agreed = sum(1 for values in comparable if len(set(values)) == 1)
    return Agreement(
        method=method,
        value=value,
        percent=percent_agreement(units),
        compared=len(comparable),
        agreed=agreed,
        reading=reading(method, value),
        note="" if value is not None else why_not_enough(units),
    )
