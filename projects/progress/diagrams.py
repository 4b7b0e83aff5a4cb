"""Double Diamond pictures as server-side SVG strings.

Plain functions returning markup, with no JavaScript, so the same picture works on a
page and in a PDF (WeasyPrint). The document, palette and escaping come from
``coproduce.svg``: every piece of text is escaped, and each picture has
``role="img"`` (``"group"`` when it holds links), a ``<title>`` and a ``<desc>``;
pages put a text version next to it.
"""

import math
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import mark_safe

from coproduce import svg
from coproduce.svg import (
    BACKGROUND,
    BLUE,
    BROWN,
    GREEN,
    LINE,
    RED,
    SLATE,
    STAGE_CURRENT_FILL,
    STAGE_FILL,
    STAGE_REACHED_FILL,
    TEXT,
    TEXT_MUTED,
    TEXT_ON_DARK,
    esc,
)
from projects.models import DiamondStage, ProjectStatus, TransitionKind, stage_position


def _text(value) -> str:
    """One argument of ``_html``: floats to one decimal place, safe strings as they
    are, anything else escaped (what ``conditional_escape`` does, without its lazy
    wrappers: pictures of a big programme hold thousands of arguments)."""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return esc(value)


def _html(template: str, *args, **kwargs) -> str:
    """Like ``format_html``, with numbers written to one decimal place."""
    return mark_safe(
        template.format(*map(_text, args), **{k: _text(v) for k, v in kwargs.items()})
    )


FORWARD = BLUE
BACK = RED

# Colour plus a shape per status, so status never depends on colour alone.
STATUS_STYLE = {
    ProjectStatus.PROPOSED: (SLATE, "ring"),
    ProjectStatus.ACTIVE: (GREEN, "circle"),
    ProjectStatus.PAUSED: (BROWN, "triangle"),
    ProjectStatus.COMPLETED: (BLUE, "square"),
    ProjectStatus.DISCONTINUED: (RED, "octagon"),
}
STATUS_LABELS = dict(ProjectStatus.choices)
STAGE_LABELS = dict(DiamondStage.choices)
SHAPE_WORDS = {
    "ring": "hollow circle",
    "circle": "filled circle",
    "triangle": "triangle",
    "square": "square",
    "octagon": "stop-sign octagon",
}
STAGE_HINTS = {
    DiamondStage.DISCOVER: "explore the problem",
    DiamondStage.DEFINE: "agree the focus",
    DiamondStage.DEVELOP: "try out ideas",
    DiamondStage.DELIVER: "put what works in place",
}


def _diamonds(left, top, stage_width, height, fills=None) -> str:
    """Two diamonds side by side; each half is one stage. ``fills`` maps stage to a
    fill colour for that half."""
    fills = fills or {}
    mid = top + height / 2
    parts = []
    for index, stage in enumerate(DiamondStage.values):
        x0 = left + index * stage_width
        diverging = index % 2 == 0
        if diverging:  # the widening half: a point on the left, full height right
            points = [
                (x0, mid),
                (x0 + stage_width, top),
                (x0 + stage_width, top + height),
            ]
        else:
            points = [(x0, top), (x0 + stage_width, mid), (x0, top + height)]
        parts.append(
            _html(
                '<polygon points="{}" fill="{}" stroke="{}" stroke-width="1.5"/>',
                " ".join(f"{x},{y}" for x, y in points),
                fills.get(stage, STAGE_FILL),
                LINE,
            )
        )
    return "".join(parts)


def _stage_labels(left, y, stage_width, current="") -> str:
    parts = []
    for index, (stage, label) in enumerate(DiamondStage.choices):
        x = left + index * stage_width + stage_width / 2
        weight = "bold" if stage == current else "normal"
        parts.append(
            _html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="14" '
                'font-weight="{}" fill="{}">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" '
                'fill="{}">{}</text>',
                x,
                y,
                weight,
                TEXT,
                label,
                x,
                y + 15,
                TEXT_MUTED,
                STAGE_HINTS[stage],
            )
        )
    return "".join(parts)


def project_path_svg(project, transitions=None) -> str:
    """One project's path through the four stages: forward moves arc above the
    diamonds, moves back (iteration) arc below in red and dashed, each numbered in
    order; a marker shows where the project is now (a cross if it stopped there).

    ``transitions`` are the project's StageTransitions in order (fetched if omitted).
    """
    if transitions is None:
        from projects.selectors import project_transitions

        transitions = project_transitions(project)
    # Stage names across the top, forward moves arc above the centre line, moves
    # back below it; the key sits at the bottom.
    left, top, stage_width, height = 30, 72, 170, 120
    width = left * 2 + stage_width * 4
    mid = top + height / 2
    total_height = top + height + 68
    reached = max(
        [stage_position(t.to_stage) for t in transitions]
        + [stage_position(project.current_stage)]
    )
    fills = {
        stage: STAGE_REACHED_FILL
        for stage in DiamondStage.values
        if stage_position(stage) <= reached
    }
    if project.current_stage:
        fills[project.current_stage] = STAGE_CURRENT_FILL

    def centre(stage):
        return left + stage_position(stage) * stage_width + stage_width / 2

    moves = [t for t in transitions if t.kind != TransitionKind.STOP]
    backs = sum(1 for t in moves if t.kind == TransitionKind.BACK)
    where = (
        DiamondStage(project.current_stage).label
        if project.current_stage
        else "not started"
    )
    desc = (
        f"{project.title} is now at {where} ({project.get_status_display().lower()}). "
        f"It has made {len(moves)} stage change{'s' if len(moves) != 1 else ''}, "
        f"{backs} of them back to an earlier stage."
    )
    parts = [
        svg.svg_open(
            width,
            total_height,
            ident=f"path-{project.pk}",
            title=f"Double Diamond path of {project.title}",
            desc=desc,
            cls="diamond-svg",
        ),
        _diamonds(left, top, stage_width, height, fills),
        _stage_labels(left, 16, stage_width, project.current_stage),
    ]
    # Repeats of the same move nest, each a little further out, so none overlap.
    seen_moves: dict[tuple, int] = {}
    for number, move in enumerate(moves, start=1):
        x2 = centre(move.to_stage)
        going_back = move.kind == TransitionKind.BACK
        if move.kind == TransitionKind.START:
            x1 = left - 10
        else:
            x1 = centre(move.from_stage)
        key = (move.from_stage, move.to_stage)
        repeat = seen_moves.get(key, 0)
        seen_moves[key] = repeat + 1
        if going_back:
            cy = mid + 125 + 24 * repeat
            y_end = mid + 16
            colour, dash = BACK, ' stroke-dasharray="6 4"'
        else:
            cy = mid - 125 - 24 * repeat
            y_end = mid - 16
            colour, dash = FORWARD, ""
        cx = (x1 + x2) / 2
        parts.append(
            _html(
                '<path d="M {} {} Q {} {} {} {}" fill="none" '
                'stroke="{}" stroke-width="2.5"{}/>',
                x1,
                y_end,
                cx,
                cy,
                x2,
                y_end,
                colour,
                mark_safe(dash),
            )
        )
        parts.append(svg.arrow_head(x2, y_end, x2 - cx, y_end - cy, colour))
        # The number sits on the curve: the middle, or further along for repeats.
        t = 0.5 + 0.15 * repeat
        nx = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t * t * x2
        ny = (1 - t) ** 2 * y_end + 2 * (1 - t) * t * cy + t * t * y_end
        parts.append(
            _html(
                '<circle cx="{}" cy="{}" r="9" fill="{bg}" stroke="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" '
                'fill="{}">{}</text>',
                nx,
                ny,
                colour,
                nx,
                ny + 4,
                TEXT,
                number,
                bg=BACKGROUND,
            )
        )
    stopped = project.status in {ProjectStatus.PAUSED, ProjectStatus.DISCONTINUED}
    if project.current_stage:
        x = centre(project.current_stage)
        if stopped:
            colour = STATUS_STYLE[project.status][0]
            parts.append(
                _html(
                    '<circle cx="{x}" cy="{y}" r="11" fill="{bg}" '
                    'stroke="{c}" stroke-width="2.5"/>'
                    '<path d="M {a} {b} L {e} {f} M {a} {f} '
                    'L {e} {b}" stroke="{c}" stroke-width="3"/>',
                    x=x,
                    y=mid,
                    c=colour,
                    a=x - 6,
                    b=mid - 6,
                    e=x + 6,
                    f=mid + 6,
                    bg=BACKGROUND,
                )
            )
            label = f"{project.get_status_display()} here"
        else:
            parts.append(
                _html(
                    '<circle cx="{}" cy="{}" r="10" fill="{}" stroke="{bg}" '
                    'stroke-width="2"/>',
                    x,
                    mid,
                    TEXT,
                    bg=BACKGROUND,
                )
            )
            label = (
                project.get_status_display()
                if project.status == ProjectStatus.COMPLETED
                else "Now"
            )
        # Beside the marker, where no arrow ends: left of it at Deliver (the edge).
        at_end = project.current_stage == DiamondStage.DELIVER
        parts.append(
            _html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="12" '
                'font-weight="bold" fill="{}">{}</text>',
                x - 15 if at_end else x + 15,
                mid + 4,
                "end" if at_end else "start",
                TEXT,
                label,
            )
        )
    else:
        parts.append(
            _html(
                '<text x="{}" y="{}" font-size="12" fill="{}">Not started yet</text>',
                left,
                top - 12,
                TEXT,
            )
        )
    # Key
    key_y = total_height - 12
    parts.append(
        _html(
            '<line x1="{x}" y1="{y}" x2="{x2}" y2="{y}" stroke="{f}" stroke-width="2.5"/>'
            '<text x="{t}" y="{ty}" font-size="11" fill="{ink}">forward move</text>'
            '<line x1="{bx}" y1="{y}" x2="{bx2}" y2="{y}" stroke="{b}" '
            'stroke-width="2.5" stroke-dasharray="6 4"/>'
            '<text x="{bt}" y="{ty}" font-size="11" fill="{ink}">'
            "move back (iteration)</text>",
            x=left,
            x2=left + 30,
            y=key_y,
            ty=key_y + 4,
            t=left + 36,
            f=FORWARD,
            bx=left + 140,
            bx2=left + 170,
            bt=left + 176,
            b=BACK,
            ink=TEXT,
        )
    )
    parts.append(svg.SVG_CLOSE)
    return mark_safe("".join(parts))


def _marker(shape, x, y, colour, r=10) -> str:
    if shape == "circle":
        return _html('<circle cx="{}" cy="{}" r="{}" fill="{}"/>', x, y, r, colour)
    if shape == "ring":
        return _html(
            '<circle cx="{}" cy="{}" r="{}" fill="{bg}" stroke="{}" '
            'stroke-width="2.5"/>',
            x,
            y,
            r - 1,
            colour,
            bg=BACKGROUND,
        )
    if shape == "square":
        return _html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
            x - r + 1,
            y - r + 1,
            2 * r - 2,
            2 * r - 2,
            colour,
        )
    if shape == "triangle":
        r += 3  # a triangle needs more room than a circle for the same number
        return _html(
            '<polygon points="{},{} {},{} {},{}" fill="{}"/>',
            x,
            y - r - 1,
            x + r + 1,
            y + r - 1,
            x - r - 1,
            y + r - 1,
            colour,
        )
    # octagon: a stop sign, for projects that were discontinued
    points = []
    for corner in range(8):
        angle = math.pi / 8 + corner * math.pi / 4
        points.append(
            f"{x + (r + 1) * math.cos(angle):.1f},{y + (r + 1) * math.sin(angle):.1f}"
        )
    return _html('<polygon points="{}" fill="{}"/>', " ".join(points), colour)


def _text_colour(shape) -> str:
    return (
        TEXT_ON_DARK if shape in {"circle", "square", "triangle", "octagon"} else TEXT
    )


DIAMOND_LEFT, DIAMOND_STAGE_WIDTH, DIAMOND_PER_ROW, DIAMOND_GAP = 140, 180, 5, 27
DIAMOND_TOP, DIAMOND_FOOT, DIAMOND_MIN_HEIGHT = 40, 120, 150
DIAMOND_WIDTH = DIAMOND_LEFT + DIAMOND_STAGE_WIDTH * 4 + 20


def _programme_frame(left, top, stage_width, height) -> str:
    """The two diamonds, their stage names and the "Not started" box."""
    return "".join(
        [
            '<g role="img" aria-label="The two diamonds: Discover, Define, Develop '
            'and Deliver, with a box for projects not started">',
            _diamonds(left, top, stage_width, height),
            _stage_labels(left, top + height + 24, stage_width),
            _html(
                '<rect x="10" y="{}" width="{}" height="{}" fill="{bg}" stroke="{}" '
                'stroke-dasharray="4 3"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="{}">'
                "Not started</text>",
                top,
                left - 30,
                height,
                LINE,
                10 + (left - 30) / 2,
                top + height + 24,
                TEXT,
                bg=BACKGROUND,
            ),
            "</g>",
        ]
    )


def _programme_key(total_height, heading: str) -> str:
    """The status key under a programme's diamond: marker, name and shape."""
    key_y = total_height - 50
    parts = [
        _html(
            '<text x="{}" y="{}" font-size="12" font-weight="bold" fill="{}">{}</text>',
            20,
            key_y - 18,
            TEXT,
            heading,
        )
    ]
    for index, (status, label) in enumerate(ProjectStatus.choices):
        colour, shape = STATUS_STYLE[status]
        row, col = divmod(index, 4)
        x, y = 20 + col * 210, key_y + row * 26
        parts.append(_marker(shape, x + 10, y, colour, r=8))
        parts.append(
            _html(
                '<text x="{}" y="{}" font-size="12" fill="{}">{} ({})</text>',
                x + 24,
                y + 4,
                TEXT,
                label,
                SHAPE_WORDS[shape],
            )
        )
    return "".join(parts)


def programme_diamond_svg(programme, projects, *, first=1, total=None) -> str:
    """Every project placed at its current stage (as in the programme report's
    cross-case figure), one numbered marker each, coloured and shaped by status,
    linking to the project. Numbers follow the order of ``projects``; pages list
    the same numbers in a table next to the picture.

    ``first`` and ``total`` draw one part of a bigger programme (see
    ``programme_diamond_svgs``): numbering starts at ``first`` of ``total``.
    """
    projects = list(projects)
    left, stage_width, per_row, gap = (
        DIAMOND_LEFT,
        DIAMOND_STAGE_WIDTH,
        DIAMOND_PER_ROW,
        DIAMOND_GAP,
    )
    columns = {"": []}
    columns.update({stage: [] for stage in DiamondStage.values})
    for number, project in enumerate(projects, start=first):
        columns.setdefault(project.current_stage, columns[""]).append((number, project))
    rows = max(
        [(len(items) + per_row - 1) // per_row for items in columns.values()] + [1]
    )
    height = max(DIAMOND_MIN_HEIGHT, rows * gap + 60)
    top = DIAMOND_TOP
    width = DIAMOND_WIDTH
    mid = top + height / 2
    total_height = top + height + DIAMOND_FOOT
    counts = ", ".join(
        f"{len(columns[stage])} at {label}" for stage, label in DiamondStage.choices
    )
    ident = f"programme-{programme.pk}"
    title = f"Where the projects of {programme.name} are in the Double Diamond"
    scope = f"{len(projects)} projects"
    if total is not None and (first != 1 or len(projects) != total):
        last = first + len(projects) - 1
        ident += f"-{first}"
        title = (
            f"Where projects {first}–{last} of the {total} in {programme.name} "
            "are in the Double Diamond"
        )
        scope = f"Projects {first} to {last} of {total}"
    desc = (
        f"{scope}: {counts}, {len(columns[''])} not started. "
        "Each marker links to its project; the table next to the picture lists them."
    )
    parts = [
        svg.svg_open(
            width,
            total_height,
            ident=ident,
            title=title,
            desc=desc,
            cls="diamond-svg",
            links=True,
        ),
        _programme_frame(left, top, stage_width, height),
    ]

    def place(items, x_left, column_width):
        used_rows = (len(items) + per_row - 1) // per_row
        y0 = mid - (used_rows - 1) * gap / 2
        for index, (number, project) in enumerate(items):
            row, col = divmod(index, per_row)
            in_row = min(per_row, len(items) - row * per_row)
            x = x_left + column_width / 2 + (col - (in_row - 1) / 2) * gap
            y = y0 + row * gap
            colour, shape = STATUS_STYLE.get(
                project.status, STATUS_STYLE[ProjectStatus.ACTIVE]
            )
            # Plain f-strings with only the user's text escaped: a programme of
            # hundreds of projects draws this hundreds of times.
            url = esc(project.get_absolute_url())
            title = esc(
                f"{number}. {project.title}: "
                f"{STATUS_LABELS.get(project.status, project.status)}, "
                f"{STAGE_LABELS.get(project.current_stage, 'not started')}"
            )
            parts.append(
                f'<a href="{url}" xlink:href="{url}"><title>{title}</title>'
                f"{_marker(shape, x, y, colour)}"
                f'<text x="{x:.1f}" y="{y + 3.5 + (2 if shape == "triangle" else 0):.1f}" '
                'text-anchor="middle" font-size="10" font-weight="bold" '
                f'fill="{_text_colour(shape)}">{number}</text></a>'
            )

    place(columns[""], 10, left - 30)
    for index, stage in enumerate(DiamondStage.values):
        place(columns[stage], left + index * stage_width, stage_width)

    parts.append(_programme_key(total_height, "Key"))
    parts.append(svg.SVG_CLOSE)
    return mark_safe("".join(parts))


def programme_diamond_svgs(programme, projects, *, max_width, max_height) -> list:
    """``programme_diamond_svg`` cut into parts that each fit a box of ``max_width``
    by ``max_height`` CSS pixels (a page less its margins), for paged reports: one
    picture cannot break across pages. Parts hold runs of consecutive numbers, a
    new part starting when a stage has no room left for another marker."""
    projects = list(projects)
    scale = min(1.0, max_width / DIAMOND_WIDTH)
    free = max_height / scale - DIAMOND_TOP - DIAMOND_FOOT - 60
    capacity = max(1, int(free // DIAMOND_GAP)) * DIAMOND_PER_ROW
    parts, counts = [[]], {}
    for project in projects:
        stage = project.current_stage if project.current_stage in STAGE_HINTS else ""
        if counts.get(stage, 0) == capacity:
            parts.append([])
            counts = {}
        counts[stage] = counts.get(stage, 0) + 1
        parts[-1].append(project)
    if len(parts) == 1:
        return [programme_diamond_svg(programme, projects)]
    svgs, first = [], 1
    for part in parts:
        svgs.append(
            programme_diamond_svg(programme, part, first=first, total=len(projects))
        )
        first += len(part)
    return svgs


def programme_diamond_rows(projects) -> str:
    """The rows of the table that lists the programme diamond's markers by number
    (built here rather than in a template: a big programme has hundreds)."""
    return mark_safe(
        "".join(
            f'<tr><td>{number}</td><td><a href="{esc(p.get_absolute_url())}">'
            f"{esc(p.title)}</a></td>"
            f"<td>{esc(STAGE_LABELS.get(p.current_stage, 'Not started'))}</td>"
            f"<td>{esc(STATUS_LABELS.get(p.status, p.status))}</td></tr>"
            for number, p in enumerate(projects, start=1)
        )
    )


# The commissioner dashboard's stage filter value for projects not started yet.
NOT_STARTED_FILTER = "none"


def dashboard_link(programme):
    """``link(stage, status)`` for the counted picture: the commissioner dashboard
    showing only those projects (where the picture draws one marker each)."""
    base = reverse("evaluation:commissioner_dashboard", args=[programme.slug])

    def link(stage: str, status: str) -> str:
        return f"{base}?{urlencode({'stage': stage or NOT_STARTED_FILTER, 'status': status})}"

    return link


# Above this many projects the pages draw one marker per stage and status, with the
# number of projects on it, instead of one per project: hundreds of numbered markers
# cannot be read, and would make the page grow with the programme.
DIAMOND_MARKERS_MAX = 60
COUNT_GAP, COUNT_R = 40, 15


def programme_diamond_counts_svg(programme, counts: dict, link) -> str:
    """The programme's diamond for a big programme: at each stage (and in the "Not
    started" box) one marker per status with its number of projects, linking to
    ``link(stage, status)`` (the list of those projects)."""
    left, stage_width = DIAMOND_LEFT, DIAMOND_STAGE_WIDTH
    columns = [("", "Not started", 10, left - 30)] + [
        (stage, label, left + index * stage_width, stage_width)
        for index, (stage, label) in enumerate(DiamondStage.choices)
    ]
    statuses = ProjectStatus.choices
    most = max(
        [
            sum(1 for status, _ in statuses if counts.get((stage, status)))
            for stage, *_ in columns
        ]
        + [1]
    )
    height = max(DIAMOND_MIN_HEIGHT, most * COUNT_GAP + 40)
    top, width = DIAMOND_TOP, DIAMOND_WIDTH
    mid = top + height / 2
    total_height = top + height + DIAMOND_FOOT
    total = sum(counts.values())
    by_stage = ", ".join(
        f"{sum(n for (s, _), n in counts.items() if s == stage)} at {label}"
        for stage, label in DiamondStage.choices
    )
    not_started = sum(n for (s, _), n in counts.items() if s not in STAGE_LABELS)
    parts = [
        svg.svg_open(
            width,
            total_height,
            ident=f"programme-{programme.pk}-counts",
            title=f"Where the {total} projects of {programme.name} are in the "
            "Double Diamond",
            desc=f"{total} projects: {by_stage}, {not_started} not started. Each "
            "marker shows how many projects are at that stage with that status, and "
            "links to the list of them; the table next to the picture gives the same "
            "numbers.",
            cls="diamond-svg",
            links=True,
        ),
        _programme_frame(left, top, stage_width, height),
    ]
    for stage, stage_label, x_left, column_width in columns:
        present = [(s, label) for s, label in statuses if counts.get((stage, s))]
        y0 = mid - (len(present) - 1) * COUNT_GAP / 2
        x = x_left + column_width / 2
        for row, (status, status_label) in enumerate(present):
            y = y0 + row * COUNT_GAP
            n = counts[(stage, status)]
            colour, shape = STATUS_STYLE[status]
            url = esc(link(stage, status))
            title = esc(
                f"{n} {'project' if n == 1 else 'projects'}: {status_label}, "
                f"{stage_label}"
            )
            parts.append(
                f'<a href="{url}" xlink:href="{url}"><title>{title}</title>'
                f"{_marker(shape, x, y, colour, r=COUNT_R)}"
                f'<text x="{x:.1f}" y="{y + 4 + (2 if shape == "triangle" else 0):.1f}" '
                'text-anchor="middle" font-size="11" font-weight="bold" '
                f'fill="{_text_colour(shape)}">{n}</text></a>'
            )
    parts.append(_programme_key(total_height, "Key (the number is how many projects)"))
    parts.append(svg.SVG_CLOSE)
    return mark_safe("".join(parts))


def programme_diamond_count_rows(counts: dict, link) -> list[dict]:
    """The counted picture as table rows: stage, status, number and the link."""
    rows = []
    for stage, label in [("", "Not started"), *DiamondStage.choices]:
        for status, status_label in ProjectStatus.choices:
            n = counts.get((stage, status))
            if n:
                rows.append(
                    {
                        "stage": label,
                        "status": status_label,
                        "count": n,
                        "url": link(stage, status),
                    }
                )
    return rows


def programme_diamond(programme, projects, *, counts=None, link=None) -> dict:
    """The picture and its table, for ``projects/progress/_programme_diamond.html``.

    With ``counts`` ({(stage, status): n}) above ``DIAMOND_MARKERS_MAX`` projects,
    the counted picture (``link(stage, status)`` gives each marker's address) and
    ``projects`` is not read at all; otherwise one numbered marker per project.
    """
    if counts is not None and sum(counts.values()) > DIAMOND_MARKERS_MAX:
        return {
            "counted": True,
            "total": sum(counts.values()),
            "svg": programme_diamond_counts_svg(programme, counts, link),
            "count_rows": programme_diamond_count_rows(counts, link),
        }
    projects = list(projects)
    return {
        "counted": False,
        "projects": projects,
        "total": len(projects),
        "svg": programme_diamond_svg(programme, projects),
        "rows": programme_diamond_rows(projects),
    }


def status_key() -> list[dict]:
    """Status, colour and shape, for legends in HTML next to the pictures."""
    return [
        {
            "status": status,
            "label": label,
            "colour": STATUS_STYLE[status][0],
            "shape": SHAPE_WORDS[STATUS_STYLE[status][1]],
        }
        for status, label in ProjectStatus.choices
    ]
