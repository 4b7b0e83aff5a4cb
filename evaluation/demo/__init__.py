"""The demo programme and the benchmark's synthetic data.

Kept apart from the production feature packages. Each part builds its data through the
same services the pages use; a failure in any part stops the ``demo`` command.
"""


def demo_load_all() -> dict[str, str]:
    """Load every demo part in order and return the demo sign-ins."""
    from evaluation.demo import (
        evidence,
        logicmodels,
        matrix,
        progress,
        projects,
        reports,
    )

    sign_ins = projects.demo_load()
    for part in (progress, logicmodels, matrix, evidence, reports):
        part.demo_load()
    return sign_ins
