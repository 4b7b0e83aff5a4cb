import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.concurrency import EditConflict
from evaluation.factors import catalogue, services
from evaluation.models import Effect, Factor, FactorGroup, Strength
from projects.models import DiamondStage
from tests.evaluation.evidence.factories import (
    FactorFactory,
    ObservationFactory,
    QuoteFactory,
)
from tests.factories import ProgrammeFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_standard_catalogue_has_the_six_groups_and_can_be_added_twice(programme):
    added = services.factor_catalogue_seed(programme=programme)
    names = list(
        FactorGroup.objects.filter(programme=programme).values_list("name", flat=True)
    )
    assert names == [
        "History",
        "Leadership",
        "Organisational structure",
        "Financing and resourcing",
        "Attitudes toward citizen participation",
        "Collaboration",
    ]
    assert added == sum(len(f) for _, _, f in catalogue.FACTOR_CATALOGUE)
    assert services.factor_catalogue_seed(programme=programme) == 0


def test_programme_edits_survive_adding_the_catalogue_again(programme):
    services.factor_catalogue_seed(programme=programme)
    factor = Factor.objects.get(group__programme=programme, name="Protected time")
    services.factor_save(
        programme=programme,
        factor=factor,
        data={"group": factor.group, "name": "Protected time", "description": "Ours"},
    )
    services.factor_catalogue_seed(programme=programme)
    factor.refresh_from_db()
    assert factor.description == "Ours"


def test_factor_names_are_unique_within_a_group(programme):
    factor = FactorFactory(group__programme=programme, name="Trust")
    with pytest.raises(ValidationError):
        services.factor_save(
            programme=programme, data={"group": factor.group, "name": "Trust"}
        )


def test_a_factor_of_another_programme_cannot_be_linked(project):
    foreign = FactorFactory(group__programme=ProgrammeFactory())
    observation = ObservationFactory(project=project)
    with pytest.raises(ValidationError):
        services.observation_update(
            observation=observation,
            data={"factor": foreign},
            seen_version=observation.edit_version,
        )


def test_evaluator_links_a_stage_entry_grades_it_and_attaches_a_quote(project):
    factor = FactorFactory(group__programme=project.programme)
    observation = ObservationFactory(project=project, factor=None)
    quote = QuoteFactory(project=project)
    services.observation_update(
        observation=observation,
        data={
            "factor": factor,
            "strength": Strength.STRONG,
            "stage": DiamondStage.DEFINE,
            "effect": Effect.BARRIER,
            "text": observation.text,
            "note": "Heard in two interviews.",
        },
        quotes=[quote],
        seen_version=observation.edit_version,
    )
    observation.refresh_from_db()
    assert observation.factor == factor
    assert observation.strength == Strength.STRONG
    assert list(observation.quotes.all()) == [quote]


def test_second_editor_with_an_old_form_gets_a_conflict(project):
    observation = ObservationFactory(project=project)
    data = {"note": "first"}
    services.observation_update(observation=observation, data=data, seen_version=1)
    with pytest.raises(EditConflict):
        services.observation_update(
            observation=observation, data={"note": "second"}, seen_version=1
        )


def test_quotes_of_another_project_cannot_be_evidence(project):
    observation = ObservationFactory(project=project)
    other = QuoteFactory(project=ProjectFactory(programme=project.programme))
    with pytest.raises(ValidationError):
        services.observation_update(
            observation=observation, data={}, quotes=[other], seen_version=1
        )


def test_evaluator_links_an_entry_through_the_page(client, evaluator, project):
    factor = FactorFactory(group__programme=project.programme)
    observation = ObservationFactory(project=project, factor=None)
    client.force_login(evaluator)
    url = reverse("evaluation:observation_edit", args=[project.slug, observation.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text": observation.text,
            "factor": factor.pk,
            "stage": "discover",
            "effect": "enabler",
            "strength": "weak",
            "note": "",
            "edit_version": observation.edit_version,
        },
    )
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.factor == factor


def test_stale_form_keeps_typed_text_and_warns(client, evaluator, project):
    observation = ObservationFactory(project=project)
    services.observation_update(observation=observation, data={}, seen_version=1)
    client.force_login(evaluator)
    url = reverse("evaluation:observation_edit", args=[project.slug, observation.pk])
    response = client.post(
        url,
        {
            "text": "My new wording",
            "stage": "discover",
            "effect": "enabler",
            "strength": "weak",
            "edit_version": 1,
        },
    )
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    assert "My new wording" in response.content.decode()


def test_commissioner_reads_the_catalogue_but_cannot_seed_it(
    client, commissioner, programme
):
    client.force_login(commissioner)
    assert (
        client.get(
            reverse("evaluation:factor_catalogue", args=[programme.slug])
        ).status_code
        == 200
    )
    response = client.post(
        reverse("evaluation:factor_catalogue_seed", args=[programme.slug])
    )
    assert response.status_code == 403
    assert not FactorGroup.objects.filter(programme=programme).exists()


def test_project_only_member_cannot_open_programme_evaluation(
    client, project_facilitator, programme
):
    client.force_login(project_facilitator)
    response = client.get(
        reverse("evaluation:programme_evaluation", args=[programme.slug])
    )
    assert response.status_code == 403
