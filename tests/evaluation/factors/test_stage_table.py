"""The Double Diamond stage table and its + / − entries: the stage pages write factor
observations through the same service as the evaluation pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.factors import selectors, services
from evaluation.models import Effect, FactorObservation
from projects.models import DiamondStage, StagePlan
from projects.progress import services as progress_services
from tests.factories import StakeholderFactory
from tests.projects.factories import ActivityFactory
from tests.projects.progress.test_queries import count_queries, fill_activities

D = DiamondStage


def entry(project, effect, text, stage=D.DEFINE):
    return services.observation_create(
        project=project, data={"stage": stage, "effect": effect, "text": text}
    )


def test_stage_table_has_one_column_per_stage_with_entries_and_activities(project):
    progress_services.stage_plan_save(
        project=project,
        stage=D.DEFINE,
        data={"plan": "Agree a focus.", "achieved": "A brief."},
        user=None,
        seen_version=0,
    )
    plus = entry(project, Effect.ENABLER, "Trust built earlier.")
    entry(project, Effect.BARRIER, "Staff changes.")
    ActivityFactory(project=project, stage=D.DEFINE, title="Priority workshop")
    columns = selectors.stage_table(project)
    assert [c["stage"] for c in columns] == list(D.values)
    define = columns[1]
    assert define["plan"].plan == "Agree a focus."
    assert define["enablers"] == [plus]
    assert [e.text for e in define["barriers"]] == ["Staff changes."]
    assert [a.title for a in define["activities"]] == ["Priority workshop"]
    assert plus.factor is None  # linked to the catalogue later by evaluators
    assert FactorObservation.objects.filter(project=project).count() == 2


def test_an_empty_entry_is_rejected(project):
    with pytest.raises(ValidationError):
        entry(project, Effect.BARRIER, " ")


def test_an_entry_needs_a_known_stage_and_effect(project):
    with pytest.raises(ValidationError):
        entry(project, Effect.BARRIER, "Staff changes.", stage="dream")
    with pytest.raises(ValidationError):
        entry(project, "neutral", "Staff changes.")
    assert not FactorObservation.objects.exists()


def test_an_entry_is_stored_without_surrounding_spaces(project):
    assert entry(project, Effect.ENABLER, "  Trust.  ").text == "Trust."


def test_stage_page_saves_the_plan_and_adds_and_deletes_entries(
    client, facilitator, project
):
    client.force_login(facilitator)
    url = reverse("evaluation:stage_detail", args=[project.slug, "define"])
    client.post(url, {"plan": "Agree a focus.", "achieved": "", "edit_version": "0"})
    assert StagePlan.objects.get(stage="define").plan == "Agree a focus."
    client.post(
        reverse("evaluation:stage_entry_add", args=[project.slug, "define"]),
        {"effect": "barrier", "text": "Staff changes."},
    )
    entry = FactorObservation.objects.get()
    assert (entry.stage, entry.effect, entry.factor) == ("define", "barrier", None)
    assert entry.recorded_by == facilitator
    table = client.get(reverse("evaluation:stage_table", args=[project.slug]))
    assert "Staff changes." in table.content.decode()
    delete_url = reverse("evaluation:stage_entry_delete", args=[project.slug, entry.pk])
    assert "Yes, delete it" in client.get(delete_url).content.decode()
    client.post(delete_url)
    assert not FactorObservation.objects.exists()


def test_stage_urls_keep_their_paths(project):
    slug = project.slug
    assert reverse("evaluation:stage_table", args=[slug]) == f"/projects/{slug}/stages/"
    assert (
        reverse("evaluation:stage_entry_add", args=[slug, "define"])
        == f"/projects/{slug}/stages/define/entries/"
    )
    assert (
        reverse("evaluation:stage_entry_delete", args=[slug, 7])
        == f"/projects/{slug}/entries/7/delete/"
    )


def test_an_empty_entry_on_the_page_keeps_the_stage_page_with_the_error(
    client, facilitator, project
):
    client.force_login(facilitator)
    response = client.post(
        reverse("evaluation:stage_entry_add", args=[project.slug, "define"]),
        {"effect": "barrier", "text": "   "},
    )
    assert response.status_code == 200
    assert "Define stage" in response.content.decode()
    assert not FactorObservation.objects.exists()


def test_stale_plan_keeps_my_text_and_shows_theirs(client, facilitator, project):
    progress_services.stage_plan_save(
        project=project,
        stage=D.DEFINE,
        data={"plan": "Theirs."},
        user=None,
        seen_version=0,
    )
    progress_services.stage_plan_save(
        project=project,
        stage=D.DEFINE,
        data={"plan": "Theirs again."},
        user=None,
        seen_version=1,
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("evaluation:stage_detail", args=[project.slug, "define"]),
        {"plan": "Mine.", "achieved": "", "edit_version": "1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mine." in page and "Theirs again." in page
    assert StagePlan.objects.get().plan == "Theirs again."


def test_commissioner_reads_a_stage_page_without_forms(client, commissioner, project):
    client.force_login(commissioner)
    page = client.get(
        reverse("evaluation:stage_detail", args=[project.slug, "define"])
    ).content.decode()
    assert "Define stage" in page and "<textarea" not in page


def test_commissioner_cannot_add_or_delete_entries(client, commissioner, project):
    plus = entry(project, Effect.ENABLER, "Trust.")
    client.force_login(commissioner)
    add = client.post(
        reverse("evaluation:stage_entry_add", args=[project.slug, "define"]),
        {"effect": "barrier", "text": "Staff changes."},
    )
    delete = client.post(
        reverse("evaluation:stage_entry_delete", args=[project.slug, plus.pk])
    )
    assert (add.status_code, delete.status_code) == (403, 403)
    assert list(FactorObservation.objects.all()) == [plus]


def test_unknown_stage_is_404(client, facilitator, project):
    client.force_login(facilitator)
    url = reverse("evaluation:stage_detail", args=[project.slug, "dream"])
    assert client.get(url).status_code == 404


def test_stage_table_does_not_grow_from_10_to_1000_activities(
    client, facilitator, project, django_assert_max_num_queries
):
    person = StakeholderFactory(programme=project.programme)
    client.force_login(facilitator)
    url = reverse("evaluation:stage_table", args=[project.slug])
    fill_activities(project, 10, person)
    small = count_queries(client, url)
    fill_activities(project, 990, person)
    with django_assert_max_num_queries(small):
        client.get(url)
    # session, user, project, access (3), transitions, plans, entries, activities,
    # participation figures.
    assert small <= 16
