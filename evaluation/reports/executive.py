"""The one-page executive summary at the front of a case study and a programme
report: what happened, what was achieved and what to decide next, in plain words,
written from the report's own context (no stored text), with its figures dated.

Plain functions over the context the report already built, so the summary never
says something the sections after it do not show.
"""

import datetime as dt
from dataclasses import dataclass, field

from evaluation.models import ClaimStatus
from projects.models import ProjectStatus

# Scores older than this are called out as due again.
SCORES_STALE_DAYS = 180
FINISHED = {ProjectStatus.COMPLETED, ProjectStatus.DISCONTINUED}
GOT_THERE = {ClaimStatus.ACHIEVED, ClaimStatus.PARTLY}
# Beyond this many, "what to decide" gives a count, not a list of names.
NAMES_LISTED = 10


@dataclass
class Figure:
    label: str
    value: str
    as_of: dt.date | None = None


@dataclass
class ExecutiveSummary:
    happened: list[str] = field(default_factory=list)
    achieved: list[str] = field(default_factory=list)
    decide: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    as_of: dt.date | None = None


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def far_below_target(results) -> list:
    """The parts of a round two or more levels below their target."""
    if not results:
        return []
    return [d for d in results.dimensions if d.distance and d.distance >= 2]


def _score_line(block) -> tuple[str, Figure] | None:
    """One framework's latest round in words, and its figure."""
    results, latest = block["results"], block["latest"]
    if not results or not results.response_count:
        return None
    dims = results.dimensions
    at_target = sum(1 for d in dims if d.at_target)
    scored = [d.overall.median for d in dims if d.overall.median is not None]
    average = sum(scored) / len(scored) if scored else None
    target = sum(d.target_number for d in dims) / len(dims) if dims else None
    name = block["framework"].name
    text = (
        f"{name}: {at_target} of {len(dims)} parts at target in the latest round "
        f"({_day(latest.held_on)}, {_plural(results.response_count, 'response')})"
    )
    if average is not None and target is not None:
        text += f"; average {average:.1f} against a target of {target:.1f}"
    return text + ".", Figure(
        f"{name}: parts at target", f"{at_target} of {len(dims)}", latest.held_on
    )


def project_summary(context: dict, *, today: dt.date) -> ExecutiveSummary:
    """The executive summary of one project's case study."""
    project = context["project"]
    summary = ExecutiveSummary(as_of=today)
    participation = context["participation"]
    span = f"started on {_day(project.start_date)}" if project.start_date else ""
    status = project.get_status_display().lower()
    stage = project.get_current_stage_display() or "not started"
    summary.happened.append(
        f"{project.title} {span + ' and ' if span else ''}is {status}; "
        f"its Double Diamond stage is {stage}."
        if project.status not in FINISHED
        else f"{project.title} {span + ' and ' if span else ''}is {status}, "
        f"at the {stage} stage."
    )
    if project.status_reason:
        summary.happened.append(f"Why: {project.status_reason}")
    moves = len(context["transitions"])
    if moves:
        summary.happened.append(
            f"It made {_plural(moves, 'stage move')}, recorded on the path below."
        )
    summary.happened.append(
        f"{_plural(context['people_total'], 'person', 'people')} took part in "
        f"{_plural(participation['attendance'], 'attendance')} across "
        f"{_plural(participation['activities'], 'activity', 'activities')}; "
        f"participants helped plan {participation['co_constructed_share']}% of them."
    )
    claims = context["claims"]
    for claim in claims:
        summary.achieved.append(
            f"{claim.indicator.name}: {claim.get_status_display().lower()}, with "
            f"{claim.get_contribution_display().lower()} contribution from the "
            "programme."
        )
    if not claims:
        summary.achieved.append(
            "No outcomes have been assessed yet. An evaluator can add a "
            "contribution claim on the Outcomes page."
        )
    stale = []
    for block in context["matrix"]:
        line = _score_line(block)
        if line:
            summary.achieved.append(line[0])
            summary.figures.append(line[1])
            held_on = block["latest"].held_on
            if (today - held_on).days > SCORES_STALE_DAYS:
                stale.append((block["framework"].name, held_on))
    summary.decide.extend(_project_decisions(context, stale))
    summary.figures[:0] = [
        Figure("Activities", f"{participation['activities']:,}", today),
        Figure("Attendances", f"{participation['attendance']:,}", today),
        Figure("People taking part", f"{context['people_total']:,}", today),
        Figure(
            "Outcomes achieved in full or in part",
            f"{sum(1 for c in claims if c.status in GOT_THERE)} of {len(claims)}"
            if claims
            else "None assessed yet",
            today,
        ),
    ]
    return summary


def _project_decisions(context: dict, stale) -> list[str]:
    project = context["project"]
    out = []
    if project.status == ProjectStatus.ACTIVE:
        stage = project.get_current_stage_display() or "Discover"
        out.append(
            f"Whether the project is ready to leave {stage}, or needs another "
            "turn at it."
        )
    if project.status == ProjectStatus.PAUSED:
        out.append("Whether to restart the project, or close it with a reason.")
    unassessed = [c for c in context["claims"] if c.status == ClaimStatus.TOO_EARLY]
    if unassessed:
        out.append(
            f"When to look again at {_plural(len(unassessed), 'outcome')} marked "
            "too early to tell."
        )
    for name, held_on in stale:
        out.append(
            f"Whether to score {name} again: the last round was on {_day(held_on)}."
        )
    models = context["logic_models"]
    if project.status in FINISHED and not (models and models["post_facto"]):
        out.append(
            "Who writes the post facto logic model, to compare what happened "
            "with what was hoped."
        )
    for block in context["matrix"]:
        far = far_below_target(block["results"])
        if far:
            names = ", ".join(d.dimension.name.lower() for d in far[:3])
            out.append(
                f"How to close the gap on {names} ({block['framework'].name}), "
                "two or more levels below target."
            )
    if not out:
        out.append("Nothing is waiting on a decision: the record is complete.")
    return out


def programme_summary(context: dict, *, today: dt.date) -> ExecutiveSummary:
    """The executive summary of a programme's cross-case report."""
    summary = ExecutiveSummary(as_of=today)
    counts = {label: n for _, label, n in context["status_summary"] if n}
    total = sum(counts.values())
    summary.happened.append(
        f"The programme has {_plural(total, 'project')}: "
        + ", ".join(f"{n} {label.lower()}" for label, n in counts.items())
        + "."
    )
    participation, reach = context["participation"], context["reach"]
    summary.happened.append(
        f"{_plural(reach['total'], 'person', 'people')} took part "
        f"({reach['seldom_heard']:,} from seldom-heard groups) in "
        f"{_plural(participation['attendance'], 'attendance')} across "
        f"{_plural(participation['activities'], 'activity', 'activities')}."
    )
    reached, not_yet = [], []
    for row in context["rollup"]:
        achieved = row.by_status.get(ClaimStatus.ACHIEVED, 0)
        partly = row.by_status.get(ClaimStatus.PARTLY, 0)
        if achieved + partly:
            reached.append(f"{row.indicator.name.rstrip('.')} ({achieved + partly})")
        else:
            not_yet.append(row.indicator.name.rstrip("."))
    if reached:
        summary.achieved.append(
            "Outcomes reached in full or in part (number of projects): "
            + "; ".join(reached)
            + "."
        )
    if not_yet:
        summary.achieved.append(
            "Not yet reached by any project assessed: " + "; ".join(not_yet) + "."
        )
    if not context["rollup"]:
        summary.achieved.append(
            "No outcomes have been set for the programme yet. An evaluator can add "
            "them on the programme's Outcomes page."
        )
    for group in context["score_groups"]:
        summary.achieved.append(
            f"{group.framework.name}: {group.all_met} of "
            f"{_plural(group.count, 'project')} scored reached the target on every "
            "part in their latest round."
        )
        summary.figures.append(
            Figure(
                f"{group.framework.name}: projects at target",
                f"{group.all_met} of {group.count}",
                group.latest_held_on,
            )
        )
    summary.decide.extend(_programme_decisions(context, today))
    summary.figures[:0] = [
        Figure("Projects", f"{total:,}", today),
        Figure("People taking part", f"{reach['total']:,}", today),
        Figure("Attendances", f"{participation['attendance']:,}", today),
        Figure("Decisions logged", f"{context['decisions']['totals'].total:,}", today),
    ]
    return summary


def _programme_decisions(context: dict, today) -> list[str]:
    out = []
    paused = [p for p in context["projects"] if p.status == ProjectStatus.PAUSED]
    if len(paused) > NAMES_LISTED:
        out.append(
            f"Whether to restart or close the {len(paused):,} paused projects, "
            "marked Paused in the portfolio."
        )
    elif paused:
        out.append(
            "Whether to restart or close the paused "
            + _plural(len(paused), "project")
            + ": "
            + ", ".join(p.title for p in paused)
            + "."
        )
    for group in context["score_groups"]:
        below = group.count - group.all_met
        if below:
            out.append(
                f"Where to put support so the {_plural(below, 'project')} below "
                f"target on {group.framework.name} can reach it."
            )
    scored = {pk for group in context["score_groups"] for pk in group.project_ids}
    unscored = [
        p
        for p in context["projects"]
        if p.status == ProjectStatus.ACTIVE and p.pk not in scored
    ]
    if unscored and len(unscored) <= 5:
        out.append(
            "Whether to score "
            + ", ".join(p.title for p in unscored)
            + ": active, with no scoring round shown here."
        )
    if not out:
        out.append("Nothing is waiting on a decision: every project is on track.")
    return out
