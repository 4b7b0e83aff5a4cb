"""Cross-case analysis of factor observations: the projects x factors heatmap and the
comparison of barriers between projects that stopped early and those that delivered.

Each function runs a fixed number of queries whatever the number of projects.
``heatmap_svg`` draws the same heatmap for the PDF reports (no JavaScript).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.html import escape

from projects.models import DiamondStage, Programme, Project, ProjectStatus

from .models import Effect, Factor, FactorObservation


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
) -> Heatmap:
    """Counts of enablers and barriers per project and catalogue factor.

    Three queries: the projects, the factors, and one aggregate of observations.
    """
    projects_qs = filtered_projects(programme, status=status, partner_kind=partner_kind)
    projects = list(
        projects_qs.only("id", "title", "slug", "status", "current_stage").order_by(
            "title"
        )
    )
    factors = list(
        Factor.objects.filter(group__programme=programme).select_related("group")
    )
    observations = FactorObservation.objects.filter(project__in=projects_qs)
    if stage:
        observations = observations.filter(stage=stage)
    result = Heatmap(projects=projects, factors=factors)
    rows = (
        observations.order_by()
        .values_list("project_id", "factor_id", "effect")
        .annotate(n=Count("id"))
    )
    for project_id, factor_id, effect, n in rows:
        if factor_id is None:
            result.unlinked += n
            continue
        for key, totals in (
            ((project_id, factor_id), result.cells),
            (factor_id, result.factor_totals),
            (project_id, result.project_totals),
        ):
            cell = totals.setdefault(key, Cell())
            if effect == Effect.ENABLER:
                cell.enablers += n
            else:
                cell.barriers += n
    if only_observed_factors:
        result.factors = [f for f in factors if f.pk in result.factor_totals]
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
    "none": "#ffffff",
    "enabler": "#d1e7dd",
    "barrier": "#f8d7da",
    "mixed": "#fff3cd",
}


def heatmap_svg(data: Heatmap, *, title: str = "Enablers and barriers") -> str:
    """The heatmap as a standalone SVG string: rows are projects, columns factors.

    Each cell carries its text cue (+n −m), so the picture reads without colour.
    """
    cell_w, cell_h, left, top = 34, 22, 220, 150
    width = left + cell_w * max(len(data.factors), 1) + 10
    height = top + cell_h * max(len(data.projects), 1) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="heatmap-title" font-family="sans-serif" font-size="11">',
        f'<title id="heatmap-title">{escape(title)}</title>',
    ]
    for col, factor in enumerate(data.factors):
        x = left + col * cell_w + cell_w / 2
        parts.append(
            f'<text transform="translate({x:.0f},{top - 6}) rotate(-60)">'
            f"{escape(factor.name[:34])}</text>"
        )
    for row, (project, cells, _) in enumerate(data.rows()):
        y = top + row * cell_h
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(project.title[:34])}</text>"
        )
        for col, (_, cell) in enumerate(cells):
            x = left + col * cell_w
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" '
                f'fill="{TONE_FILL[cell.tone]}" stroke="#adb5bd" stroke-width="0.5"/>'
            )
            if cell.total:
                parts.append(
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + 15}" '
                    f'text-anchor="middle" font-size="9">{escape(cell.label)}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)
