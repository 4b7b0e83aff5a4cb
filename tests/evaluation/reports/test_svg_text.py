"""SVG text in reports is drawn a run at a time (one PDF text operation per text),
except where a text needs its letters placed one by one."""

import io
import re

from pypdf import PdfReader

from evaluation.reports.pdf import html_to_pdf


def text_operations(svg_body: str) -> int:
    """How many text-showing operations the PDF of one inline SVG holds."""
    html = (
        '<html lang="en-GB"><body><svg xmlns="http://www.w3.org/2000/svg" '
        f'width="300" height="100">{svg_body}</svg></body></html>'
    )
    page = PdfReader(io.BytesIO(html_to_pdf(html).content)).pages[0]

    def streams(obj):  # the page's drawing and every form drawn from it
        for child in (obj.get("/Resources", {}).get("/XObject", {}) or {}).values():
            child = child.get_object()
            yield child.get_data()
            yield from streams(child)

    data = page.get_contents().get_data() + b"".join(streams(page))
    return len(re.findall(rb"\bT[jJ]\b", data))


def test_a_heatmap_row_label_is_one_text_operation_not_one_per_letter():
    label = '<text x="200" y="20" text-anchor="end">Bench project 0250</text>'
    assert text_operations(label) == 1


def test_anchored_cell_cues_are_one_operation_each():
    cues = (
        '<g text-anchor="middle"><text x="100" y="50">+1 −1</text>'
        '<text x="150" y="50">+12</text></g>'
    )
    assert text_operations(cues) == 2


def test_text_squeezed_to_a_length_or_placed_letter_by_letter_keeps_each_letter():
    squeezed = '<text x="10" y="20" textLength="150">Bench project</text>'
    placed = '<text x="10 20 30" y="20">abc</text>'
    # 12 letters drawn (the space is not); three letters at their own places.
    assert text_operations(squeezed) == 12
    assert text_operations(placed) == 3
