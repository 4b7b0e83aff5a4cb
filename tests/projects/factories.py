"""Factories for progress logging: activities, attendance, stage moves."""

import datetime as dt

import factory

from projects import models
from tests.factories import ProjectFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Activity

    project = factory.SubFactory(ProjectFactory)
    held_on = dt.date(2024, 3, 1)
    kind = models.ActivityKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    stage = models.DiamondStage.DISCOVER


class HeadcountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Headcount

    activity = factory.SubFactory(ActivityFactory)
    role_category = models.RoleCategory.SERVICE_USER
    count = 5
    seldom_heard_count = 0


class StageTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StageTransition

    project = factory.SubFactory(ProjectFactory)
    from_stage = ""
    to_stage = models.DiamondStage.DISCOVER
    kind = models.TransitionKind.START
    happened_on = dt.date(2024, 1, 1)
    rationale = "Started."
