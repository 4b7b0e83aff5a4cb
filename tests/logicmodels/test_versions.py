"""Versions: drafts are saved, agreeing freezes them, the next edit starts a copy."""

import pytest
from django.core.exceptions import ValidationError

from coproduce.concurrency import EditConflict
from logicmodels import selectors, services
from logicmodels.models import (
    LogicItem,
    LogicModelVersion,
    ModelKind,
    Section,
    VersionStatus,
)
from tests.logicmodels.factories import SMALL_LINKS, SMALL_MODEL, build_version


@pytest.fixture
def agreed(project, facilitator):
    return build_version(
        project, author=facilitator, items=SMALL_MODEL, links=SMALL_LINKS, agree=True
    )


def test_a_new_model_starts_as_draft_version_1(project, facilitator):
    version = services.logic_model_start(
        project=project, kind=ModelKind.A_PRIORI, author=facilitator
    )
    assert version.number == 1
    assert version.status == VersionStatus.DRAFT
    assert version.created_by == facilitator


def test_starting_the_same_kind_twice_is_refused(project, facilitator):
    services.logic_model_start(
        project=project, kind=ModelKind.A_PRIORI, author=facilitator
    )
    with pytest.raises(ValidationError, match="already has"):
        services.logic_model_start(
            project=project, kind=ModelKind.A_PRIORI, author=facilitator
        )


def test_agreeing_freezes_the_version_with_who_and_when(agreed, facilitator):
    agreed.refresh_from_db()
    assert agreed.status == VersionStatus.AGREED
    assert agreed.agreed_by == facilitator
    assert agreed.agreed_at is not None


def test_an_agreed_version_refuses_item_changes(agreed, facilitator):
    with pytest.raises(ValidationError, match="agreed .* can no longer be changed"):
        services.draft_save(
            version=agreed,
            author=facilitator,
            fields={},
            sections={Section.CONTEXT: [{"text": "Changed"}]},
            seen_version=agreed.edit_version,
        )
    assert list(
        agreed.items.filter(section=Section.CONTEXT).values_list("text", flat=True)
    ) == ["Long waits for an autism assessment"]


def test_an_agreed_version_refuses_new_links_and_second_agreement(agreed, facilitator):
    inputs = agreed.items.filter(section=Section.INPUTS)
    activity = agreed.items.get(section=Section.ACTIVITIES)
    agreed.links.all().delete()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.link_add(version=agreed, source_id=inputs[0].pk, target_id=activity.pk)
    with pytest.raises(ValidationError, match="already agreed"):
        services.version_agree(version=agreed, author=facilitator)


def test_the_next_version_is_a_copy_with_items_links_and_reflections(
    agreed, facilitator
):
    LogicModelVersion.objects.filter(pk=agreed.pk).update(
        outputs_reflection="People liked the workshops."
    )
    draft = services.version_start_next(
        logic_model=agreed.logic_model, author=facilitator
    )
    assert draft.number == 2
    assert draft.is_draft
    assert draft.copied_from_id == agreed.pk
    assert draft.outputs_reflection == "People liked the workshops."
    old = list(
        agreed.items.order_by("section", "position").values_list("text", "origin")
    )
    new = list(
        draft.items.order_by("section", "position").values_list("text", "origin")
    )
    assert old == new
    assert draft.links.count() == agreed.links.count() == 4
    # Links point at the copies, never at the frozen items.
    assert not draft.links.exclude(source__version=draft).exists()
    assert not draft.links.exclude(target__version=draft).exists()


def test_starting_the_next_version_twice_returns_the_same_draft(agreed, facilitator):
    first = services.version_start_next(
        logic_model=agreed.logic_model, author=facilitator
    )
    second = services.version_start_next(
        logic_model=agreed.logic_model, author=facilitator
    )
    assert first.pk == second.pk
    assert agreed.logic_model.versions.count() == 2


def test_editing_the_copy_leaves_the_agreed_version_unchanged(agreed, facilitator):
    draft = services.version_start_next(
        logic_model=agreed.logic_model, author=facilitator
    )
    services.draft_save(
        version=draft,
        author=facilitator,
        fields={"context_reflection": "New thinking"},
        sections={Section.CONTEXT: [{"text": "Waits of over two years"}]},
        seen_version=draft.edit_version,
    )
    assert agreed.items.get(section=Section.CONTEXT).text == (
        "Long waits for an autism assessment"
    )
    assert draft.items.get(section=Section.CONTEXT).text == "Waits of over two years"


def test_post_facto_can_start_as_a_copy_of_the_latest_a_priori(
    agreed, facilitator, project
):
    source = selectors.copy_source(project)
    assert source.pk == agreed.pk
    post = services.logic_model_start(
        project=project, kind=ModelKind.POST_FACTO, author=facilitator, copy_from=source
    )
    assert post.logic_model.kind == ModelKind.POST_FACTO
    assert post.items.count() == agreed.items.count()
    assert post.links.count() == 4
    # Reflections and checks are about hopes, so the post facto model starts blank.
    assert post.context_reflection == ""


def test_copying_from_another_projects_model_is_refused(agreed, facilitator):
    from tests.factories import ProjectFactory

    other = ProjectFactory(programme=agreed.logic_model.project.programme)
    with pytest.raises(ValidationError, match="same project"):
        services.logic_model_start(
            project=other,
            kind=ModelKind.POST_FACTO,
            author=facilitator,
            copy_from=agreed,
        )


def test_saving_keeps_item_identity_so_reordering_and_rewording_follow_the_item(
    project, facilitator
):
    version = build_version(project, author=facilitator, items=SMALL_MODEL)
    first, second = version.items.filter(section=Section.INPUTS)
    services.draft_save(
        version=version,
        author=facilitator,
        fields={},
        sections={
            Section.INPUTS: [
                {"origin": second.origin, "text": second.text},
                {"origin": first.origin, "text": "Two days a week of facilitator time"},
                {"text": "A small budget for venues"},
            ]
        },
        seen_version=version.edit_version,
    )
    texts = list(
        version.items.filter(section=Section.INPUTS).values_list("text", "origin")
    )
    assert texts[0] == (second.text, second.origin)
    assert texts[1] == ("Two days a week of facilitator time", first.origin)
    assert texts[2][0] == "A small budget for venues"
    # Other sections were not part of the save and are untouched.
    assert version.items.filter(section=Section.OUTCOMES).count() == 1


def test_removing_an_item_removes_its_links(project, facilitator):
    version = build_version(
        project, author=facilitator, items=SMALL_MODEL, links=SMALL_LINKS
    )
    keep = version.items.filter(section=Section.INPUTS).last()
    services.draft_save(
        version=version,
        author=facilitator,
        fields={},
        sections={Section.INPUTS: [{"origin": keep.origin, "text": keep.text}]},
        seen_version=version.edit_version,
    )
    assert version.links.count() == 3
    assert (
        LogicItem.objects.filter(version=version, section=Section.INPUTS).count() == 1
    )


@pytest.mark.parametrize(
    "text, message",
    [("   ", "is empty"), ("x" * 241, "240 characters or fewer")],
)
def test_empty_and_over_long_items_are_refused(project, facilitator, text, message):
    version = build_version(project, author=facilitator)
    with pytest.raises(ValidationError, match=message):
        services.draft_save(
            version=version,
            author=facilitator,
            fields={},
            sections={Section.OUTPUTS: [{"text": "Fine"}, {"text": text}]},
            seen_version=version.edit_version,
        )
    assert not version.items.exists()


def test_only_outcomes_take_anticipated_and_positive_marks(project, facilitator):
    version = build_version(project, author=facilitator)
    with pytest.raises(ValidationError, match="Only outcomes"):
        services.draft_save(
            version=version,
            author=facilitator,
            fields={},
            sections={Section.OUTPUTS: [{"text": "A report", "effect": "negative"}]},
            seen_version=version.edit_version,
        )
    services.draft_save(
        version=version,
        author=facilitator,
        fields={},
        sections={
            Section.OUTCOMES: [
                {
                    "text": "Staff felt stretched",
                    "anticipation": "unanticipated",
                    "effect": "negative",
                }
            ]
        },
        seen_version=version.edit_version,
    )
    assert version.items.get().flags == "Unanticipated, negative"


def test_a_save_from_an_older_copy_of_the_draft_is_refused(
    project, facilitator, evaluator
):
    version = build_version(project, author=facilitator, items=SMALL_MODEL)
    opened_at = version.edit_version
    services.draft_save(
        version=version,
        author=evaluator,
        fields={"context_reflection": "Evaluator's note"},
        sections={},
        seen_version=opened_at,
    )
    with pytest.raises(EditConflict):
        services.draft_save(
            version=version,
            author=facilitator,
            fields={"context_reflection": "Facilitator's note"},
            sections={},
            seen_version=opened_at,
        )
    version.refresh_from_db()
    assert version.context_reflection == "Evaluator's note"


def test_an_empty_draft_cannot_be_agreed(project, facilitator):
    version = build_version(project, author=facilitator)
    with pytest.raises(ValidationError, match="at least one item"):
        services.version_agree(version=version, author=facilitator)


def test_latest_models_returns_the_newest_version_of_each_kind(
    agreed, facilitator, project
):
    draft = services.version_start_next(
        logic_model=agreed.logic_model, author=facilitator
    )
    latest = selectors.latest_models(project)
    assert latest[ModelKind.A_PRIORI].pk == draft.pk
    assert latest[ModelKind.POST_FACTO] is None
