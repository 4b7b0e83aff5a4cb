"""Cross-case analysis of factor observations: the projects x factors heatmap and the
comparison of barriers between projects that stopped early and those that delivered.

Each function runs a fixed number of queries whatever the number of projects.
``heatmap_svg`` draws the same heatmap for the PDF reports (no JavaScript).
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from coproduce import svg
from coproduce.svg import (
    BACKGROUND,
    BARRIER_FILL,
    CAUTION_FILL,
    ENABLER_FILL,
    RULE,
    esc,
)
from evaluation.models import Effect, Factor, FactorObservation
from projects.models import DiamondStage, Programme, Project, ProjectStatus


@dataclass
class Cell:
    enablers: int = 0
    barriers: int = 0

    @property
    def total(self) -> int:
        return self.enablers + self.barriers

    @property
    def label(self) -> str:
        """Text cue: '+2 −1', '+1', '−3' or '' (colour is never the only cue)."""
        parts = []
        if self.enablers:
            parts.append(f"+{self.enablers}")
        if self.barriers:
            parts.append(f"−{self.barriers}")
        return " ".join(parts)

    @property
    def spoken(self) -> str:
        parts = []
        if self.enablers:
            parts.append(f"{self.enablers} enabler{'s' if self.enablers > 1 else ''}")
        if self.barriers:
            parts.append(f"{self.barriers} barrier{'s' if self.barriers > 1 else ''}")
        return " and ".join(parts) or "nothing recorded"

    @property
    def tone(self) -> str:
        if not self.total:
            return "none"
        if self.enablers and self.barriers:
            return "mixed"
        return "enabler" if self.enablers else "barrier"


@dataclass
class Heatmap:
    projects: list
    factors: list
    cells: dict = field(default_factory=dict)
    factor_totals: dict = field(default_factory=dict)
    project_totals: dict = field(default_factory=dict)
    unlinked: int = 0
    # Set when the rows are one page of the programme's projects (the web page);
    # the factor totals still count every project.
    page: Page | None = None

    def cell(self, project_id: int, factor_id: int) -> Cell:
        return self.cells.get((project_id, factor_id), Cell())

    def rows(self):
        """(project, [(factor, cell), ...], project total) for templates."""
        for project in self.projects:
            yield (
                project,
                [(factor, self.cell(project.pk, factor.pk)) for factor in self.factors],
                self.project_totals.get(project.pk, Cell()),
            )

    def factor_groups(self):
        """(group, number of factors) in column order, for a grouped header row."""
        groups = []
        for factor in self.factors:
            if groups and groups[-1][0].pk == factor.group_id:
                groups[-1][1] += 1
            else:
                groups.append([factor.group, 1])
        return [tuple(g) for g in groups]

    def by_factor(self):
        """(factor, [cell per row, in row order]) per factor: the heatmap on its
        side, as the report's table of factors by stage shows it."""
        for factor in self.factors:
            yield factor, [self.cell(row.pk, factor.pk) for row in self.projects]

    @property
    def factor_footer(self):
        return [(f, self.factor_totals.get(f.pk, Cell())) for f in self.factors]


def filtered_projects(
    programme: Programme, *, status: str = "", partner_kind: str = ""
):
    projects = Project.objects.filter(programme=programme)
    if status:
        projects = projects.filter(status=status)
    if partner_kind:
        projects = projects.filter(
            pk__in=Project.objects.filter(
                programme=programme, partners__kind=partner_kind
            ).values("pk")
        )
    return projects


def heatmap(
    programme: Programme,
    *,
    stage: str = "",
    status: str = "",
    partner_kind: str = "",
    only_observed_factors: bool = False,
    per_page: int = 0,
    page_number=None,
) -> Heatmap:
    """Counts of enablers and barriers per project and catalogue factor.

    Three queries: the projects, the factors, and one aggregate of observations.
    With ``per_page``, the rows are one page of the projects (in title order) and
    its cells come from that page's observations only, so the cost does not grow
    with the programme; the factor totals (the footer, and which factors were
    observed) still count every project. That takes two queries more: the number
    of projects and the totals by factor.
    """
    projects_qs = filtered_projects(programme, status=status, partner_kind=partner_kind)
    ordered = projects_qs.only(
        "id", "title", "slug", "status", "current_stage"
    ).order_by("title", "pk")
    page = None
    if per_page:
        page = Paginator(ordered, per_page).get_page(page_number)
        projects = list(page.object_list)
    else:
        projects = list(ordered)
    factors = list(
        Factor.objects.filter(group__programme=programme).select_related("group")
    )
    observations = FactorObservation.objects.filter(project__in=projects_qs)
    if stage:
        observations = observations.filter(stage=stage)
    result = Heatmap(projects=projects, factors=factors, page=page)
    if page is None:
        rows = observations.order_by().values_list("project_id", "factor_id", "effect")
        _heatmap_add(result, rows.annotate(n=Count("id")), by_factor=True)
    else:
        shown = observations.filter(project__in=[p.pk for p in projects])
        rows = shown.order_by().values_list("project_id", "factor_id", "effect")
        _heatmap_add(result, rows.annotate(n=Count("id")), by_factor=False)
        totals = observations.order_by().values_list("factor_id", "effect")
        for factor_id, effect, n in totals.annotate(n=Count("id")):
            if factor_id is None:
                result.unlinked += n
            else:
                _cell_add(result.factor_totals.setdefault(factor_id, Cell()), effect, n)
    if only_observed_factors:
        result.factors = [f for f in factors if f.pk in result.factor_totals]
    return result


def _cell_add(cell: Cell, effect: str, n: int) -> None:
    if effect == Effect.ENABLER:
        cell.enablers += n
    else:
        cell.barriers += n


def _heatmap_add(result: Heatmap, rows, *, by_factor: bool) -> None:
    """Add ``(project id, factor id, effect, count)`` rows to the cells and the
    project totals (and, with ``by_factor``, the factor totals and unlinked)."""
    for project_id, factor_id, effect, n in rows:
        if factor_id is None:
            if by_factor:
                result.unlinked += n
            continue
        _cell_add(result.cells.setdefault((project_id, factor_id), Cell()), effect, n)
        _cell_add(result.project_totals.setdefault(project_id, Cell()), effect, n)
        if by_factor:
            _cell_add(result.factor_totals.setdefault(factor_id, Cell()), effect, n)


@dataclass(frozen=True)
class StageRow:
    """A row of ``heatmap_by_stage``, in the place of a project."""

    pk: str
    title: str


ANY_STAGE = "any"


def heatmap_by_stage(programme: Programme, factors: list) -> Heatmap:
    """Per factor and Double Diamond stage, how many projects recorded it as an
    enabler and how many as a barrier, and a last row for any stage (a project
    counted once however often it recorded it). The programme report shows this
    instead of a row per project once those would run to dozens of pages. Two
    queries."""
    rows = [StageRow(stage.value, stage.label) for stage in DiamondStage]
    result = Heatmap(
        projects=[*rows, StageRow(ANY_STAGE, "Any stage")], factors=factors
    )
    observations = FactorObservation.objects.filter(
        project__programme=programme, factor__isnull=False
    ).order_by()
    projects = Count("project", distinct=True)
    for stage, factor_id, effect, n in observations.values_list(
        "stage", "factor_id", "effect"
    ).annotate(n=projects):
        _cell_add(result.cells.setdefault((stage, factor_id), Cell()), effect, n)
    for factor_id, effect, n in observations.values_list(
        "factor_id", "effect"
    ).annotate(n=projects):
        _cell_add(result.cells.setdefault((ANY_STAGE, factor_id), Cell()), effect, n)
    return result


STOPPED = Q(status__in=[ProjectStatus.DISCONTINUED, ProjectStatus.PAUSED]) & ~Q(
    current_stage=DiamondStage.DELIVER
)
DELIVERED = (
    Q(current_stage=DiamondStage.DELIVER) & ~Q(status=ProjectStatus.DISCONTINUED)
) | Q(status=ProjectStatus.COMPLETED)


@dataclass
class BarrierRow:
    factor: Factor
    stopped: int
    delivered: int
    stopped_share: float
    delivered_share: float

    @property
    def difference(self) -> float:
        return self.stopped_share - self.delivered_share


@dataclass
class BarrierComparison:
    stopped_projects: int
    delivered_projects: int
    rows: list


def barrier_comparison(
    programme: Programme, *, stage: str = "", partner_kind: str = ""
) -> BarrierComparison:
    """For each factor, how many projects that stopped before Deliver, and how many
    that delivered, recorded it as a barrier (with shares of each group).

    Stopped before Deliver: discontinued or paused without reaching Deliver.
    Delivered: reached Deliver (and not discontinued), or completed.
    Three queries whatever the number of projects.
    """
    projects = filtered_projects(programme, partner_kind=partner_kind)
    sizes = projects.aggregate(
        stopped=Count("id", filter=STOPPED), delivered=Count("id", filter=DELIVERED)
    )
    stopped_ids = projects.filter(STOPPED).values("pk")
    delivered_ids = projects.filter(DELIVERED).values("pk")
    barriers = FactorObservation.objects.filter(
        project__in=projects, effect=Effect.BARRIER, factor__isnull=False
    )
    if stage:
        barriers = barriers.filter(stage=stage)
    counts = {
        row["factor_id"]: row
        for row in barriers.order_by()
        .values("factor_id")
        .annotate(
            stopped=Count("project", distinct=True, filter=Q(project__in=stopped_ids)),
            delivered=Count(
                "project", distinct=True, filter=Q(project__in=delivered_ids)
            ),
        )
    }
    factors = Factor.objects.filter(pk__in=counts).select_related("group")
    rows = []
    for factor in factors:
        row = counts[factor.pk]
        if not (row["stopped"] or row["delivered"]):
            continue
        rows.append(
            BarrierRow(
                factor=factor,
                stopped=row["stopped"],
                delivered=row["delivered"],
                stopped_share=row["stopped"] / sizes["stopped"]
                if sizes["stopped"]
                else 0.0,
                delivered_share=row["delivered"] / sizes["delivered"]
                if sizes["delivered"]
                else 0.0,
            )
        )
    rows.sort(key=lambda r: (-r.stopped_share, r.delivered_share, r.factor.name))
    return BarrierComparison(
        stopped_projects=sizes["stopped"],
        delivered_projects=sizes["delivered"],
        rows=rows,
    )


TONE_FILL = {
    "none": BACKGROUND,
    "enabler": ENABLER_FILL,
    "barrier": BARRIER_FILL,
    "mixed": CAUTION_FILL,
}


HEATMAP_CELL_W, HEATMAP_CELL_H = 34, 22
HEATMAP_LEFT, HEATMAP_PAD = 220, 10
# Factor names are written upright above their columns (so none runs past the
# right edge), in full; room for them is reckoned at a generous width per
# 11-unit character. Project titles that do not fit the left margin on one line
# go onto two smaller lines: a printed report never cuts a name.
HEATMAP_NAME_CHARS, HEATMAP_CHAR_W = 34, 6.2


# Advance widths in DejaVu Sans (the first font of coproduce.svg.FONT_FAMILY), in
# 2048ths of the font size, of every character a cell's cue (+2 −1) can hold.
CUE_FONT_SIZE = 9
CUE_ADVANCE = {"+": 1716, "−": 1716, " ": 651, **dict.fromkeys("0123456789", 1303)}


def _cue_x(label: str, centre: float) -> float:
    """Where a cue starts so that it is centred on ``centre``. Worked out here
    rather than with ``text-anchor="middle"``, for which WeasyPrint wraps every
    text in a PDF object of its own: thousands of cells at 500 projects."""
    width = sum(CUE_ADVANCE.get(ch, 1303) for ch in label) * CUE_FONT_SIZE / 2048
    return centre - width / 2


def _title_lines(title: str) -> list[str]:
    """A project title as one line, or split at the space nearest its middle."""
    if len(title) <= HEATMAP_NAME_CHARS:
        return [title]
    middle = len(title) // 2
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    if not spaces:
        return [title[:middle], title[middle:]]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [title[:cut], title[cut + 1 :]]


def _title_svg(title: str, *, right: float, y: float) -> str:
    """The title's ``<text>``, right-aligned at ``right`` in a row starting at y."""
    lines = _title_lines(title)
    if len(lines) == 1:
        return f'<text x="{right}" y="{y + 15}" text-anchor="end">{esc(title)}</text>'
    room = HEATMAP_LEFT - 12
    spans = []
    for i, line in enumerate(lines):
        # Long lines are squeezed to the margin rather than cut.
        fit = (
            f' textLength="{room}" lengthAdjust="spacingAndGlyphs"'
            if len(line) * 5.2 > room
            else ""
        )
        spans.append(
            f'<tspan x="{right}" y="{y + 10 + 9 * i}"{fit}>{esc(line)}</tspan>'
        )
    return f'<text text-anchor="end" font-size="8.5">{"".join(spans)}</text>'


def _header_height(factors) -> int:
    """Room above the grid for the longest factor name."""
    return max([60] + [round(len(f.name) * HEATMAP_CHAR_W) + 12 for f in factors])


def _group_runs(factors) -> list[tuple[object, int, int]]:
    """(group, first column, number of columns) for each run of factors of one
    factor group, in column order (factors come ordered by group)."""
    runs: list[list] = []
    for col, factor in enumerate(factors):
        group = getattr(factor, "group", None)
        if group is None:  # a factor drawn without its group: no heading
            continue
        if runs and runs[-1][0].pk == group.pk and runs[-1][1] + runs[-1][2] == col:
            runs[-1][2] += 1
        else:
            runs.append([group, col, 1])
    return [tuple(run) for run in runs]


def _group_fits(name: str, span: int) -> bool:
    """Whether a group's name fits written across its columns."""
    return len(name) * HEATMAP_CHAR_W + 6 <= span * HEATMAP_CELL_W


def _group_band_height(factors) -> int:
    """Room above the factor names for the factor-group headings (History,
    Leadership...): one line where each name fits across its columns, else room to
    write the names upright, in full."""
    upright = [
        len(group.name)
        for group, _, span in _group_runs(factors)
        if not _group_fits(group.name, span)
    ]
    return max([20] + [round(n * HEATMAP_CHAR_W) + 12 for n in upright])


def heatmap_size(factors: list, project_count: int) -> tuple[int, int]:
    """Width and height of ``heatmap_svg`` for these factors and so many projects
    (with no projects: the frame alone, as ``heatmap_chunks`` reckons it)."""
    return (
        HEATMAP_LEFT + HEATMAP_CELL_W * max(len(factors), 1) + HEATMAP_PAD,
        _group_band_height(factors)
        + _header_height(factors)
        + HEATMAP_CELL_H * project_count
        + HEATMAP_PAD,
    )


def heatmap_svg(
    data: Heatmap,
    *,
    title: str = "Enablers and barriers",
    ident: str = "heatmap",
    projects: list | None = None,
    factors: list | None = None,
    desc: str = "",
) -> str:
    """The heatmap as a standalone SVG string: rows are projects, columns factors.
    ``projects`` and ``factors`` draw part of it (see ``heatmap_chunks``).

    Each cell carries its text cue (+n −m), so the picture reads without colour.
    Empty cells are one white background under one grid path and the coloured
    ones one path per tone, not a rectangle each: a programme of hundreds of
    projects would otherwise hold tens of thousands of elements, which WeasyPrint
    parses and draws slowly.
    """
    projects = data.projects if projects is None else projects
    factors = data.factors if factors is None else factors
    cell_w, cell_h, left = HEATMAP_CELL_W, HEATMAP_CELL_H, HEATMAP_LEFT
    band = _group_band_height(factors)
    top = band + _header_height(factors)
    width, height = heatmap_size(factors, max(len(projects), 1))
    right = left + cell_w * max(len(factors), 1)
    bottom = top + cell_h * max(len(projects), 1)
    desc = desc or (
        f"{len(projects)} projects by {len(factors)} factors. Each cell shows "
        "+n for enablers and −n for barriers."
    )
    parts = [
        svg.svg_open(width, height, title=title, desc=desc, ident=ident, font_size=11)
    ]
    # Factor-group headings over their columns, as the page's table has them, with
    # a heavier rule between groups down the grid.
    separators = []
    for group, first, span in _group_runs(factors):
        x0, x1 = left + first * cell_w, left + (first + span) * cell_w
        if _group_fits(group.name, span):
            parts.append(
                f'<text x="{(x0 + x1) / 2:.0f}" y="{band - 6}" text-anchor="middle" '
                f'font-weight="bold">{esc(group.name)}</text>'
            )
        else:
            parts.append(
                f'<text transform="translate({(x0 + x1) / 2 + 4:.0f},{band - 6}) '
                f'rotate(-90)" font-weight="bold">{esc(group.name)}</text>'
            )
        parts.append(
            f'<path d="M{x0 + 2} {band - 1}H{x1 - 2}" stroke="{RULE}" '
            'stroke-width="1.5"/>'
        )
        if first:
            separators.append(f"M{x0} {band}V{bottom}")
    for col, factor in enumerate(factors):
        x = left + col * cell_w + cell_w / 2 + 4
        parts.append(
            f'<text transform="translate({x:.0f},{top - 6}) rotate(-90)">'
            f"{esc(factor.name)}</text>"
        )
    parts.append(
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
        f'fill="{TONE_FILL["none"]}"/>'
    )
    labels = []
    # The coloured cells as one path per tone, not a rectangle each: thousands of
    # elements fewer for WeasyPrint to parse, style and draw.
    shaded: dict[str, list[str]] = {}
    for row, project in enumerate(projects):
        y = top + row * cell_h
        parts.append(_title_svg(project.title, right=left - 6, y=y))
        for col, factor in enumerate(factors):
            cell = data.cells.get((project.pk, factor.pk))
            if cell is None or not cell.total:
                continue
            x = left + col * cell_w
            shaded.setdefault(cell.tone, []).append(
                f"M{x} {y}h{cell_w}v{cell_h}h-{cell_w}z"
            )
            labels.append(
                f'<text x="{_cue_x(cell.label, x + cell_w / 2):.1f}" y="{y + 15}">'
                f"{esc(cell.label)}</text>"
            )
    parts.extend(
        f'<path d="{"".join(cells)}" fill="{TONE_FILL[tone]}"/>'
        for tone, cells in shaded.items()
    )
    grid = [f"M{left} {y}H{right}" for y in range(top, bottom + 1, cell_h)]
    grid += [f"M{x} {top}V{bottom}" for x in range(left, right + 1, cell_w)]
    parts.append(
        f'<path d="{"".join(grid)}" fill="none" stroke="{RULE}" stroke-width="0.5"/>'
    )
    if separators:
        parts.append(
            f'<path d="{"".join(separators)}" fill="none" stroke="{RULE}" '
            'stroke-width="1.5"/>'
        )
    if labels:
        parts.append(f'<g font-size="{CUE_FONT_SIZE}">')
        parts.extend(labels)
        parts.append("</g>")
    parts.append(svg.SVG_CLOSE)
    return "".join(parts)


@dataclass(frozen=True)
class HeatmapChunk:
    svg: str
    projects: list
    factors: list
    caption: str


def _even_parts(items: list, most: int) -> list[list]:
    """``items`` cut into the fewest runs of at most ``most``, of even length."""
    if not items:
        return [items]
    count = -(-len(items) // max(most, 1))
    size = -(-len(items) // count)
    return [items[i : i + size] for i in range(0, len(items), size)]


def heatmap_chunks(
    data: Heatmap,
    *,
    max_width: float,
    max_height: float,
    min_scale: float,
    title: str = "Enablers and barriers",
) -> list[HeatmapChunk]:
    """The heatmap as SVGs that each fit a box of ``max_width`` by ``max_height``
    CSS pixels (a page less its margins, heading and caption), so a paged report
    can break between them: one picture can never break across pages.

    A picture wider than the box is shrunk to fit, but never below ``min_scale``:
    beyond that the factors are split into column blocks instead. Each block is
    then cut into runs of projects as tall as the box allows, the factor header
    drawn again on each. Chunks run project run by project run, blocks inside.
    """
    blocks = [data.factors]
    while len(blocks[0]) > 1 and any(
        heatmap_size(block, 0)[0] * min_scale > max_width for block in blocks
    ):
        blocks = _even_parts(data.factors, len(blocks[0]) - 1)
    rows = max(
        1,
        min(
            (max_height / min(1.0, max_width / width) - height) // HEATMAP_CELL_H
            for width, height in (heatmap_size(block, 0) for block in blocks)
        ),
    )
    runs = _even_parts(data.projects, int(rows))
    if not data.projects or len(runs) == len(blocks) == 1:
        return [
            HeatmapChunk(
                svg=heatmap_svg(data, title=title),
                projects=data.projects,
                factors=data.factors,
                caption="",
            )
        ]
    index = {p.pk: n for n, p in enumerate(data.projects, start=1)}
    factor_index = {f.pk: n for n, f in enumerate(data.factors, start=1)}
    chunks = []
    for run in runs:
        first, last = index[run[0].pk], index[run[-1].pk]
        for block in blocks:
            covers = (
                f"projects {first}–{last} of {len(data.projects)} "
                f"({run[0].title} to {run[-1].title})"
            )
            if len(blocks) > 1:
                covers += (
                    f", factors {factor_index[block[0].pk]}–"
                    f"{factor_index[block[-1].pk]} of {len(data.factors)}"
                )
            chunks.append(
                HeatmapChunk(
                    svg=heatmap_svg(
                        data,
                        title=f"{title}: {covers}",
                        ident=f"heatmap-{len(chunks) + 1}",
                        projects=run,
                        factors=block,
                        desc=f"Part {len(chunks) + 1}: {covers}. Each cell shows "
                        "+n for enablers and −n for barriers.",
                    ),
                    projects=run,
                    factors=block,
                    caption=covers[0].upper() + covers[1:] + ".",
                )
            )
    return chunks
