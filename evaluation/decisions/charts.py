"""The programme's decisions by Double Diamond stage, as a server-made SVG.

Two bars a stage: every decision (solid blue) and those that people with lived
experience changed (hatched orange), so the two differ by pattern as well as colour.
Pages and reports show the same figures in a table beside it.
"""

from coproduce import svg
from coproduce.svg import BLUE, GRID, ORANGE, TEXT, TEXT_MUTED, esc
from evaluation.decisions.selectors import StageCount

# Narrow enough that on a 375 px phone the labels shrink only to about 11 px.
WIDTH = 440
LABEL_W = 80
BAR_H = 18
GAP = 4
STAGE_GAP = 16
TOP = 62
PLOT_W = WIDTH - LABEL_W - 36


def stage_counts_svg(stages: list[StageCount], *, ident: str = "decisions"):
    """Bars of decisions per stage and of those people with lived experience
    changed; the description states every figure for screen readers."""
    top_value = max([s.total for s in stages] + [1])
    height = TOP + len(stages) * (2 * BAR_H + GAP + STAGE_GAP) + 6
    pattern = f"{ident}-hatch"
    body = [
        f'<defs><pattern id="{esc(pattern)}" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{ORANGE}"/>'
        '<rect width="2" height="6" fill="#ffffff" opacity="0.45"/></pattern></defs>',
        f'<rect x="{LABEL_W}" y="8" width="14" height="14" fill="{BLUE}"/>',
        f'<text x="{LABEL_W + 20}" y="20">Decisions</text>',
        f'<rect x="{LABEL_W}" y="30" width="14" height="14" '
        f'fill="url(#{esc(pattern)})"/>',
        f'<text x="{LABEL_W + 20}" y="42">Changed by people with lived experience'
        "</text>",
    ]
    y = TOP
    for stage in stages:
        body.append(
            f'<text x="{LABEL_W - 8}" y="{y + BAR_H + 2}" text-anchor="end">'
            f"{esc(stage.label)}</text>"
        )
        body.append(
            f'<line x1="{LABEL_W}" y1="{y - 4}" x2="{LABEL_W}" '
            f'y2="{y + 2 * BAR_H + GAP + 4}" stroke="{GRID}"/>'
        )
        for row, (value, fill) in enumerate(
            ((stage.total, BLUE), (stage.lived_changed, f"url(#{esc(pattern)})"))
        ):
            bar_y = y + row * (BAR_H + GAP)
            width = PLOT_W * value / top_value
            if value:
                body.append(
                    f'<rect x="{LABEL_W}" y="{bar_y}" width="{width:.1f}" '
                    f'height="{BAR_H}" fill="{fill}"/>'
                )
            body.append(
                f'<text x="{LABEL_W + width + 6:.1f}" y="{bar_y + BAR_H - 4}" '
                f'fill="{TEXT if value else TEXT_MUTED}">{value}</text>'
            )
        y += 2 * BAR_H + GAP + STAGE_GAP
    desc = "; ".join(
        f"{s.label}: {s.total} decision{'s' if s.total != 1 else ''}, "
        f"{s.lived_changed} changed by people with lived experience"
        for s in stages
    )
    return svg.svg_document(
        WIDTH,
        height,
        body,
        title="Decisions by Double Diamond stage",
        desc=desc + ".",
        ident=ident,
        fluid=True,
        font_size=13,
    )
