"""Demo decisions: on several projects, with whose input was asked for and whose
changed the outcome. Among them, the Transition project's provider chosen because of
young people's panel scores (citing its second scoring round and a young person's
quote), and a lead commissioner whose view was asked for but did not change the
Autism Services focus.

Idempotent: decisions are matched by project and title. Built through the decision
and evidence services.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation.decisions import services
from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.evidence import services as evidence_services
from evaluation.models import Decision, Quote, ScoringRound, Theme
from projects.models import Activity, Project, Stakeholder

DATA = demo_data("decisions")


def _panel_quote(projects, eve) -> None:
    """A young person's words at the panel, dated on the panel."""
    spec = DATA["panel_quote"]
    project = projects[spec["project"]]
    if Quote.objects.filter(project=project, text=spec["text"]).exists():
        return
    panel = _activity(project, spec["activity"])
    evidence_services.quote_create(
        project=project,
        data={
            "text": spec["text"],
            "source": spec["source"],
            "said_on": panel.held_on if panel else timezone.localdate(),
            "role_category": spec["role"],
            "stakeholder": Stakeholder.objects.get(
                programme=project.programme, display_name=spec["speaker"]
            ),
            "consent": "anonymous",
        },
        themes=list(
            Theme.objects.filter(programme=project.programme, name__in=spec["themes"])
        ),
        user=eve,
    )


def _activity(project, title_start: str) -> Activity | None:
    """The project's latest activity whose title starts so (a stage visited twice
    has a "(round 2)" copy of its activities)."""
    return (
        Activity.objects.filter(project=project, title__startswith=title_start)
        .order_by("-held_on", "-pk")
        .first()
    )


def _input(decision, spec) -> None:
    project = decision.project
    quotes = (
        list(Quote.objects.filter(project=project, text__startswith=spec["quote"]))
        if "quote" in spec
        else []
    )
    activity = _activity(project, spec["activity"]) if "activity" in spec else None
    services.decision_input_create(
        decision=decision,
        data={
            "role_category": spec["role"],
            "stakeholder": Stakeholder.objects.get(
                programme=project.programme, display_name=spec["speaker"]
            )
            if "speaker" in spec
            else None,
            "effect": spec["effect"],
            "account": spec["account"],
            "scoring_round": ScoringRound.objects.get(
                project=project, number=spec["round"]
            )
            if "round" in spec
            else None,
        },
        quotes=quotes,
        activities=[activity] if activity else [],
    )


@transaction.atomic
def demo_load() -> None:
    fran = get_user_model().objects.get(username="fran")
    eve = get_user_model().objects.get(username="eve")
    projects = Project.objects.filter(programme__slug=PROGRAMME_SLUG).in_bulk(
        field_name="slug"
    )
    _panel_quote(projects, eve)
    for spec in DATA["decisions"]:
        project = projects[spec["project"]]
        if Decision.objects.filter(project=project, title=spec["title"]).exists():
            continue
        activity = _activity(project, spec["activity"])
        decision = services.decision_create(
            project=project,
            data={
                "title": spec["title"],
                "detail": spec["detail"],
                "decided_on": (activity.ends_on or activity.held_on)
                if activity
                else timezone.localdate(),
                "stage": spec["stage"],
                "activity": activity,
                "options": spec["options"],
                "decided_by_roles": spec["decided_by_roles"],
                "method": spec["method"],
                "method_note": spec["method_note"],
            },
            user=fran,
        )
        for item in spec["inputs"]:
            _input(decision, item)
