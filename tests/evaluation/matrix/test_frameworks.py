"""Frameworks: shipped copies, editing, and versions that keep old rounds' meaning."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.concurrency import EditConflict
from evaluation.matrix import services
from evaluation.matrix.frameworks import SHIPPED
from evaluation.matrix.selectors import version_matrix, version_spec
from evaluation.models import Framework
from tests.evaluation.matrix.factories import (
    MATRIX,
    PRINCIPLES,
    framework_for,
    latest,
    open_round,
)


def test_shipped_frameworks_have_a_descriptor_for_every_cell():
    matrix, principles = SHIPPED[MATRIX], SHIPPED[PRINCIPLES]
    assert [lv["label"] for lv in matrix["levels"]] == [
        "Doing to",
        "Informing",
        "Consultation",
        "Engagement",
        "Co-design",
        "Co-production",
    ]
    assert len(matrix["dimensions"]) == 11
    assert [lv["label"] for lv in principles["levels"]] == [
        "Descriptive",
        "Intermediate",
        "Transformative",
    ]
    assert [d["name"] for d in principles["dimensions"]] == [
        "Assets",
        "Capabilities",
        "Mutuality",
        "Networks",
        "Blurring roles",
        "Catalysts",
    ]
    for spec in (matrix, principles):
        for dimension in spec["dimensions"]:
            assert len(dimension["descriptors"]) == len(spec["levels"])
            assert all(text.strip() for text in dimension["descriptors"])


def test_a_programme_copy_matches_the_shipped_framework(programme):
    framework = framework_for(programme, MATRIX)
    spec = version_spec(latest(framework))
    assert spec["levels"] == SHIPPED[MATRIX]["levels"]
    assert spec["dimensions"] == SHIPPED[MATRIX]["dimensions"]


def test_copying_twice_with_the_same_name_is_refused(programme):
    framework_for(programme, MATRIX)
    with pytest.raises(ValidationError):
        services.framework_copy(programme=programme, author=None, source_key=MATRIX)


def _edited(framework, **changes):
    spec = version_spec(latest(framework))
    spec["dimensions"][0]["descriptors"][0] = "New wording for the lowest level."
    spec.update(changes)
    return spec


def test_an_unused_framework_is_edited_in_place(programme):
    framework = framework_for(programme, PRINCIPLES)
    version = services.framework_version_save(
        framework=framework,
        spec=_edited(framework),
        author=None,
        change_note="Wording",
        seen_edit_version=framework.edit_version,
    )
    assert version.number == 1
    assert framework.versions.count() == 1
    _, rows = version_matrix(version)
    assert rows[0].cells[0] == "New wording for the lowest level."


def test_a_used_framework_gets_a_new_version_and_old_rounds_keep_theirs(project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    framework = scoring_round.version.framework
    old_text = version_matrix(scoring_round.version)[1][0].cells[0]
    version = services.framework_version_save(
        framework=framework,
        spec=_edited(framework),
        author=None,
        change_note="Wording",
        seen_edit_version=framework.edit_version,
    )
    assert version.number == 2
    scoring_round.refresh_from_db()
    assert scoring_round.version.number == 1
    assert version_matrix(scoring_round.version)[1][0].cells[0] == old_text
    # New rounds must use the newest version.
    with pytest.raises(ValidationError):
        services.round_open(
            project=project,
            version=scoring_round.version,
            held_on=scoring_round.held_on,
            stage="define",
            author=None,
        )


def test_a_stale_edit_is_refused(programme):
    framework = framework_for(programme, PRINCIPLES)
    seen = framework.edit_version
    services.framework_version_save(
        framework=framework,
        spec=_edited(framework),
        author=None,
        change_note="First",
        seen_edit_version=seen,
    )
    with pytest.raises(EditConflict):
        services.framework_version_save(
            framework=framework,
            spec=_edited(framework),
            author=None,
            change_note="Second",
            seen_edit_version=seen,
        )


def _form_data(framework, **overrides):
    spec = version_spec(latest(framework))
    data = {
        "name": spec["name"],
        "description": spec["description"],
        "change_note": "Clearer wording",
        "edit_version": framework.edit_version,
    }
    levels = len(spec["levels"])
    for i, level in enumerate(spec["levels"]):
        data[f"level_{i}_label"] = level["label"]
        data[f"level_{i}_description"] = level["description"]
    for j, dimension in enumerate(spec["dimensions"]):
        data[f"dim_{j}_name"] = dimension["name"]
        data[f"dim_{j}_description"] = dimension["description"]
        data[f"dim_{j}_target"] = str(dimension["target"])
        data[f"dim_{j}_order"] = j + 1
        for i, text in enumerate(dimension["descriptors"]):
            data[f"cell_{j}_{i}"] = text
    new = len(spec["dimensions"])
    data[f"dim_{new}_order"] = new + 1
    data.setdefault(f"level_{levels}_label", "")
    data.update(overrides)
    return data


def test_facilitator_edits_a_used_framework_through_the_page(
    client, facilitator, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    framework = scoring_round.version.framework
    client.force_login(facilitator)
    url = reverse(
        "evaluation:framework_edit", args=[project.programme.slug, framework.pk]
    )
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _form_data(
            framework,
            dim_0_target="1",
            dim_6_name="Trust",
            dim_6_target="2",
            cell_6_0="Little trust yet.",
            cell_6_1="Trust is growing.",
            cell_6_2="People trust each other.",
        ),
    )
    assert response.status_code == 302
    version = latest(framework)
    assert version.number == 2
    assert version.change_note == "Clearer wording"
    dimensions = list(version.dimensions.order_by("position"))
    assert dimensions[0].target.label == "Intermediate"
    assert dimensions[-1].name == "Trust"


def test_missing_cells_are_refused_and_typed_text_kept(client, facilitator, programme):
    framework = framework_for(programme, PRINCIPLES)
    client.force_login(facilitator)
    url = reverse("evaluation:framework_edit", args=[programme.slug, framework.pk])
    response = client.post(
        url, _form_data(framework, dim_6_name="Trust", dim_6_target="2")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Describe “Trust” at level 1" in body
    assert 'value="Trust"' in body
    assert latest(framework).dimensions.count() == 6


def test_commissioner_reads_frameworks_but_cannot_add_one(
    client, commissioner, programme
):
    framework_for(programme, MATRIX)
    client.force_login(commissioner)
    url = reverse("evaluation:framework_list", args=[programme.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "Add a framework" not in page.content.decode()
    response = client.post(url, {"source": f"shipped:{PRINCIPLES}"})
    assert response.status_code == 403
    assert Framework.objects.filter(programme=programme).count() == 1


def test_evaluator_copies_a_shipped_framework(client, evaluator, programme):
    client.force_login(evaluator)
    url = reverse("evaluation:framework_list", args=[programme.slug])
    response = client.post(url, {"source": f"shipped:{PRINCIPLES}", "name": ""})
    framework = Framework.objects.get(programme=programme)
    assert response.status_code == 302
    assert framework.name == "Six principles of co-production"


def test_a_stale_framework_save_is_refused_keeping_the_typed_name(
    client, facilitator, programme
):
    framework = framework_for(programme, PRINCIPLES)
    client.force_login(facilitator)
    url = reverse("evaluation:framework_edit", args=[programme.slug, framework.pk])
    first = _form_data(framework, name="Principles, first")
    second = _form_data(framework, name="Principles, second")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved changes" in page
    assert 'value="Principles, second"' in page
    assert "The version saved by someone else" in page
    assert "Principles, first" in page
    framework.refresh_from_db()
    assert framework.name == "Principles, first"
