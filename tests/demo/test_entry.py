import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from evaluation.models import ContributionClaim, FactorObservation
from evaluation.reports.context import case_study_context
from projects.models import Project

pytestmark = pytest.mark.django_db


def test_demo_drug_and_alcohol_project_has_own_outcome_factor_entries_and_scores():
    call_command("demo", force=True)
    project = Project.objects.get(slug="young-peoples-drug-alcohol")
    programme = project.programme
    # The programme's own copy of the default five, plus one it wrote itself.
    assert programme.outcome_indicators.count() == 6
    claim = ContributionClaim.objects.get(
        project=project, indicator__name="Commissioners change how they buy services"
    )
    assert claim.indicator_wording == claim.indicator.name
    entry = FactorObservation.objects.select_related("factor__group").get(
        project=project, text__startswith="The tender timetable"
    )
    assert (
        entry.factor.full_name == "Organisational structure: Commissioning timescales"
    )
    assert entry.recorded_by.username == "fran"
    assert entry.recorded_by.has_perm("projects.create_programme")
    lead = project.stakeholders.get(display_name="Dawn Pritchard")
    assert lead.role_shown == "Commissioner (lead commissioner)"
    context = case_study_context(project)
    html = render_to_string("pdf/_matrix.html", context)
    assert "has not been scored" not in html
    assert "medians against the target" in html
    stages = render_to_string("pdf/_stage_table.html", context)
    assert "(Organisational structure: Commissioning timescales)" in stages
