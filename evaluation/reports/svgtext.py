"""SVG text drawn a run at a time instead of a letter at a time.

WeasyPrint lays out and draws every letter of an SVG ``<text>`` on its own (so that
per-letter ``x``/``dx``/``rotate`` lists can move each one): a Pango layout, a font
lookup and a PDF text object per letter. A 500-project heatmap has tens of thousands
of letters, and that was a quarter of its PDF's time. Our charts never place single
letters, so for a text whose position is one point, WeasyPrint's own code is given
the whole string as its one "letter": one layout, one text object, the same place,
anchor and bounding box (and proper kerning). Anything else (several positions,
``textLength``, ``letter-spacing``, text on a path) still goes letter by letter.
"""

import functools

# Attributes that need WeasyPrint's per-letter placement.
PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing")


class _Run(str):
    """A string that iterates as one item: the whole run."""

    def __iter__(self):
        yield str(self)


def _one_point(node) -> bool:
    attrib = node.attrib
    if any(name in attrib for name in PER_LETTER):
        return False
    return all(
        len(attrib.get(axis, "").replace(",", " ").split()) <= 1 for axis in "xy"
    )


@functools.cache
def svg_text_in_runs() -> None:
    """Make WeasyPrint draw plain SVG text runs whole (once per process)."""
    from weasyprint import svg

    letter_by_letter = svg.text

    def text(drawing, node, font_size):
        content = node.text
        if node.tag in ("text", "tspan") and content and len(content) > 1:
            if _one_point(node):
                node._etree_node.text = _Run(content)
                try:
                    return letter_by_letter(drawing, node, font_size)
                finally:
                    node._etree_node.text = content
        return letter_by_letter(drawing, node, font_size)

    # draw_node recognises text nodes by comparing with ``svg.text``: both change.
    svg.text = text
    for tag, handler in list(svg.TAGS.items()):
        if handler is letter_by_letter:
            svg.TAGS[tag] = text
