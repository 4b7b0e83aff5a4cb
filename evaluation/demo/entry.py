"""Demo of entering a real case in one pass: the drug and alcohol project's outcome
claimed against an indicator the programme wrote itself, stage entries whose factor
the facilitator chose as she typed them, and the project's matrix scores by each
stakeholder group against the target.

Idempotent: the indicator and claim are matched by name and project, entries by their
text, the round by project and number. Built through the services of the pages (the
round through the matrix demo's own helper, which uses them).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from evaluation.demo import demo_data, demo_date
from evaluation.demo import matrix as matrix_demo
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.factors import services as factor_services
from evaluation.models import ContributionClaim, Factor, FactorObservation, Quote
from evaluation.outcomes import services as outcome_services
from projects import services as project_services
from projects.models import Programme, Project, Stakeholder

DATA = demo_data("entry")


def _own_indicator(programme, project, eve) -> None:
    spec = DATA["indicator"]
    indicator = programme.outcome_indicators.filter(name=spec["name"]).first()
    if indicator is None:
        indicator = outcome_services.indicator_save(
            programme=programme,
            data={"name": spec["name"], "description": spec["description"]},
        )
    if ContributionClaim.objects.filter(project=project, indicator=indicator).exists():
        return
    claim = DATA["claim"]
    outcome_services.claim_create(
        project=project,
        data={
            "indicator": indicator,
            "status": claim["status"],
            "contribution": claim["contribution"],
            "narrative": claim["narrative"],
        },
        quotes=[
            q
            for q in Quote.objects.filter(project=project)
            if any(q.text.startswith(start) for start in claim["quotes"])
        ],
        user=eve,
    )


def _entries(programme, project, fran) -> None:
    factors = {f.name: f for f in Factor.objects.filter(group__programme=programme)}
    for spec in DATA["entries"]:
        if FactorObservation.objects.filter(
            project=project, text=spec["text"]
        ).exists():
            continue
        # What the stage page's entry form sends, factor included.
        factor_services.observation_create(
            project=project,
            data={
                "stage": spec["stage"],
                "effect": spec["effect"],
                "text": spec["text"],
                "factor": factors.get(spec["factor"]),
            },
            user=fran,
        )


def _people(programme, project) -> None:
    have = set(
        Stakeholder.objects.filter(programme=programme).values_list(
            "display_name", flat=True
        )
    )
    for spec in DATA["people"]:
        if spec["name"] in have:
            continue
        project_services.stakeholder_create(
            programme=programme,
            project=project,
            groups=[],
            data={
                "display_name": spec["name"],
                "role_category": spec["role"],
                "role_note": spec["note"],
            },
        )


def _round(programme, project, fran) -> None:
    spec = DATA["round"]
    frameworks = matrix_demo._frameworks(programme, fran)
    version = frameworks[matrix_demo.MATRIX].versions.order_by("-number").first()
    matrix_demo._round(
        project,
        spec["number"],
        demo_date(spec["date"]),
        spec["stage"],
        version,
        (spec["professionals"], spec["lived_experience"]),
        matrix_demo.DATA["groups"][spec["groups"]],
        fran,
        close=True,
    )


def demo_load() -> None:
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    project = Project.objects.filter(slug=DATA["project"]).first()
    if programme is None or project is None:
        return
    users = get_user_model().objects.in_bulk(["fran", "eve"], field_name="username")
    if "fran" in users:
        # The facilitator lead may start programmes from the app (given in admin).
        users["fran"].user_permissions.add(
            Permission.objects.get(
                codename="create_programme", content_type__app_label="projects"
            )
        )
    _own_indicator(programme, project, users.get("eve"))
    _entries(programme, project, users.get("fran"))
    _people(programme, project)
    _round(programme, project, users.get("fran"))
