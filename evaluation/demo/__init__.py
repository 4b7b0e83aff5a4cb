"""The demo programme and the benchmark's synthetic data.

Kept apart from the production feature packages. Each part builds its data through the
same services the pages use, from the texts in ``evaluation/demo/data/<part>.toml``; a
failure in any part stops the ``demo`` command.
"""

import functools
import tomllib
from pathlib import Path

from django.db import transaction

from coproduce import history

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def demo_data(part: str) -> dict:
    """The data file of one demo part (read once; do not change what it returns)."""
    with (DATA_DIR / f"{part}.toml").open("rb") as handle:
        return tomllib.load(handle)


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
