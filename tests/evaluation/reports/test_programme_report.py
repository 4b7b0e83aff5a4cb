"""The programme report of a big programme: figures taller or wider than a page are
drawn in parts that each fit one, so nothing is cut off or shrunk out of sight."""

import io
import re
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from evaluation.factors import analysis
from evaluation.models import Effect, ReportKind
from evaluation.reports import context as report_context
from evaluation.reports import services as report_services
from projects.models import DiamondStage
from projects.progress.diagrams import programme_diamond_svg, programme_diamond_svgs
from tests.evaluation.evidence.factories import FactorFactory, ObservationFactory
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PAGE = {
    "max_width": report_context.FIGURE_WIDTH_PX,
    "max_height": report_context.FIGURE_HEIGHT_PX,
}


def _programme_of(programme, count, factors=3):
    group_factors = [
        FactorFactory(group__programme=programme, name=f"Factor {n}")
        for n in range(factors)
    ]
    projects = [
        ProjectFactory(programme=programme, title=f"Site {n:03d}")
        for n in range(1, count + 1)
    ]
    for n, project in enumerate(projects):
        ObservationFactory(
            project=project,
            factor=group_factors[n % factors],
            effect=Effect.BARRIER if n % 2 else Effect.ENABLER,
        )
    return projects, group_factors


def _row_labels(svg):
    return re.findall(r'<text x="\d+" y="\d+" text-anchor="end">([^<]*)</text>', svg)


def test_a_heatmap_taller_than_a_page_is_drawn_in_parts_with_each_project_once(
    programme,
):
    projects, factors = _programme_of(programme, 70)
    chunks = report_context.programme_context(programme)["heatmap"]
    # Three short factor names: drawn at full size, with room for 34 rows a part,
    # so 70 projects make three parts of 24, 24 and 22.
    assert len(chunks) == 3
    labels = []
    for number, chunk in enumerate(chunks, start=1):
        assert chunk.svg.count("<svg") == 1
        assert f'<title id="heatmap-{number}-title">' in chunk.svg
        for factor in factors:  # the header is drawn again on every part
            assert chunk.svg.count(f">{factor.name}</text>") == 1
        labels += _row_labels(chunk.svg)
        width, height = analysis.heatmap_size(chunk.factors, len(chunk.projects))
        assert width <= PAGE["max_width"] and height <= PAGE["max_height"]
    assert labels == [p.title for p in projects]
    assert "projects 1–24 of 70 (Site 001 to Site 024)" in chunks[0].svg
    assert chunks[-1].caption == "Projects 49–70 of 70 (Site 049 to Site 070)."


def test_a_small_programme_keeps_its_heatmap_in_one_picture(programme):
    projects, _ = _programme_of(programme, 5)
    chunks = report_context.programme_context(programme)["heatmap"]
    assert len(chunks) == 1
    assert _row_labels(chunks[0].svg) == [p.title for p in projects]
    assert "−1" in chunks[0].svg and "+1" in chunks[0].svg


def test_too_many_factors_to_read_at_page_width_are_split_into_blocks():
    projects = [SimpleNamespace(pk=n, title=f"P{n}") for n in range(100)]
    factors = [SimpleNamespace(pk=n, name=f"F{n}") for n in range(37)]
    data = analysis.Heatmap(projects=projects, factors=factors)
    chunks = analysis.heatmap_chunks(data, min_scale=0.65, **PAGE)
    blocks = {tuple(f.pk for f in c.factors) for c in chunks}
    assert len(blocks) == 2 and len(chunks) % 2 == 0
    pairs = [(p.pk, f.pk) for c in chunks for p in c.projects for f in c.factors]
    assert sorted(pairs) == [(p.pk, f.pk) for p in projects for f in factors]
    for chunk in chunks:
        width, height = analysis.heatmap_size(chunk.factors, len(chunk.projects))
        scale = min(1, PAGE["max_width"] / width)
        assert scale >= 0.65 and height * scale <= PAGE["max_height"]
    assert "factors 20–37 of 37" in chunks[1].caption


def test_a_stage_holding_more_markers_than_a_page_splits_the_diamond(programme):
    projects = [
        ProjectFactory.build(
            programme=programme, slug=f"p-{n}", current_stage=DiamondStage.DISCOVER
        )
        for n in range(30)
    ]
    # 340 px leaves room for four rows of five markers: 20 a part.
    svgs = programme_diamond_svgs(programme, projects, max_width=880, max_height=340)
    assert len(svgs) == 2
    numbers = [
        int(n)
        for svg in svgs
        for n in re.findall(r'font-weight="bold" [^>]*>(\d+)<', svg)
    ]
    assert numbers == list(range(1, 31))
    assert "Where projects 1–20 of the 30 in" in svgs[0]
    assert "Projects 21 to 30 of 30: 10 at Discover" in svgs[1]
    assert len({re.search(r'<title id="([^"]+)"', s).group(1) for s in svgs}) == 2
    whole = programme_diamond_svgs(programme, projects, **PAGE)
    assert whole == [programme_diamond_svg(programme, projects)]


def test_the_pdf_of_a_big_programme_names_every_project_and_stays_tagged(
    programme, monkeypatch
):
    # A shorter figure box makes 25 projects need three heatmap parts (with the
    # band of factor-group headings over the factor names).
    monkeypatch.setattr(report_context, "FIGURE_HEIGHT_PX", 362)
    projects, _ = _programme_of(programme, 25)
    result = report_services.report_pdf(ReportKind.PROGRAMME, programme=programme)
    reader = PdfReader(io.BytesIO(result.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "in 3 parts that each fit a page" in text
    assert "Part 3 of 3: Projects 19–25 of 25 (Site 019 to Site 025)." in text
    for project in projects:
        assert project.title in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert result.refused_urls == []
