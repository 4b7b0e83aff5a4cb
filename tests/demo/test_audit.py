"""The demo's history: recorded by the triggers as it loads, each part under a user."""

import pytest
from django.core.management import call_command

from evaluation.demo.projects import PROGRAMME_SLUG
from projects.models import HistoryEvent, Programme

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_history_that_names_who_did_each_thing():
    call_command("demo", force=True)
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    events = HistoryEvent.objects.filter(programme_id=programme.pk)
    assert events.filter(action="created").count() > 1000
    assert events.filter(action="changed").exists()
    # Every event of the demo carries the demo's context, and after the users exist
    # each names one of them.
    assert not HistoryEvent.objects.filter(context__isnull=True).exists()
    assert events.filter(
        model="projects.activity", action="created", context__username="Fran Okafor"
    ).exists()
    assert events.filter(model="evaluation.quote", context__username="Eve Lindqvist")
    assert events.filter(action="downloaded", context__username="Cam Reid").exists()
    assert events.filter(action="exported", context__username="Eve Lindqvist").exists()
