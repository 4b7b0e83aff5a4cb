"""Each programme writes, orders and retires its own outcome indicators; claims made
against an indicator stay readable whatever happens to it later."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.urls import reverse

from evaluation.factors.catalogue import OUTCOME_INDICATORS
from evaluation.models import ContributionClaim, OutcomeIndicator
from projects.models import Programme
from tests.evaluation.evidence.factories import ClaimFactory, IndicatorFactory
from tests.factories import ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _list_url(programme):
    return reverse("evaluation:indicator_list", args=[programme.slug])


def test_a_programme_started_in_the_app_gets_its_own_copy_of_the_default_set(
    client,
):
    lead = UserFactory(username="lead")
    lead.user_permissions.add(Permission.objects.get(codename="create_programme"))
    client.force_login(lead)
    client.post(
        reverse("projects:programme_create"),
        {"name": "Healthy Places", "slug": "healthy-places"},
    )
    programme = Programme.objects.get(slug="healthy-places")
    names = list(programme.outcome_indicators.values_list("name", flat=True))
    assert names == [name for name, _ in OUTCOME_INDICATORS]
    # Its own rows: rewording them changes no other programme.
    other = ProgrammeFactory()
    assert not other.outcome_indicators.exists()
    response = client.get(_list_url(programme))
    assert response.status_code == 200
    body = response.content.decode()
    assert "1.</span> A proposal to create or change a service is approved" in body, (
        body[body.find("<main") :][:1500]
    )


def test_the_data_migration_gives_bare_programmes_the_defaults_and_claims_their_wording(
    programme,
):
    bare = ProgrammeFactory()
    claim = ClaimFactory(
        project__programme=programme,
        indicator=IndicatorFactory(programme=programme, name="Own indicator"),
    )
    migration = importlib.import_module(
        "evaluation.migrations.0014_indicator_retired_and_claim_wording"
    )
    migration.defaults_for_existing_programmes(django_apps, None)
    assert bare.outcome_indicators.count() == len(OUTCOME_INDICATORS)
    assert list(programme.outcome_indicators.values_list("name", flat=True)) == [
        "Own indicator"
    ]
    claim.refresh_from_db()
    assert claim.indicator_wording == "Own indicator"


def test_a_facilitator_writes_an_indicator_and_moves_it_to_the_top(
    client, facilitator, programme
):
    IndicatorFactory(programme=programme, name="Providers change", position=1)
    client.force_login(facilitator)
    response = client.post(
        reverse("evaluation:indicator_create", args=[programme.slug]),
        {"name": "Commissioners put changes into practice", "description": ""},
    )
    assert response.status_code == 302
    new = OutcomeIndicator.objects.get(name__startswith="Commissioners")
    assert new.position == 2
    client.post(
        reverse("evaluation:indicator_move", args=[programme.slug, new.pk]),
        {"to": "up"},
    )
    order = list(programme.outcome_indicators.values_list("name", flat=True))
    assert order == ["Commissioners put changes into practice", "Providers change"]


def test_rewording_an_indicator_keeps_the_wording_old_claims_were_made_against(
    client, evaluator, project
):
    indicator = IndicatorFactory(programme=project.programme, name="Providers change")
    client.force_login(evaluator)
    client.post(
        reverse("evaluation:claim_create", args=[project.slug]),
        {
            "indicator": indicator.pk,
            "status": "achieved",
            "contribution": "some",
            "narrative": "The provider changed its rota.",
        },
    )
    claim = ContributionClaim.objects.get()
    assert claim.indicator_wording == "Providers change"
    client.post(
        reverse(
            "evaluation:indicator_edit", args=[project.programme.slug, indicator.pk]
        ),
        {"name": "Providers and commissioners change", "description": ""},
    )
    body = client.get(
        reverse("evaluation:project_evidence", args=[project.slug])
    ).content.decode()
    assert "Providers and commissioners change" in body
    assert "Claimed against the earlier wording: “Providers change”." in body


def test_a_retired_indicator_keeps_its_claims_and_is_not_offered_for_new_ones(
    client, evaluator, project
):
    kept = IndicatorFactory(programme=project.programme, name="Policies change")
    claim = ClaimFactory(project=project, indicator=kept, indicator_wording=kept.name)
    client.force_login(evaluator)
    client.post(
        reverse("evaluation:indicator_retire", args=[project.programme.slug, kept.pk]),
        {"retire": "1"},
    )
    kept.refresh_from_db()
    assert kept.is_retired and ContributionClaim.objects.filter(pk=claim.pk).exists()
    listing = client.get(_list_url(project.programme)).content.decode()
    assert "Retired indicators" in listing and "Policies change" in listing
    evidence = client.get(
        reverse("evaluation:project_evidence", args=[project.slug])
    ).content.decode()
    assert "This indicator has been retired." in evidence
    new_form = client.get(
        reverse("evaluation:claim_create", args=[project.slug])
    ).content.decode()
    assert "Policies change" not in new_form
    # The claim's own form still shows it, so the claim can be edited.
    own_form = client.get(
        reverse("evaluation:claim_edit", args=[project.slug, claim.pk])
    ).content.decode()
    assert "Policies change" in own_form
    rollup = client.get(
        reverse("evaluation:contribution_rollup", args=[project.programme.slug])
    ).content.decode()
    assert "(retired)" in rollup


def test_a_commissioner_reads_the_indicators_but_cannot_retire_one(
    client, commissioner, programme
):
    indicator = IndicatorFactory(programme=programme, name="Policies change")
    client.force_login(commissioner)
    body = client.get(_list_url(programme)).content.decode()
    assert "Policies change" in body and "Retire" not in body
    response = client.post(
        reverse("evaluation:indicator_retire", args=[programme.slug, indicator.pk]),
        {"retire": "1"},
    )
    assert response.status_code == 403


def test_indicator_list_queries_do_not_grow_with_indicators(
    client, commissioner, programme, django_assert_max_num_queries
):
    for _ in range(30):
        ClaimFactory(
            project__programme=programme,
            indicator=IndicatorFactory(programme=programme),
        )
    client.force_login(commissioner)
    # session, user, programme, access, indicators with claim counts, messages.
    with django_assert_max_num_queries(8):
        assert client.get(_list_url(programme)).status_code == 200
