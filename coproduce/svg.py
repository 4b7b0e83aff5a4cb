"""The one SVG toolkit for every picture drawn on the server.

The Double Diamond, the matrix charts, the factor heatmap and the logic-model diagram
are plain SVG strings built in Python, with no JavaScript, so the same markup works
on a page and in a WeasyPrint PDF. This module holds what they share:

- ``svg_open`` / ``svg_document``: the ``<svg>`` element with ``role="img"``, a
  ``<title>`` and a ``<desc>`` it is labelled by, and ids that are unique on a page;
- one palette: the colours every picture uses, each named once (all text colours
  meet WCAG AA, 4.5:1, on white and on the light fills they are drawn on);
- ``esc``: the one escaping helper, safe for element text and attribute values;
- small primitives drawn by more than one picture (``arrow_head``). Everything
  else is plain f-strings with the palette constants: loops that draw thousands
  of cells or markers would be noticeably slower with a function call per
  element.
"""

import html
import itertools
import re

from django.utils.safestring import SafeString, mark_safe

# Palette --------------------------------------------------------------------------
# Contrast ratios are against white. Text colours are also readable on every light
# fill below (tests/coproduce/test_svg.py checks each pair).

BACKGROUND = "#ffffff"
TEXT = "#1b1f23"  # 16.6:1; all body text and labels
TEXT_MUTED = "#495057"  # 8.2:1; hints, scale labels, notes in italics
TEXT_ON_DARK = "#ffffff"  # on the strong colours below (each at least 6.6:1)
TEXT_BLACK = "#000000"  # on mid-tone fills, where neither of those reaches 4.5:1
LINE = "#5c6b7a"  # outlines of shapes and boxes, connecting arrows (5.5:1)
RULE = "#adb5bd"  # heatmap grid, hatching of figures too few to show
GRID = "#d0d5da"  # light chart gridlines

# Strong colours, for marks, series and status (text-safe on white, and white
# text is safe on them).
BLUE = "#1d4f91"  # 8.1:1; forward moves, completed projects, professionals
RED = "#a4161a"  # 7.8:1; moves back, discontinued projects
GREEN = "#0b6b2f"  # 6.7:1; active projects
BROWN = "#7a4b00"  # 7.4:1; paused projects
ORANGE = "#a3460b"  # 6.1:1; people with lived experience
SLATE = "#3d4551"  # 9.7:1; proposed projects

# Light fills, under text in TEXT or TEXT_MUTED.
ENABLER_FILL = "#d1e7dd"  # a + effect: an enabler
BARRIER_FILL = "#f8d7da"  # a − effect: a barrier, a negative outcome
CAUTION_FILL = "#fff3cd"  # both + and −; an item not linked yet
STAGE_FILL = "#eef3f8"  # a Double Diamond stage; column headers
STAGE_REACHED_FILL = "#d5e4f3"  # a stage the project has reached
STAGE_CURRENT_FILL = "#9fc2e6"  # the stage the project is at now

LIGHT_FILLS = (
    BACKGROUND,
    ENABLER_FILL,
    BARRIER_FILL,
    CAUTION_FILL,
    STAGE_FILL,
    STAGE_REACHED_FILL,
)

# The fonts the layouts were measured with (DejaVu Sans is what WeasyPrint and the
# server have; the others are near it in width or narrower).
FONT_FAMILY = "DejaVu Sans, Helvetica, Arial, sans-serif"


# Escaping -------------------------------------------------------------------------


def esc(value) -> str:
    """``value`` as text safe inside an element or a quoted attribute value:
    ``& < > " '`` escaped. A plain ``str`` (no lazy or safe-string wrappers), as
    pictures of a big programme escape thousands of values."""
    return html.escape(str(value), quote=True)


# Colour contrast ------------------------------------------------------------------


def _rgb(colour) -> tuple[int, int, int]:
    if isinstance(colour, str):
        value = colour.lstrip("#")
        if len(value) == 3:
            value = "".join(c * 2 for c in value)
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    return tuple(colour)


def luminance(colour) -> float:
    """WCAG relative luminance of ``"#rrggbb"`` or an (r, g, b) tuple."""

    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first, second) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21 (AA text needs 4.5)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(fill) -> str:
    """The text colour for a computed ``fill``: TEXT or TEXT_ON_DARK, whichever
    contrasts more with it, or black for the mid tones where neither reaches
    4.5:1 (black or white always does)."""
    best = max((TEXT, TEXT_ON_DARK), key=lambda colour: contrast(colour, fill))
    return best if contrast(best, fill) >= 4.5 else TEXT_BLACK


def hex_colour(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


# The document ---------------------------------------------------------------------

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
_counter = itertools.count(1)


def unique_ident(prefix: str = "svg") -> str:
    """A fresh id, different from every other this process has given out."""
    return f"{prefix}-{next(_counter)}"


def svg_open(
    width,
    height,
    *,
    title: str,
    desc: str,
    ident: str | None = None,
    cls: str = "",
    links: bool = False,
    fluid: bool = False,
    font_size: int | None = None,
) -> str:
    """The opening ``<svg>`` with its ``<title>`` and ``<desc>``; end with ``</svg>``.

    ``aria-labelledby`` names the title and the description, whose ids are
    ``<ident>-title`` and ``<ident>-desc``. Give ``ident`` when the picture has a
    natural name (``path-12``, ``heatmap-3``) and each picture on a page has its
    own; leave it out for a fresh one. Only letters, digits, ``-`` and ``_`` are
    kept, so user text can never break out of the attribute.

    ``links``: the picture holds links, so it is a ``role="group"`` (an img may not
    hold controls) and declares ``xlink`` for WeasyPrint. ``fluid``: the picture
    shrinks with its container (width 100%, at most its own width) instead of
    keeping its size.
    """
    ident = _UNSAFE_ID.sub("-", ident) if ident else unique_ident()
    # --svg-width: on a phone a picture keeps this width and scrolls sideways, so its
    # words stay readable (static/css/coproduce.css); PDFs do not read it.
    size = (
        f'width="100%" style="max-width:{width}px;height:auto;--svg-width:{width}px"'
        if fluid
        else f'width="{width}" height="{height}"'
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg"'
        + (' xmlns:xlink="http://www.w3.org/1999/xlink"' if links else "")
        + (f' class="{esc(cls)}"' if cls else "")
        + f' viewBox="0 0 {width} {height}" {size}'
        + f' role="{"group" if links else "img"}"'
        + f' aria-labelledby="{ident}-title {ident}-desc"'
        + f' font-family="{FONT_FAMILY}"'
        + (f' font-size="{font_size}"' if font_size else "")
        + f' fill="{TEXT}">'
        + f'<title id="{ident}-title">{esc(title)}</title>'
        + f'<desc id="{ident}-desc">{esc(desc)}</desc>'
    )


SVG_CLOSE = "</svg>"


def svg_document(
    width, height, body, *, title: str, desc: str, **options
) -> SafeString:
    """A whole picture: ``svg_open`` (same options), the ``body`` (a string or a
    list of strings, already escaped) and the closing tag."""
    if not isinstance(body, str):
        body = "".join(body)
    return mark_safe(
        svg_open(width, height, title=title, desc=desc, **options) + body + SVG_CLOSE
    )


# Primitives -----------------------------------------------------------------------


def arrow_head(x, y, dx, dy, colour: str, *, size: float = 8, half=None) -> str:
    """A filled triangle with its tip at (x, y), pointing along (dx, dy): ``size``
    long and ``half`` (half its length unless given) either side of its axis."""
    length = (dx * dx + dy * dy) ** 0.5 or 1
    ux, uy = dx / length, dy / length
    half = size / 2 if half is None else half
    bx, by = x - ux * size, y - uy * size
    px, py = -uy * half, ux * half
    return (
        f'<polygon points="{x:.1f},{y:.1f} {bx + px:.1f},{by + py:.1f} '
        f'{bx - px:.1f},{by - py:.1f}" fill="{colour}"/>'
    )
