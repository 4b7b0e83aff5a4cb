"""The demo programme and the benchmark's synthetic data.

Kept apart from the production feature packages. Each part builds its data through the
same services the pages use, from the texts in ``evaluation/demo/data/<part>.toml``; a
failure in any part stops the ``demo`` command.
"""

import datetime as dt
import functools
import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from coproduce import history

DATA_DIR = Path(__file__).resolve().parent / "data"
# The data files tell the demo's story as if on this day. Every date in them is
# moved by the same number of days, so the story ends on the day the demo is first
# loaded and briefs, stages, activities, rounds and reports keep their order.
STORY_DAY = dt.date(2018, 5, 1)
_shift: dict[str, dt.timedelta] = {}


@functools.cache
def demo_data(part: str) -> dict:
    """The data file of one demo part (read once; do not change what it returns)."""
    with (DATA_DIR / f"{part}.toml").open("rb") as handle:
        return tomllib.load(handle)


def demo_shift_set() -> dt.timedelta:
    """Fix how far the story's dates move: to today on a first load, and on a
    reload to what the first load used (read off the first project's start), so
    running the demo again a week later keeps one story."""
    from projects.models import Project

    first = demo_data("projects")["projects"][0]
    stored = Project.objects.filter(slug=first["slug"]).values_list(
        "start_date", flat=True
    )
    written = dt.date.fromisoformat(first["start"])
    start = stored.first()
    shift = start - written if start else timezone.localdate() - STORY_DAY
    _shift["days"] = shift
    return shift


def demo_date(value: str) -> dt.date:
    """A date of the data files (ISO text) moved onto the demo's calendar."""
    shift = _shift.get("days")
    if shift is None:
        shift = demo_shift_set()
    return dt.date.fromisoformat(value) + shift


def demo_today() -> dt.date:
    """The day the story is told: the day the demo was first loaded."""
    return STORY_DAY + (_shift.get("days") or demo_shift_set())


@transaction.atomic
def demo_load_all() -> dict[str, str]:
    """Load every demo part in order and return the demo sign-ins.

    All or nothing: an error in any part is raised (the ``demo`` command fails with
    it) and leaves the database as it was.
    """
    from evaluation.demo import (
        api,
        audit,
        coding,
        consent,
        decisions,
        entry,
        evidence,
        imports,
        inclusion,
        invitation_counts,
        logicmodels,
        mail,
        matrix,
        participants,
        privacy,
        progress,
        projects,
        reports,
        story,
    )

    demo_shift_set()
    with history.context(command="demo"):
        sign_ins = projects.demo_load()
        parts = (progress, logicmodels, matrix, evidence, decisions, story, reports)
        parts += (participants, consent, privacy, inclusion, coding)
        parts += (invitation_counts,)
        parts += (entry,)
        parts += (imports,)
        parts += (mail,)
        for part in parts:
            audit.demo_actor(part.__name__)
            part.demo_load()
        audit.demo_load()
        api.demo_load()
    return sign_ins
