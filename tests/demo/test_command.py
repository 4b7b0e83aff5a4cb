"""The demo command fails loudly: an error in any part stops it and loads nothing."""

import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

import evaluation.demo
from evaluation.demo import matrix
from projects.models import Programme, Project

pytestmark = pytest.mark.django_db


def test_an_error_inside_a_later_part_fails_the_demo_and_loads_nothing(monkeypatch):
    # The matrix part reopens a round; the round service refuses a reopening
    # without a reason, so an empty note in the data is a real error in that part.
    monkeypatch.setitem(matrix.DATA, "reopen_note", "")

    with pytest.raises(ValidationError, match="Say why"):
        call_command("demo", force=True)

    assert not Programme.objects.exists()
    assert not Project.objects.exists()


def test_a_demo_part_that_cannot_be_imported_fails_the_demo(monkeypatch):
    # The command used to swallow ModuleNotFoundError and quietly skip the part.
    monkeypatch.delattr(evaluation.demo, "reports", raising=False)
    monkeypatch.setitem(sys.modules, "evaluation.demo.reports", None)

    with pytest.raises(ModuleNotFoundError):
        call_command("demo", force=True)

    assert not Programme.objects.exists()
