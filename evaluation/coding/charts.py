"""The agreement chart: one bar per theme (and one for all themes together) on a
0 to 1 scale, with the lines of the reading convention, drawn as server-made SVG."""

from coproduce import svg
from evaluation.coding import agreement as ag

# Each row: the theme's name on one line, its bar below, the value at the bar's end,
# so the picture stays readable when a phone shrinks it.
WIDTH = 440
LEFT = 4
VALUE_W = 92
TOP = 30
NAME_H = 16
BAR_H = 14
ROW_H = NAME_H + BAR_H + 10
MAX_LABEL = 56


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def agreement_svg(result: dict, *, title: str):
    """The chart for ``selectors.round_agreement``'s result (a SafeString)."""
    rows = [("All themes together", result["overall"].figure, True)] + [
        (row.theme.name, row.figure, False) for row in result["rows"]
    ]
    method = result["overall"].figure.method
    lines = (
        [(0.21, "0.21"), (0.41, "0.41"), (0.61, "0.61"), (0.81, "0.81")]
        if method == ag.KAPPA
        else [(0.667, "0.667"), (0.8, "0.800")]
    )
    plot_w = WIDTH - LEFT - VALUE_W
    height = TOP + ROW_H * len(rows) + 22

    def x(value):
        return LEFT + plot_w * max(0.0, min(1.0, value))

    body = []
    for value, label in [(0, "0"), *lines, (1, "1")]:
        anchor = "start" if value == 0 else "middle"
        body.append(
            f'<line x1="{x(value):.1f}" y1="{TOP - 6}" x2="{x(value):.1f}" '
            f'y2="{height - 20}" stroke="{svg.GRID}"/>'
            f'<text x="{x(value):.1f}" y="{TOP - 12}" font-size="12" '
            f'text-anchor="{anchor}" fill="{svg.TEXT_MUTED}">{label}</text>'
        )
    for n, (name, figure, pooled) in enumerate(rows):
        y = TOP + n * ROW_H
        bar_y = y + NAME_H
        weight = ' font-weight="bold"' if pooled else ""
        body.append(
            f'<text x="{LEFT}" y="{y + NAME_H - 4}" font-size="13"{weight}>'
            f"{svg.esc(_short(name))}</text>"
        )
        if figure.value is None:
            body.append(
                f'<text x="{LEFT + 2}" y="{bar_y + BAR_H - 2}" font-size="12" '
                f'font-style="italic" fill="{svg.TEXT_MUTED}">'
                f"{svg.esc(ag.NOT_ENOUGH.lower())}</text>"
            )
            continue
        width = x(figure.value) - LEFT
        colour = svg.BLUE if pooled else svg.SLATE
        if width > 0:
            body.append(
                f'<rect x="{LEFT}" y="{bar_y}" width="{width:.1f}" height="{BAR_H}" '
                f'fill="{colour}"/>'
            )
        shown = f"{figure.value:.2f}" if method == ag.KAPPA else f"{figure.value:.3f}"
        if figure.value < 0:
            shown += " (below 0)"
        body.append(
            f'<text x="{LEFT + plot_w + 6}" y="{bar_y + BAR_H - 2}" font-size="13"'
            f"{weight}>{shown}</text>"
        )
    body.append(
        f'<text x="{LEFT}" y="{height - 4}" font-size="12" fill="{svg.TEXT_MUTED}">'
        "1: full agreement; 0: what chance would give</text>"
    )
    described = "; ".join(
        f"{name}: "
        + (
            ag.NOT_ENOUGH.lower()
            if f.value is None
            else f"{f.value:.3f}, {f.reading.lower()}"
        )
        for name, f, _ in rows
    )
    return svg.svg_document(
        WIDTH,
        height,
        body,
        title=f"Agreement between coders: {title}",
        desc=f"{ag.METHOD_LABELS[method]} per theme. {described}.",
        fluid=True,
    )
