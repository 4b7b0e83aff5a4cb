"""Comparing two versions: kept, reworded, added and dropped items per section."""

import pytest

from logicmodels import compare, selectors, services
from logicmodels.models import ModelKind, Section
from tests.logicmodels.factories import build_version


def changes(result):
    return [
        (
            row["change"],
            row["old"]["text"] if row["old"] else None,
            row["new"]["text"] if row["new"] else None,
        )
        for row in result["rows"]
    ]


def items(*texts, origins=None):
    return [{"text": text, "origin": (origins or {}).get(text)} for text in texts]


def test_same_wording_is_kept_even_with_other_case_and_spacing():
    result = compare.compare_item_lists(
        items("Facilitator time", "A venue"), items("facilitator  time.", "A venue")
    )
    assert result["counts"] == {"kept": 2, "reworded": 0, "added": 0, "dropped": 0}


def test_similar_wording_is_reworded_and_the_rest_added_or_dropped():
    old = items(
        "Six co-design workshops with tenants",
        "A newsletter for all residents",
        "Training for staff",
    )
    new = items(
        "Training for staff",
        "Four co-design workshops with tenants",
        "A peer support WhatsApp group",
    )
    result = compare.compare_item_lists(old, new)
    assert changes(result) == [
        ("kept", "Training for staff", "Training for staff"),
        (
            "reworded",
            "Six co-design workshops with tenants",
            "Four co-design workshops with tenants",
        ),
        ("dropped", "A newsletter for all residents", None),
        ("added", None, "A peer support WhatsApp group"),
    ]
    reworded = result["rows"][1]
    assert reworded["similarity"] >= compare.REWORDED_AT
    assert ["removed", "Six"] in reworded["diff"]
    assert ["inserted", "Four"] in reworded["diff"]


def test_an_edited_copy_of_an_item_counts_as_reworded_however_much_it_changed():
    old = items("Hold a launch event", origins={"Hold a launch event": "x1"})
    new = items("Cancelled: ran a webinar", origins={"Cancelled: ran a webinar": "x1"})
    assert changes(compare.compare_item_lists(old, new)) == [
        ("reworded", "Hold a launch event", "Cancelled: ran a webinar")
    ]


def test_unrelated_wording_is_dropped_and_added_not_reworded():
    result = compare.compare_item_lists(
        items("Commissioner support"), items("A grant from the council")
    )
    assert result["counts"] == {"kept": 0, "reworded": 0, "added": 1, "dropped": 1}


def test_a_dropped_item_sits_where_it_was_in_the_older_list():
    result = compare.compare_item_lists(items("A", "B gone", "C"), items("A", "C"))
    assert [row["change"] for row in result["rows"]] == ["kept", "dropped", "kept"]


@pytest.fixture
def a_priori_and_post_facto(project, facilitator):
    a_priori = build_version(
        project,
        author=facilitator,
        items={
            Section.CONTEXT: ["Tenants feel unheard by the housing association"],
            Section.ACTIVITIES: [
                "Six co-design workshops with tenants",
                "A tenants' newsletter",
            ],
            Section.OUTCOMES: ["Tenants run their own peer support group"],
        },
        agree=True,
    )
    post = build_version(
        project,
        author=facilitator,
        kind=ModelKind.POST_FACTO,
        copy_from=a_priori,
    )
    (context,) = post.items.filter(section=Section.CONTEXT)
    workshops, _newsletter = post.items.filter(section=Section.ACTIVITIES)
    (outcome,) = post.items.filter(section=Section.OUTCOMES)
    services.draft_save(
        version=post,
        author=facilitator,
        fields={"outcomes_reflection": "The group met monthly after funding ended."},
        sections={
            Section.CONTEXT: [{"origin": context.origin, "text": context.text}],
            Section.ACTIVITIES: [
                {
                    "origin": workshops.origin,
                    "text": "Four co-design workshops with tenants",
                },
                {"text": "Door-knocking with tenant volunteers"},
            ],
            Section.OUTCOMES: [
                {
                    "origin": outcome.origin,
                    "text": outcome.text,
                    "anticipation": "anticipated",
                    "effect": "positive",
                },
                {
                    "text": "Volunteers felt burnt out",
                    "anticipation": "unanticipated",
                    "effect": "negative",
                },
            ],
        },
        seen_version=post.edit_version,
    )
    return a_priori, post


def test_compare_versions_reports_each_section(project, a_priori_and_post_facto):
    a, b = a_priori_and_post_facto
    loaded = selectors.versions_by_id(project, [a.pk, b.pk])
    result = compare.compare_versions(loaded[a.pk], loaded[b.pk])
    sections = {s["key"]: s for s in result["sections"]}
    assert [s["label"] for s in result["sections"]] == [
        "Context",
        "Inputs",
        "Activities",
        "Outputs",
        "Outcomes",
    ]
    assert sections["context"]["counts"]["kept"] == 1
    assert changes(sections["activities"]) == [
        (
            "reworded",
            "Six co-design workshops with tenants",
            "Four co-design workshops with tenants",
        ),
        ("dropped", "A tenants' newsletter", None),
        ("added", None, "Door-knocking with tenant volunteers"),
    ]
    outcome_rows = sections["outcomes"]["rows"]
    assert outcome_rows[1]["change"] == "added"
    assert outcome_rows[1]["new"]["flags"] == "Unanticipated, negative"
    assert sections["outcomes"]["reflection_b"].startswith("The group met")
    assert result["totals"] == {"kept": 2, "reworded": 1, "added": 2, "dropped": 1}
    assert result["a"]["kind"] == ModelKind.A_PRIORI
    assert result["b"]["kind"] == ModelKind.POST_FACTO
    assert len(result["checks"]) == 3


def test_compare_page_defaults_to_latest_a_priori_and_post_facto(
    client, commissioner, project, a_priori_and_post_facto
):
    a, b = a_priori_and_post_facto
    client.force_login(commissioner)
    response = client.get(f"/projects/{project.slug}/logic-models/compare/")
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert (comparison["a"]["id"], comparison["b"]["id"]) == (a.pk, b.pk)
    page = response.content.decode()
    assert "− Dropped" in page and "+ Added" in page and "~ Reworded" in page
    assert '<del><span class="visually-hidden">removed: </span>Six</del>' in page
    assert "@media print" not in page  # print rules live in the stylesheet


def test_compare_page_compares_the_versions_asked_for(
    client, evaluator, project, a_priori_and_post_facto
):
    a, b = a_priori_and_post_facto
    client.force_login(evaluator)
    response = client.get(
        f"/projects/{project.slug}/logic-models/compare/", {"a": b.pk, "b": a.pk}
    )
    assert response.context["comparison"]["a"]["id"] == b.pk


def test_compare_page_ignores_versions_of_other_projects(
    client, evaluator, project, a_priori_and_post_facto
):
    from tests.factories import ProjectFactory

    other = build_version(
        ProjectFactory(programme=project.programme),
        items={Section.CONTEXT: ["Secret"]},
    )
    a, _ = a_priori_and_post_facto
    client.force_login(evaluator)
    response = client.get(
        f"/projects/{project.slug}/logic-models/compare/", {"a": a.pk, "b": other.pk}
    )
    assert response.status_code == 200
    assert "Secret" not in response.content.decode()
