"""A logic model drawn as SVG: five columns of items with arrows for the links.

Plain SVG built on the server (no scripts, no external fonts or markers) so the page and
the WeasyPrint PDF show the same picture; the document, palette and escaping come from
``coproduce.svg``. Text is pre-wrapped because SVG does not wrap.
"""

import textwrap

from coproduce import svg
from coproduce.svg import (
    BACKGROUND,
    BARRIER_FILL,
    CAUTION_FILL,
    LINE,
    STAGE_FILL,
    TEXT_MUTED,
    arrow_head,
    esc,
)
from logicmodels.compare import trace_check
from logicmodels.models import Anticipation, Effect, Section

COLUMN_WIDTH = 172
COLUMN_GAP = 46
MARGIN = 10
HEADER_HEIGHT = 34
LINE_HEIGHT = 14
PADDING = 7
BOX_GAP = 10
FONT_SIZE = 11
CHARS_PER_LINE = 26
ARROW = 7

HEADER_FILL = STAGE_FILL
BOX_FILL = BACKGROUND
NEGATIVE_FILL = BARRIER_FILL  # a negative effect, as barriers elsewhere
GAP_FILL = CAUTION_FILL


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, CHARS_PER_LINE, break_long_words=True) or [""]


def _notes(item, gap_ids) -> list[str]:
    notes = []
    if item.flags:
        notes.append(item.flags)
    if item.pk in gap_ids:
        notes.append("Not linked yet")
    return notes


def logic_model_svg(version, *, title: str = "", gap_ids=None) -> str:
    """The version as an SVG string with role="img", a title and a description.

    Reads ``version.items.all()`` and ``version.links.all()`` (prefetch them).
    ``gap_ids`` marks items the trace check flags; computed when not given.
    """
    items = sorted(version.items.all(), key=lambda i: (i.section, i.position))
    links = list(version.links.all())
    if gap_ids is None:
        gap_ids = trace_check(items, links)["gap_ids"]
    title = title or f"Logic model diagram: {version.label}"
    ident = f"lm-diagram-{version.pk or 'new'}"

    boxes = {}
    bottoms = []
    parts = []
    for column, section in enumerate(Section):
        x = MARGIN + column * (COLUMN_WIDTH + COLUMN_GAP)
        parts.append(
            f'<rect x="{x}" y="{MARGIN}" width="{COLUMN_WIDTH}" '
            f'height="{HEADER_HEIGHT - 8}" rx="4" fill="{HEADER_FILL}"/>'
            f'<text x="{x + COLUMN_WIDTH / 2}" y="{MARGIN + 17}" text-anchor="middle" '
            f'font-weight="bold">{esc(section.label)}</text>'
        )
        y = MARGIN + HEADER_HEIGHT
        for item in (i for i in items if i.section == section):
            lines = _wrap(item.text)
            notes = _notes(item, gap_ids)
            height = 2 * PADDING + LINE_HEIGHT * (len(lines) + len(notes))
            boxes[item.pk] = (x, y, height)
            fill = BOX_FILL
            if item.effect == Effect.NEGATIVE:
                fill = NEGATIVE_FILL
            elif item.pk in gap_ids:
                fill = GAP_FILL
            dash = (
                ' stroke-dasharray="5 3"'
                if item.anticipation == Anticipation.UNANTICIPATED
                else ""
            )
            parts.append(
                f'<rect x="{x}" y="{y}" width="{COLUMN_WIDTH}" height="{height}" '
                f'rx="4" fill="{fill}" stroke="{LINE}" stroke-width="1.2"{dash}/>'
            )
            text_y = y + PADDING + LINE_HEIGHT - 3
            spans = []
            for n, line in enumerate(lines):
                spans.append(
                    f'<tspan x="{x + PADDING}" y="{text_y + n * LINE_HEIGHT}">'
                    f"{esc(line)}</tspan>"
                )
            for n, note in enumerate(notes, start=len(lines)):
                spans.append(
                    f'<tspan x="{x + PADDING}" y="{text_y + n * LINE_HEIGHT}" '
                    f'font-style="italic" fill="{TEXT_MUTED}">{esc(note)}</tspan>'
                )
            parts.append(f"<text>{''.join(spans)}</text>")
            y += height + BOX_GAP
        bottoms.append(y)

    arrows = []
    for link in links:
        if link.source_id not in boxes or link.target_id not in boxes:
            continue
        sx, sy, sh = boxes[link.source_id]
        tx, ty, th = boxes[link.target_id]
        x1, y1 = sx + COLUMN_WIDTH, sy + sh / 2
        x2, y2 = tx - ARROW, ty + th / 2
        bend = COLUMN_GAP / 2
        arrows.append(
            f'<path d="M{x1} {y1} C{x1 + bend} {y1} {x2 - bend} {y2} {x2} {y2}" '
            f'fill="none" stroke="{LINE}" stroke-width="1.3"/>'
            + arrow_head(tx, y2, 1, 0, LINE, size=ARROW, half=4)
        )

    width = 2 * MARGIN + 5 * COLUMN_WIDTH + 4 * COLUMN_GAP
    height = max([*bottoms, MARGIN + HEADER_HEIGHT + 30]) + MARGIN
    counts = ", ".join(
        f"{section.label}: {sum(1 for i in items if i.section == section)}"
        for section in Section
    )
    description = (
        f"Five columns from context to outcomes. Items per column: {counts}. "
        f"{len(links)} arrow{'s' if len(links) != 1 else ''} show which items lead to "
        "which. Dashed boxes are unanticipated outcomes; the words in italics repeat "
        "what the shading shows."
    )
    return svg.svg_document(
        width,
        height,
        arrows + parts,
        title=title,
        desc=description,
        ident=ident,
        cls="logic-model-diagram",
        font_size=FONT_SIZE,
    )
