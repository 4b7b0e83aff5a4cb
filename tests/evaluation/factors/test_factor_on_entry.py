"""One pass for factors: the facilitator may pick an entry's factor on the stage page
itself, from a list grouped by factor group, or leave it for an evaluator."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from evaluation.factors import services
from evaluation.factors.selectors import stage_table
from evaluation.models import FactorObservation
from tests.evaluation.evidence.factories import FactorFactory, FactorGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def factors(project):
    leadership = FactorGroupFactory(
        programme=project.programme, name="Leadership", position=1
    )
    history = FactorGroupFactory(
        programme=project.programme, name="History", position=0
    )
    return {
        "champion": FactorFactory(group=leadership, name="A senior champion"),
        "trust": FactorFactory(group=history, name="Trust from earlier work"),
        "elsewhere": FactorFactory(name="Another programme's factor"),
    }


def _add(client, project, **data):
    return client.post(
        reverse("evaluation:stage_entry_add", args=[project.slug, "define"]), data
    )


def test_the_entry_form_offers_factors_under_their_groups_and_not_sure_yet(
    client, facilitator, project, factors
):
    client.force_login(facilitator)
    body = client.get(
        reverse("evaluation:stage_detail", args=[project.slug, "define"])
    ).content.decode()
    assert '<option value="" selected>Not sure yet</option>' in body
    assert '<optgroup label="History">' in body
    assert '<optgroup label="Leadership">' in body
    assert body.index('label="History"') < body.index("Trust from earlier work")
    assert "Another programme" not in body


def test_a_factor_chosen_on_the_entry_appears_with_its_group_on_the_evidence_page(
    client, facilitator, evaluator, project, factors
):
    client.force_login(facilitator)
    response = _add(
        client,
        project,
        effect="enabler",
        text="The director chaired every meeting.",
        factor=factors["champion"].pk,
    )
    assert response.status_code == 302
    entry = FactorObservation.objects.get()
    assert entry.factor == factors["champion"]
    stage_page = client.get(
        reverse("evaluation:stage_detail", args=[project.slug, "define"])
    ).content.decode()
    assert "Leadership: A senior champion" in stage_page
    client.force_login(evaluator)
    evidence = client.get(
        reverse("evaluation:project_evidence", args=[project.slug])
    ).content.decode()
    assert "The director chaired every meeting." in evidence
    assert "Leadership: A senior champion" in evidence
    assert "not yet linked" not in evidence


def test_not_sure_yet_leaves_the_entry_for_an_evaluator_to_link(
    client, facilitator, project, factors
):
    client.force_login(facilitator)
    _add(client, project, effect="barrier", text="Staff changed.", factor="")
    assert FactorObservation.objects.get().factor is None


def test_a_factor_of_another_programme_is_refused_and_the_text_kept(
    client, facilitator, project, factors
):
    client.force_login(facilitator)
    response = _add(
        client,
        project,
        effect="barrier",
        text="Staff changed twice.",
        factor=factors["elsewhere"].pk,
    )
    assert response.status_code == 200
    assert "Staff changed twice." in response.content.decode()
    assert not FactorObservation.objects.exists()


def test_the_case_study_stage_table_prints_the_factor_with_its_group(project, factors):
    services.observation_create(
        project=project,
        data={
            "stage": "define",
            "effect": "enabler",
            "text": "Old partners came back.",
            "factor": factors["trust"],
        },
    )
    html = render_to_string(
        "pdf/_stage_table.html", {"stage_table": stage_table(project)}
    )
    assert "Old partners came back. <em>(History: Trust from earlier work)</em>" in html
