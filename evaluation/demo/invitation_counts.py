"""Demo published evaluation figures: a stage entered as counts per group from a
published report, with a combined group, a "role not recorded" group, a month-only
date and the report's stated total, which disagrees with its groups.

Built through the evidence services as the pages do; figures in
``data/invitation_counts.toml``. Idempotent: a stage whose name exists is left as
it is.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.evidence import services
from evaluation.models import EvaluationStage
from projects.models import Programme

DATA = demo_data("invitation_counts")


def demo_load() -> None:
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    spec = DATA["stage"]
    if EvaluationStage.objects.filter(programme=programme, name=spec["name"]).exists():
        return
    year, month = (int(part) for part in spec["month"].split("-"))
    stage = services.stage_save(
        programme=programme,
        data={
            "name": spec["name"],
            "kind": spec["kind"],
            "position": spec["position"],
            "stated_invited": spec["stated_invited"],
            "stated_took_part": spec["stated_took_part"],
        },
    )
    eve = get_user_model().objects.filter(username="eve").first()
    for group in DATA["groups"]:
        services.invitation_count_create(
            stage=stage,
            data={
                **group,
                "counted_on": dt.date(year, month, 1),
                "counted_on_precision": "month",
            },
            user=eve,
        )
