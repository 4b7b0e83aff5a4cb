"""The demo logs decisions on several projects: young people's scores changing the
provider chosen, and a lead commissioner asked but not changing the outcome."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from evaluation.decisions import selectors
from evaluation.demo import decisions as demo_decisions
from evaluation.models import (
    Decision,
    DecisionInput,
    InputEffect,
    ReportJob,
    ReportKind,
)
from projects.access import Access
from projects.models import AccessRole, RoleCategory

pytestmark = pytest.mark.django_db
READER = Access(role=AccessRole.COMMISSIONER)


def test_demo_decisions_show_whose_input_changed_what(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", force=True)
    counts = (Decision.objects.count(), DecisionInput.objects.count())
    demo_decisions.demo_load()
    assert (Decision.objects.count(), DecisionInput.objects.count()) == counts
    assert Decision.objects.values("project").distinct().count() >= 5

    transition = Decision.objects.get(project__slug="transition")
    [decision] = selectors.project_decisions(transition.project, READER)
    assert "Pathways Youth Trust" in decision.title
    young = next(
        i for i in decision.inputs.all() if i.role_category == RoleCategory.YOUNG_PERSON
    )
    assert young.effect == InputEffect.CHANGED
    assert "changed the provider chosen" in young.account
    assert young.scoring_round.number == 2
    assert [q.role_category for q in young.quotes.all()] == [RoleCategory.YOUNG_PERSON]
    assert young.score_change.previous.number == 1
    assert young.score_change.group_after > young.score_change.group_before
    assert decision.activity.title == "Procurement panel"

    lead = DecisionInput.objects.get(
        decision__project__slug="autism-services",
        role_category=RoleCategory.COMMISSIONER,
    )
    assert lead.effect == InputEffect.NOT_CHANGED
    assert lead.stakeholder.display_name == "Aisha Rahman"

    cam = Client()
    cam.force_login(get_user_model().objects.get(username="cam"))
    page = cam.get(
        reverse(
            "evaluation:programme_decisions", args=[transition.project.programme.slug]
        )
    ).content.decode()
    assert "Young person" in page
    assert "Deliver: 2 decisions, 2 changed by people with lived experience" in page

    # The demo's finished case study (Multiple Complex Needs) has its decision in it.
    job = ReportJob.objects.get(
        project__slug="multiple-complex-needs", kind=ReportKind.CASE_STUDY
    )
    with job.file.open("rb") as handle:
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(handle.read())).pages
        )
    assert "Decisions and whose input changed them" in text
    assert "Build one front door for every service" in text
    assert "Service user or carer: their input changed the outcome." in text
