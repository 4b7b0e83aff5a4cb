"""Server-side SVG charts for matrix results: plain functions returning markup.

No JavaScript, so the same markup works in pages and in WeasyPrint PDFs. The
document, palette and escaping come from ``coproduce.svg``: each chart has
role="img", a <title> and a <desc>; pages show a table next to it as the full text
alternative. Series differ by marker shape and line style, not only by colour.
"""

from coproduce import disclosure, svg
from coproduce.svg import (
    BACKGROUND,
    BLUE,
    GRID,
    ORANGE,
    RULE,
    TEXT,
    TEXT_MUTED,
    esc,
    hex_colour,
    text_colour_on,
)
from evaluation.matrix.selectors import (
    LIVED_EXPERIENCE,
    PROFESSIONALS,
    SIDE_LABELS,
    FrameworkTrend,
    RoundResults,
)

SERIES = {
    "everyone": {"label": "Everyone", "colour": TEXT, "dash": ""},
    PROFESSIONALS: {
        "label": SIDE_LABELS[PROFESSIONALS],
        "colour": BLUE,
        "dash": "6 4",
    },
    LIVED_EXPERIENCE: {
        "label": SIDE_LABELS[LIVED_EXPERIENCE],
        "colour": ORANGE,
        "dash": "2 3",
    },
}
# The heatmap's shading runs from a pale blue (low) to a dark blue (high).
SHADE_LIGHT, SHADE_DARK = (236, 242, 250), (10, 40, 90)


def _fmt(value) -> str:
    if value is None:
        return "no figure"
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _marker(kind: str, x: float, y: float, colour: str, size: float = 6) -> str:
    """Diamond for everyone, circle for professionals, triangle for lived experience."""
    if kind == PROFESSIONALS:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}"/>'
    if kind == LIVED_EXPERIENCE:
        s = size * 1.2
        points = f"{x:.1f},{y - s:.1f} {x - s:.1f},{y + s * 0.8:.1f} {x + s:.1f},{y + s * 0.8:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    s = size * 1.1
    points = f"{x:.1f},{y - s:.1f} {x + s:.1f},{y:.1f} {x:.1f},{y + s:.1f} {x - s:.1f},{y:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _svg(width: int, height: int, title: str, desc: str, body: list[str], ident: str):
    return svg.svg_document(
        width,
        height,
        body,
        title=title,
        desc=desc,
        ident=ident,
        fluid=True,
        font_size=13,
    )


def _legend(x: float, y: float, with_target: bool) -> list[str]:
    parts = []
    for kind, spec in SERIES.items():
        parts.append(_marker(kind, x + 6, y - 4, spec["colour"]))
        parts.append(f'<text x="{x + 18:.1f}" y="{y:.1f}">{esc(spec["label"])}</text>')
        x += 28 + 7.2 * len(spec["label"])
    if with_target:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 12:.1f}" width="4" height="14" fill="{TEXT}"/>'
            f'<text x="{x + 10:.1f}" y="{y:.1f}">Target</text>'
        )
    return parts


def round_dotplot_svg(results: RoundResults, ident: str = "dotplot") -> str:
    """One row per dimension: median of everyone, of professionals and of people with
    lived experience on the level scale, with the target marked."""
    levels = results.levels
    count = max(len(levels), 2)
    left, right, top, row_h = 300, 760, 78, 44
    width = right + 80
    height = top + row_h * len(results.dimensions) + 20

    def x_of(number: float) -> float:
        return left + (number - 1) * (right - left) / (count - 1)

    body = _legend(10, 22, with_target=True)
    for i, level in enumerate(levels):
        x = x_of(i + 1)
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{height - 14}" '
            f'stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{top - 32 + (i % 2) * 14}" fill="{TEXT_MUTED}" '
            f'text-anchor="middle" font-size="11">'
            f"{i + 1} {esc(_short(level.label, 16))}</text>"
        )
    lines = []
    for row, result in enumerate(results.dimensions):
        y = top + row * row_h + row_h / 2
        name = result.dimension.name
        body.append(
            f'<text x="10" y="{y + 4:.1f}"><title>{esc(name)}</title>'
            f"{esc(_short(name, 42))}</text>"
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-dasharray="2 2"/>'
            f'<rect x="{x_of(result.target_number) - 2:.1f}" y="{y - 14:.1f}" '
            f'width="4" height="28" fill="{TEXT}"/>'
        )
        series = [
            ("everyone", result.overall, 0),
            (PROFESSIONALS, result.professionals, -9),
            (LIVED_EXPERIENCE, result.lived, 9),
        ]
        said = []
        for kind, figures, offset in series:
            label = SERIES[kind]["label"]
            if figures.shown:
                body.append(
                    _marker(
                        kind, x_of(figures.median), y + offset, SERIES[kind]["colour"]
                    )
                )
                said.append(f"{label} {_fmt(figures.median)}")
            else:
                said.append(f"{label}: too few to show")
        lines.append(f"{name}: target {result.target_number}; " + ", ".join(said) + ".")
    title = f"Median level per dimension, round {results.round.number}"
    return _svg(width, height, title, " ".join(lines), body, ident)


def _shade(value: float, count: int) -> tuple[str, str]:
    """Fill for a median (darker blue is higher) and the text colour, dark or
    white, whichever contrasts more with it."""
    share = (value - 1) / max(count - 1, 1)
    rgb = [
        round(a + (b - a) * share) for a, b in zip(SHADE_LIGHT, SHADE_DARK, strict=True)
    ]
    return hex_colour(rgb), text_colour_on(rgb)


def round_heatmap_svg(results: RoundResults, ident: str = "heatmap") -> str:
    """Dimensions by stakeholder group: each cell shows the group's median level
    (shaded darker when higher); groups too small to show are hatched."""
    columns = [(role, label, None) for role, label, _ in results.groups]
    columns += [
        (PROFESSIONALS, SIDE_LABELS[PROFESSIONALS], "side"),
        (LIVED_EXPERIENCE, SIDE_LABELS[LIVED_EXPERIENCE], "side"),
        ("everyone", "Everyone", "all"),
    ]
    count = len(results.levels)
    left, top, cell_w, cell_h = 300, 130, 74, 34
    width = left + cell_w * len(columns) + 90
    height = top + cell_h * len(results.dimensions) + 10
    body = [
        f'<defs><pattern id="{esc(ident)}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{RULE}" stroke-width="2"/>'
        "</pattern></defs>"
    ]
    for col, (_, label, _) in enumerate(columns):
        x = left + col * cell_w + cell_w / 2
        body.append(
            f'<text transform="translate({x + 4:.1f},{top - 8}) rotate(-40)" '
            f'font-size="12">{esc(_short(label, 30))}</text>'
        )
    lines = []
    for row, result in enumerate(results.dimensions):
        y = top + row * cell_h
        name = result.dimension.name
        body.append(
            f'<text x="10" y="{y + cell_h / 2 + 4:.1f}">'
            f"<title>{esc(name)}</title>{esc(_short(name, 42))}</text>"
        )
        said = []
        for col, (key, label, kind) in enumerate(columns):
            if kind == "all":
                figures = result.overall
            elif kind == "side":
                figures = result.professionals if key == PROFESSIONALS else result.lived
            else:
                figures = result.by_group.get(key)
            x = left + col * cell_w
            if figures is not None and figures.shown:
                fill, text = _shade(figures.median, count)
                value = _fmt(figures.median)
                said.append(f"{label} {value}")
            else:
                fill, text, value = f"url(#{esc(ident)}-hatch)", TEXT, "–"
                said.append(f"{label} too few")
            body.append(
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                f'height="{cell_h - 2}" fill="{fill}" stroke="{BACKGROUND}"/>'
                f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 5:.1f}" '
                f'text-anchor="middle" fill="{text}" font-weight="600">{value}</text>'
            )
        lines.append(f"{name}: " + ", ".join(said) + ".")
    if results.grouping.combined_note:
        lines.append(results.grouping.combined_note)
    if results.grouping.withheld:
        lines.append("Groups not shown: fewer people answered than can be shown.")
    lines.append(disclosure.explanation())
    title = f"Median level by group, round {results.round.number}"
    return _svg(width, height, title, " ".join(lines), body, ident)


def trend_svg(trend: FrameworkTrend, ident: str = "trend") -> str:
    """Average of the dimension medians in each round, for everyone, professionals and
    people with lived experience, in date order."""
    points = trend.points
    count = max(len(trend.level_labels), 2)
    left, right, top, bottom = 150, 680, 40, 250
    width, height = right + 90, bottom + 60

    def x_of(i: int) -> float:
        if len(points) == 1:
            return (left + right) / 2
        return left + i * (right - left) / (len(points) - 1)

    def y_of(value: float) -> float:
        return bottom - (value - 1) * (bottom - top) / (count - 1)

    body = _legend(10, 18, with_target=False)
    for i, label in enumerate(trend.level_labels):
        y = y_of(i + 1)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{TEXT_MUTED}" '
            f'font-size="11">{i + 1} {esc(_short(label, 16))}</text>'
        )
    for i, point in enumerate(points):
        x = x_of(i)
        body.append(
            f'<text x="{x:.1f}" y="{bottom + 20}" text-anchor="middle" '
            f'font-size="12">Round {point.round.number}</text>'
            f'<text x="{x:.1f}" y="{bottom + 36}" text-anchor="middle" '
            f'fill="{TEXT_MUTED}" '
            f'font-size="11">{esc(point.round.get_stage_display())}, '
            f"{point.round.held_on:%b %Y}</text>"
        )
    lines = []
    for kind, spec in SERIES.items():
        values = [
            getattr(p, kind if kind != LIVED_EXPERIENCE else "lived") for p in points
        ]
        coords = [(x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{spec["colour"]}" '
                f'stroke-width="2.5" stroke-dasharray="{spec["dash"]}"/>'
            )
        body.extend(_marker(kind, x, y, spec["colour"]) for x, y in coords)
        lines.append(
            f"{spec['label']}: "
            + ", ".join(
                f"round {p.round.number} {_fmt(v) if v is not None else 'too few'}"
                for p, v in zip(points, values, strict=True)
            )
            + "."
        )
    title = f"{trend.framework.name}: average level across rounds"
    return _svg(width, height, title, " ".join(lines), body, ident)
