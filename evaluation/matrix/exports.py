"""The CSV of one scoring round's results: one row per dimension and group."""

from coproduce import disclosure
from coproduce.exports import csv_writer
from evaluation.matrix import selectors

CSV_COLUMNS = [
    "project",
    "round",
    "date",
    "stage",
    "framework",
    "framework_version",
    "dimension",
    "target_level",
    "group",
    "answers",
    "median",
    "lowest",
    "highest",
    "spread",
    "distance_to_target",
    "perception_gap",
    "note",
]


def _csv_value(value):
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else value


def round_csv_filename(scoring_round) -> str:
    return f"{scoring_round.project.slug}-round-{scoring_round.number}.csv"


def _result_groups(result, results):
    """(label, figures, distance, gap, note) for everyone, each side and each group
    shown under the disclosure rule."""
    combined = results.grouping.combined_note
    return [
        ("Everyone", result.overall, result.distance, result.gap, ""),
        (selectors.SIDE_LABELS["professionals"], result.professionals, None, None, ""),
        (selectors.SIDE_LABELS["lived_experience"], result.lived, None, None, ""),
    ] + [
        (
            label,
            result.by_group.get(key),
            None,
            None,
            combined if key == disclosure.COMBINED else "",
        )
        for key, label, _ in results.groups
    ]


def round_csv_rows(scoring_round, results):
    """The rows after the header; a figure too small to show keeps only its label.
    Groups are those of the disclosure rule (small ones combined or left out)."""
    head = [
        scoring_round.project.title,
        scoring_round.number,
        scoring_round.held_on.isoformat(),
        scoring_round.get_stage_display(),
        scoring_round.version.framework.name,
        scoring_round.version.number,
    ]
    for result in results.dimensions:
        for label, figures, dist, gap, note in _result_groups(result, results):
            if figures is None:
                continue
            shown = figures.shown
            yield head + [
                result.dimension.name,
                result.target_number,
                label,
                figures.n if shown else "",
                _csv_value(figures.median) if shown else "",
                _csv_value(figures.low) if shown else "",
                _csv_value(figures.high) if shown else "",
                _csv_value(figures.spread) if shown else "",
                _csv_value(dist),
                _csv_value(gap),
                " ".join(filter(None, [note, "" if shown else "too few to show"])),
            ]


def round_csv_write(out, scoring_round) -> None:
    """Write the round's results as CSV to ``out`` (a file or an HttpResponse)."""
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        round_csv_rows(scoring_round, selectors.round_results(scoring_round))
    )
