"""Welsh and easy-read framework and theme texts: edited by staff, kept across
framework versions where the English did not change, shown on participant pages."""

import pytest
from django.urls import reverse

from evaluation.matrix.selectors import version_matrix
from evaluation.models import Theme
from tests.evaluation.matrix.factories import PRINCIPLES, framework_for, latest
from tests.evaluation.matrix.test_frameworks import _form_data

pytestmark = pytest.mark.django_db


def texts_url(programme, framework):
    return reverse("evaluation:framework_texts", args=[programme.slug, framework.pk])


def texts_data(framework, **values):
    data = {"edit_version": framework.edit_version}
    data.update(values)
    return data


def test_facilitator_writes_welsh_and_easy_read_texts_for_a_framework(
    client, facilitator, programme
):
    framework = framework_for(programme, PRINCIPLES)
    levels, rows = version_matrix(latest(framework))
    first, cell = rows[0].dimension, rows[0].descriptors[levels[0].pk]
    client.force_login(facilitator)
    page = client.get(texts_url(programme, framework))
    assert page.status_code == 200
    assert f'name="dimension-{first.pk}-name_cy"' in page.content.decode()
    assert 'lang="cy"' in page.content.decode()
    response = client.post(
        texts_url(programme, framework),
        texts_data(
            framework,
            **{
                f"dimension-{first.pk}-name_cy": "Asedau",
                f"dimension-{first.pk}-name_easy": "What people bring",
                f"cell-{cell.pk}-text_cy": "Ychydig o gryfderau’n cael eu defnyddio.",
                f"level-{levels[0].pk}-label_cy": "Disgrifiadol",
            },
        ),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    cell.refresh_from_db()
    assert (first.name_cy, first.name_easy) == ("Asedau", "What people bring")
    assert cell.text_cy == "Ychydig o gryfderau’n cael eu defnyddio."
    # Saving translations does not make a new version.
    assert latest(framework).number == 1


def test_texts_saved_by_someone_else_meanwhile_are_not_overwritten(
    client, facilitator, programme
):
    framework = framework_for(programme, PRINCIPLES)
    _, rows = version_matrix(latest(framework))
    key = f"dimension-{rows[0].dimension.pk}-name_cy"
    client.force_login(facilitator)
    stale = texts_data(framework, **{key: "Ail"})
    assert (
        client.post(
            texts_url(programme, framework), texts_data(framework, **{key: "Cyntaf"})
        ).status_code
        == 302
    )
    response = client.post(texts_url(programme, framework), stale)
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    assert 'value="Ail"' in response.content.decode()
    rows[0].dimension.refresh_from_db()
    assert rows[0].dimension.name_cy == "Cyntaf"


def test_commissioner_cannot_change_framework_texts(client, commissioner, programme):
    framework = framework_for(programme, PRINCIPLES)
    client.force_login(commissioner)
    assert client.get(texts_url(programme, framework)).status_code == 403


def test_a_new_version_keeps_translations_where_the_english_is_unchanged(
    client, facilitator, project
):
    from tests.evaluation.matrix.factories import open_round

    scoring_round = open_round(project, key=PRINCIPLES)[0]
    framework = scoring_round.version.framework
    levels, rows = version_matrix(latest(framework))
    kept, changed = rows[0].dimension, rows[1].dimension
    for dimension in (kept, changed):
        dimension.name_cy = f"Cymraeg {dimension.position}"
        dimension.save(update_fields=["name_cy"])
    cell = rows[0].descriptors[levels[0].pk]
    cell.text_easy = "Easy words."
    cell.save(update_fields=["text_easy"])
    client.force_login(facilitator)
    url = reverse(
        "evaluation:framework_edit", args=[project.programme.slug, framework.pk]
    )
    response = client.post(
        url, _form_data(framework, dim_1_name="Capabilities, renamed")
    )
    assert response.status_code == 302
    version = latest(framework)
    assert version.number == 2
    new_levels, new_rows = version_matrix(version)
    assert new_rows[0].dimension.name_cy == f"Cymraeg {kept.position}"
    assert new_rows[0].descriptors[new_levels[0].pk].text_easy == "Easy words."
    assert new_rows[1].dimension.name == "Capabilities, renamed"
    assert new_rows[1].dimension.name_cy == ""


def test_theme_texts_are_edited_on_the_theme_form(client, evaluator, programme):
    client.force_login(evaluator)
    url = reverse("evaluation:theme_create", args=[programme.slug])
    assert 'name="description_easy"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Trust",
            "position": 1,
            "name_cy": "Ymddiriedaeth",
            "description_easy": "People believed each other.",
        },
    )
    assert response.status_code == 302
    theme = Theme.objects.get(name="Trust")
    assert theme.name_cy == "Ymddiriedaeth"
    assert theme.description_easy == "People believed each other."
