"""The data each report shows. Sections read through the same selectors and draw the
same SVG as the pages, so a PDF never says something the screen would not.

Reports may be read by anyone on the project, so quotes follow the strictest rule:
never "may not quote", always with redactions applied and attributed by role only.

Every context also lists its ``voices``: each quote the report shows, with its
speaker. The render path stores them with the PDF, so a report can be withdrawn
when someone whose words it holds withdraws consent.
"""

from dataclasses import dataclass

from django.utils import timezone

from coproduce import disclosure
from evaluation.coding.charts import agreement_svg
from evaluation.coding.selectors import finished_round_results
from evaluation.decisions import charts as decision_charts
from evaluation.decisions import selectors as decision_selectors
from evaluation.evidence.selectors import (
    exportable_quotes,
    programme_stages,
    response_rates,
    stage_totals,
    stated_total_notes,
)
from evaluation.factors import analysis
from evaluation.factors.selectors import stage_table
from evaluation.matrix import charts as matrix_charts
from evaluation.matrix import selectors as matrix_selectors
from evaluation.models import LearningPoint, ReportKind
from evaluation.outcomes.selectors import (
    contribution_rollup,
    project_claims,
    theory_versions,
)
from evaluation.reports import executive
from logicmodels.compare import compare_versions
from logicmodels.diagrams import logic_model_svg
from logicmodels.selectors import latest_models
from projects import selectors as project_selectors
from projects.access import Access
from projects.models import AccessRole, Activity, Programme, Project, RoleCategory
from projects.progress.diagrams import programme_diamond_svgs, project_path_svg
from projects.story.selectors import story_by_part

# Reports are shared with commissioners: read with a commissioner's eyes.
REPORT_READER = Access(role=AccessRole.COMMISSIONER)
MAX_QUOTES = 12
MAX_CODING_ROUNDS = 3

# The box one figure must fit on an A4 page with the margins of static/css/pdf.css
# (174 x 255 mm), less room for a heading and a caption, in CSS pixels (96 an inch).
# A picture cannot break across pages, so bigger ones are drawn in parts.
FIGURE_WIDTH_PX = 657
FIGURE_HEIGHT_PX = 820
# Shrunk below this, a wide heatmap's cell labels fall under 6 px (4.4 pt) and
# are too small to read; its factors are split into blocks instead.
HEATMAP_MIN_SCALE = 0.65
# Past this many projects the programme report summarises rather than listing:
# one short row per project (no design briefs), the factors by stage rather than
# by project, and the projects furthest from target. A row per project of
# everything ran to 122 pages at 500 projects; the web pages and the data feed
# keep the full detail.
REPORT_DETAIL_MAX = 100
SUMMARY_SCORES_SHOWN = 30


@dataclass(frozen=True)
class Voice:
    """One quote a report shows, and who said it (None: recorded by role only)."""

    quote_id: int
    stakeholder_id: int | None


def _voices(quotes) -> list[Voice]:
    """The distinct voices of these quotes, in the order they appear."""
    seen: dict[int, Voice] = {}
    for quote in quotes:
        seen.setdefault(quote.pk, Voice(quote.pk, quote.stakeholder_id))
    return list(seen.values())


def _decision_quotes(decisions) -> list:
    """The quotes a report shows under decisions, as readers may see them."""
    return [
        quote
        for decision in decisions
        for item in decision.inputs.all()
        for quote in item.quotes.all()
    ]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    template: str


def _role_label(role: str) -> str:
    try:
        return RoleCategory(role).label
    except ValueError:
        return role


def _quotes(project: Project, limit: int = MAX_QUOTES) -> list[dict]:
    quotes = exportable_quotes(project.programme).filter(project=project)[:limit]
    return [
        {
            "quote": quote,
            "text": quote.shown_text(),
            "role": _role_label(quote.role_category),
            "source": quote.get_source_display(),
            "themes": [theme.name for theme in quote.themes.all()],
        }
        for quote in quotes
    ]


def _logic_models(project: Project) -> dict | None:
    latest = latest_models(project)
    a_priori, post_facto = latest.get("a-priori"), latest.get("post-facto")
    if not (a_priori or post_facto):
        return None
    return {
        "a_priori": a_priori,
        "post_facto": post_facto,
        "a_priori_svg": logic_model_svg(a_priori, title="A priori logic model")
        if a_priori
        else "",
        "post_facto_svg": logic_model_svg(post_facto, title="Post facto logic model")
        if post_facto
        else "",
        "comparison": compare_versions(a_priori, post_facto)
        if a_priori and post_facto
        else None,
    }


def _matrix(project: Project) -> list[dict]:
    """Per framework: the trend across rounds and the results of the latest round."""
    blocks = []
    for trend in matrix_selectors.project_trend(project):
        latest = trend.points[-1].round if trend.points else None
        results = matrix_selectors.round_results(latest) if latest else None
        ident = f"f{trend.framework.pk}"
        blocks.append(
            {
                "framework": trend.framework,
                "trend": trend,
                "trend_svg": matrix_charts.trend_svg(trend, ident=f"trend-{ident}")
                if len(trend.points) > 1
                else "",
                "latest": latest,
                "results": results,
                "dotplot_svg": matrix_charts.round_dotplot_svg(
                    results, ident=f"dots-{ident}"
                )
                if results and results.response_count
                else "",
            }
        )
    return blocks


def case_study_context(project: Project) -> dict:
    involvements = list(project_selectors.project_involvements(project))
    briefs = list(project_selectors.project_briefs(project))
    transitions = project_selectors.project_transitions(project)
    activities = Activity.objects.filter(project=project)
    claims = list(project_claims(project, REPORT_READER))
    decisions = decision_selectors.project_decisions(project, REPORT_READER)
    quotes = _quotes(project)
    context = {
        "kind_label": ReportKind.CASE_STUDY.label,
        "title": f"Case study: {project.title}",
        "scope_title": project.title,
        "project": project,
        "programme": project.programme,
        "partners": list(project.partners.all()),
        "briefs": briefs,
        "people_by_role": _people_by_role(involvements),
        "seldom_heard": sum(
            1 for inv in involvements if inv.stakeholder.seldom_heard_groups.all()
        ),
        "people_total": len(involvements),
        "path_svg": project_path_svg(project, transitions),
        # Each move with its date and the reason given, as the timeline shows it.
        "transitions": [
            {
                "sentence": project_selectors.transition_sentence(t),
                "on": t.happened_on,
                "rationale": t.rationale,
            }
            for t in transitions
        ],
        "story": story_by_part(project),
        "stage_table": stage_table(project),
        "logic_models": _logic_models(project),
        "matrix": _matrix(project),
        "claims": claims,
        "decisions": decisions,
        "decisions_who_may_add": decision_selectors.WHO_MAY_ADD,
        "quotes": quotes,
        # "In their words", and the quotes under each outcome and each decision.
        "voices": _voices(
            [q["quote"] for q in quotes]
            + [quote for claim in claims for quote in claim.quotes.all()]
            + _decision_quotes(decisions)
        ),
        "participation": project_selectors.participation(activities),
        "learning_points": list(LearningPoint.objects.filter(project=project)),
        "disclosure": disclosure.explanation(),
        "min_group": disclosure.min_group(),
        "generated_at": timezone.now(),
    }
    context["executive"] = executive.project_summary(
        context, today=timezone.localdate()
    )
    context["sections"] = [
        Section("story", "The story: what worked, for whom", "pdf/_story.html"),
        Section("diamond", "The Double Diamond path", "pdf/_diamond.html"),
        Section("stages", "Stage by stage", "pdf/_stage_table.html"),
        Section(
            "logic-models", "A priori and post facto logic models", "pdf/_logic.html"
        ),
        Section("matrix", "Co-production matrix scores", "pdf/_matrix.html"),
        Section("outcomes", "Outcomes and contribution", "pdf/_outcomes.html"),
        Section(
            "decisions", "Decisions and whose input changed them", "pdf/_decisions.html"
        ),
        Section("voices", "In their words", "pdf/_quotes.html"),
        Section("people", "Who took part", "pdf/_people.html"),
        Section("learning", "Key learning points", "pdf/_learning.html"),
    ]
    return context


def _people_by_role(involvements) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for inv in involvements:
        role = inv.stakeholder.role_category
        counts[role] = counts.get(role, 0) + 1
    return [(_role_label(role), n) for role, n in sorted(counts.items())]


def _score_trend(block) -> dict:
    """A framework's latest round against its targets, and the move since the
    round before it (the summary's scores table)."""
    points, results = block["trend"].points, block["results"]
    dims = results.dimensions if results else []
    latest = points[-1] if points else None
    previous = points[-2] if len(points) > 1 else None
    change = None
    if latest and previous and None not in (latest.everyone, previous.everyone):
        change = latest.everyone - previous.everyone
    return {
        "framework": block["framework"],
        "round": block["latest"],
        "responses": results.response_count if results else 0,
        "average": latest.everyone if latest else None,
        "target": sum(d.target_number for d in dims) / len(dims) if dims else None,
        "at_target": sum(1 for d in dims if d.at_target),
        "parts": len(dims),
        "previous": previous.round if previous else None,
        "change": change,
        "trend_svg": block["trend_svg"],
    }


def _risks(context: dict) -> list[str]:
    """What could hold the project back, from its own record: the barriers noted
    at its current stage, parts of a matrix two or more levels below target, and
    why it stopped if it did."""
    project = context["project"]
    risks = []
    if project.status_reason:
        risks.append(f"{project.get_status_display()}: {project.status_reason}")
    for column in context["stage_table"]:
        if column["stage"] == project.current_stage:
            risks.extend(
                f"Barrier at {column['label']}: {entry.text}"
                for entry in column["barriers"]
            )
    for block in context["matrix"]:
        far = executive.far_below_target(block["results"])
        if far:
            risks.append(
                f"{block['framework'].name}: "
                + ", ".join(d.dimension.name.lower() for d in far)
                + f" {'is' if len(far) == 1 else 'are'} two or more levels below "
                "target."
            )
    return risks


def summary_context(project: Project) -> dict:
    """The commissioner's two pages: the path, scores per framework with trend,
    outcomes, reach, decisions, risks and next steps, and one quote."""
    context = case_study_context(project)
    quotes = context["quotes"][:1]
    context.update(
        kind_label=ReportKind.SUMMARY.label,
        title=f"Summary for commissioners: {project.title}",
        sections=[],
        quotes=quotes,
        # The summary names outcomes without their quotes.
        voices=_voices(q["quote"] for q in quotes),
        learning_points=context["learning_points"][:3],
        score_trends=[_score_trend(b) for b in context["matrix"] if b["latest"]],
        risks=_risks(context),
        next_steps=context["executive"].decide,
        decisions=list(context["decisions"]),
        # The summary has no separate summary page: it is one.
        executive=None,
        as_of=timezone.localdate(),
    )
    return context


def _programme_decisions(projects) -> dict:
    """Decisions by stage and by role, with every decision of the programme."""
    stages = decision_selectors.decisions_by_stage(projects)
    return {
        "stages": stages,
        "totals": decision_selectors.stage_totals(stages),
        "chart": decision_charts.stage_counts_svg(stages, ident="report-decisions"),
        "roles": decision_selectors.inputs_by_role(projects),
        "items": decision_selectors.programme_decisions(projects, REPORT_READER),
        "who_may_add": decision_selectors.WHO_MAY_ADD,
    }


def programme_context(programme: Programme) -> dict:
    projects = (
        Project.objects.filter(programme=programme)
        .select_related("programme")
        .prefetch_related("partners")
        .order_by("title")
    )
    project_list = list(projects)
    reach = project_selectors.reach_counts(projects)
    decisions = _programme_decisions(projects)
    theories = sorted(theory_versions(programme), key=lambda v: (v.dated, v.number))
    stages = programme_stages(programme)
    rates = response_rates(stages)
    heat = analysis.heatmap(programme, only_observed_factors=True)
    detailed = len(project_list) <= REPORT_DETAIL_MAX
    context = {
        "kind_label": ReportKind.PROGRAMME.label,
        "title": f"Cross-case report: {programme.name}",
        "scope_title": programme.name,
        "programme": programme,
        "projects": project_list,
        "status_summary": project_selectors.status_summary(projects),
        "diamond_svgs": programme_diamond_svgs(
            programme,
            project_list,
            max_width=FIGURE_WIDTH_PX,
            max_height=FIGURE_HEIGHT_PX,
        ),
        "detailed": detailed,
        "detail_max": REPORT_DETAIL_MAX,
        "heatmap": analysis.heatmap_chunks(
            heat,
            max_width=FIGURE_WIDTH_PX,
            max_height=FIGURE_HEIGHT_PX,
            min_scale=HEATMAP_MIN_SCALE,
        )
        if detailed
        else [],
        "by_stage": None
        if detailed
        else analysis.heatmap_by_stage(programme, heat.factors),
        "barriers": analysis.barrier_comparison(programme),
        "theory_first": theories[0] if theories else None,
        "theory_last": theories[-1] if len(theories) > 1 else None,
        "rollup": contribution_rollup(programme),
        "participation": project_selectors.participation(
            Activity.objects.filter(project__programme=programme)
        ),
        "reach": reach,
        "reach_by_role": [
            (_role_label(role), n) for role, n in sorted(reach["by_role"].items())
        ],
        "stages": [
            {
                "stage": s,
                "rows": rates.get(s.pk, []),
                "total": stage_totals(rates.get(s.pk, [])),
                "stated_notes": stated_total_notes(s, rates.get(s.pk, [])),
            }
            for s in stages
        ],
        "scores": matrix_selectors.programme_latest_rounds(projects),
        # Every project's latest round per framework, for the scores section.
        "score_groups": matrix_selectors.latest_rounds_by_framework(
            projects, limit=len(project_list) if detailed else SUMMARY_SCORES_SHOWN
        ),
        "decisions": decisions,
        # The quotes under each decision.
        "voices": _voices(_decision_quotes(decisions["items"])),
        "disclosure": disclosure.explanation(),
        "min_group": disclosure.min_group(),
        "coding_rounds": _coding_rounds(programme),
        "generated_at": timezone.now(),
    }
    context["executive"] = executive.programme_summary(
        context, today=timezone.localdate()
    )
    context["sections"] = [
        Section("portfolio", "The portfolio", "pdf/_portfolio.html"),
        Section(
            "diamond",
            "Every project on the Double Diamond",
            "pdf/_programme_diamond.html",
        ),
        Section("factors", "What helped and what hindered", "pdf/_factors.html"),
        Section("theory", "Theory of change: original and revised", "pdf/_theory.html"),
        Section("scores", "Co-production scores against target", "pdf/_scores.html"),
        Section("contribution", "Outcomes and contribution", "pdf/_rollup.html"),
        Section(
            "decisions",
            "Decisions and whose input changed them",
            "pdf/_programme_decisions.html",
        ),
        Section("reach", "Participation and seldom-heard reach", "pdf/_reach.html"),
        Section("responses", "Response rates", "pdf/_responses.html"),
        Section("coding", "Agreement between coders", "pdf/_coding.html"),
    ]
    return context


def _coding_rounds(programme: Programme) -> list[dict]:
    """The newest finished coding rounds with their agreement and chart."""
    return [
        {
            "round": coding_round,
            "data": data,
            "result": result,
            "settled": len(data.settlements),
            "chart": agreement_svg(result, title=coding_round.title),
        }
        for coding_round, data, result in finished_round_results(
            programme, limit=MAX_CODING_ROUNDS
        )
    ]


def report_context(kind: str, *, project=None, programme=None) -> dict:
    if kind == ReportKind.CASE_STUDY:
        return case_study_context(project)
    if kind == ReportKind.SUMMARY:
        return summary_context(project)
    return programme_context(programme)
