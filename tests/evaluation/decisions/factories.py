"""Decisions and inputs, built through the services as the pages build them."""

import datetime as dt

from evaluation.decisions import services
from evaluation.models import DecisionMethod, InputEffect
from projects.models import DiamondStage, RoleCategory


def decision_data(**overrides) -> dict:
    data = {
        "title": "Pathways will run the new service",
        "detail": "",
        "decided_on": dt.date(2024, 3, 5),
        "stage": DiamondStage.DEVELOP,
        "activity": None,
        "options": ["Pathways", "Northfield Care"],
        "decided_by_roles": [RoleCategory.COMMISSIONER],
        "method": DecisionMethod.COMMISSIONER,
        "method_note": "",
    }
    data.update(overrides)
    return data


def make_decision(project, *, decided_by=(), user=None, **overrides):
    return services.decision_create(
        project=project,
        data=decision_data(**overrides),
        decided_by=decided_by,
        user=user,
    )


def input_data(**overrides) -> dict:
    data = {
        "role_category": RoleCategory.YOUNG_PERSON,
        "stakeholder": None,
        "effect": InputEffect.CHANGED,
        "account": "Their scores put Pathways first.",
        "scoring_round": None,
    }
    data.update(overrides)
    return data


def make_input(decision, *, quotes=(), activities=(), **overrides):
    return services.decision_input_create(
        decision=decision,
        data=input_data(**overrides),
        quotes=quotes,
        activities=activities,
    )
