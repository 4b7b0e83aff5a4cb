"""The shared SVG toolkit: the document opener, escaping, palette and primitives, and
the pictures of every feature built with it."""

import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from coproduce import svg
from evaluation.factors.analysis import Cell, Heatmap, heatmap_svg
from projects.models import DiamondStage, ProjectStatus
from projects.progress.diagrams import programme_diamond_svg, project_path_svg
from tests.factories import ProgrammeFactory, ProjectFactory

SVG_NS = "{http://www.w3.org/2000/svg}"
HOSTILE = """<script>alert("x")</script> & 'quotes'"""


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def _labels(root: ET.Element) -> dict[str, str]:
    """The text of each element named by the root's aria-labelledby."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    return {
        ident: "".join(by_id[ident].itertext())
        for ident in root.get("aria-labelledby").split()
    }


def test_esc_escapes_text_and_attribute_characters():
    assert svg.esc(HOSTILE) == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;"
    )
    assert svg.esc(3) == "3"


def test_document_has_role_title_and_desc_that_label_it():
    markup = svg.svg_document(
        200, 100, "<rect/>", title="Sales & more", desc="A <long> story", ident="x"
    )
    root = _parse(markup)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "x-title x-desc"
    first, second = list(root)[:2]
    assert first.tag == f"{SVG_NS}title" and first.text == "Sales & more"
    assert second.tag == f"{SVG_NS}desc" and second.text == "A <long> story"
    assert root.get("viewBox") == "0 0 200 100"
    assert root.get("fill") == svg.TEXT
    assert markup.endswith("<rect/></svg>")


def test_user_text_in_title_and_desc_is_escaped():
    markup = svg.svg_document(10, 10, "", title=HOSTILE, desc=HOSTILE, ident="t")
    assert "<script>" not in markup
    assert _labels(_parse(markup)) == {"t-title": HOSTILE, "t-desc": HOSTILE}


def test_documents_without_an_ident_get_unique_ids():
    roots = [
        _parse(svg.svg_document(10, 10, "", title="Same", desc="Same"))
        for _ in range(3)
    ]
    ids = [el.get("id") for root in roots for el in root.iter() if el.get("id")]
    assert len(ids) == 6 and len(set(ids)) == 6


def test_an_ident_cannot_break_out_of_its_attribute():
    root = _parse(svg.svg_document(10, 10, "", title="t", desc="d", ident=HOSTILE))
    assert root.get("onload") is None
    for ident in root.get("aria-labelledby").split():
        assert set(ident) <= set(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
        )
    assert len(_labels(root)) == 2


def test_a_picture_holding_links_is_a_group_with_xlink():
    markup = svg.svg_open(10, 10, title="t", desc="d", links=True)
    assert 'role="group"' in markup and 'xmlns:xlink="' in markup


def test_a_fluid_picture_shrinks_with_its_container():
    root = _parse(svg.svg_document(300, 80, "", title="t", desc="d", fluid=True))
    assert root.get("width") == "100%" and "max-width:300px" in root.get("style")
    assert root.get("height") is None


@pytest.mark.parametrize("colour", [svg.TEXT, svg.TEXT_MUTED])
@pytest.mark.parametrize("fill", svg.LIGHT_FILLS)
def test_text_colours_meet_wcag_aa_on_every_light_fill(colour, fill):
    assert svg.contrast(colour, fill) >= 4.5


@pytest.mark.parametrize(
    "colour", [svg.BLUE, svg.RED, svg.GREEN, svg.BROWN, svg.ORANGE, svg.SLATE]
)
def test_strong_colours_take_white_text_and_read_on_white(colour):
    assert svg.contrast(colour, svg.BACKGROUND) >= 4.5
    assert svg.contrast(svg.TEXT_ON_DARK, colour) >= 4.5
    assert svg.text_colour_on(colour) == svg.TEXT_ON_DARK


def test_text_colour_on_a_light_fill_is_the_dark_text():
    assert svg.text_colour_on(svg.STAGE_FILL) == svg.TEXT
    assert svg.contrast("#000", "#fff") == pytest.approx(21)
    assert svg.contrast(svg.TEXT, svg.STAGE_CURRENT_FILL) >= 4.5


@pytest.mark.parametrize("grey", range(0, 256, 5))
def test_text_colour_on_any_fill_meets_wcag_aa(grey):
    for fill in [(grey, grey, grey), (grey, grey // 2, 255 - grey), "#64799a"]:
        assert svg.contrast(svg.text_colour_on(fill), fill) >= 4.5


def test_arrow_head_has_its_tip_at_the_point():
    assert svg.arrow_head(10, 20, 1, 0, "#000", size=7, half=4) == (
        '<polygon points="10.0,20.0 3.0,24.0 3.0,16.0" fill="#000"/>'
    )


def _check_picture(markup: str, *, role: str = "img") -> ET.Element:
    root = _parse(markup)
    assert root.get("role") == role
    assert root.get("font-family") == svg.FONT_FAMILY
    assert len(_labels(root)) == 2
    assert "<script>" not in markup
    return root


@pytest.mark.django_db
def test_the_diamond_pictures_use_the_toolkit_and_escape_titles():
    programme = ProgrammeFactory(name=HOSTILE)
    projects = [
        ProjectFactory(
            programme=programme,
            title=HOSTILE,
            status=ProjectStatus.ACTIVE,
            current_stage=DiamondStage.DEFINE,
        ),
        ProjectFactory(programme=programme, status=ProjectStatus.PROPOSED),
    ]
    root = _check_picture(programme_diamond_svg(programme, projects), role="group")
    assert HOSTILE in _labels(root)[f"programme-{programme.pk}-title"]
    path = _check_picture(project_path_svg(projects[0], []))
    assert HOSTILE in _labels(path)[f"path-{projects[0].pk}-title"]


def test_the_heatmap_picture_uses_the_toolkit_and_escapes_names():
    name = """<b>"Q" & 'A'</b>"""  # short enough to be written in full
    project = SimpleNamespace(pk=1, title=name)
    group = SimpleNamespace(pk=3, name=name)  # its factor group's heading too
    factor = SimpleNamespace(pk=2, name=name, group=group, group_id=3)
    data = Heatmap(
        projects=[project], factors=[factor], cells={(1, 2): Cell(enablers=1)}
    )
    root = _check_picture(heatmap_svg(data, title=HOSTILE))
    assert _labels(root)["heatmap-title"] == HOSTILE
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    assert texts.count(name) == 3 and "+1" in texts
