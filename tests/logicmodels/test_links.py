"""Links join neighbouring sections of one draft; the trace check finds gaps."""

import pytest
from django.core.exceptions import ValidationError

from logicmodels import compare, services
from logicmodels.models import Section
from tests.factories import ProgrammeFactory, ProjectFactory
from tests.logicmodels.factories import SMALL_LINKS, SMALL_MODEL, build_version


@pytest.fixture
def draft(project, facilitator):
    return build_version(project, author=facilitator, items=SMALL_MODEL)


def item(version, section, index=0):
    return list(version.items.filter(section=section))[index]


def test_an_input_can_feed_an_activity(draft):
    link = services.link_add(
        version=draft,
        source_id=item(draft, Section.INPUTS).pk,
        target_id=item(draft, Section.ACTIVITIES).pk,
    )
    assert link.version == draft


@pytest.mark.parametrize(
    "source, target, message",
    [
        (Section.INPUTS, Section.OUTPUTS, "cannot skip a section"),
        (Section.ACTIVITIES, Section.OUTCOMES, "cannot skip a section"),
        (Section.OUTPUTS, Section.ACTIVITIES, "Links run forwards"),
        (Section.CONTEXT, Section.INPUTS, "context sets the scene"),
    ],
)
def test_links_that_skip_or_run_backwards_are_refused(draft, source, target, message):
    with pytest.raises(ValidationError, match=message):
        services.link_add(
            version=draft,
            source_id=item(draft, source).pk,
            target_id=item(draft, target).pk,
        )
    assert not draft.links.exists()


def test_a_link_to_another_projects_item_is_refused(draft, facilitator):
    other = build_version(
        ProjectFactory(programme=ProgrammeFactory()),
        author=facilitator,
        items=SMALL_MODEL,
    )
    with pytest.raises(ValidationError, match="not part of this project"):
        services.link_add(
            version=draft,
            source_id=item(draft, Section.INPUTS).pk,
            target_id=item(other, Section.ACTIVITIES).pk,
        )


def test_a_link_to_an_item_of_another_version_is_refused(project, facilitator):
    agreed = build_version(project, author=facilitator, items=SMALL_MODEL, agree=True)
    draft = build_version(project, author=facilitator)
    with pytest.raises(ValidationError, match="another version"):
        services.link_add(
            version=draft,
            source_id=item(draft, Section.INPUTS).pk,
            target_id=item(agreed, Section.ACTIVITIES).pk,
        )


def test_the_same_link_twice_is_refused(draft):
    ids = {
        "source_id": item(draft, Section.INPUTS).pk,
        "target_id": item(draft, Section.ACTIVITIES).pk,
    }
    services.link_add(version=draft, **ids)
    with pytest.raises(ValidationError, match="already linked"):
        services.link_add(version=draft, **ids)


def test_the_trace_check_flags_unlinked_items_and_untraced_outcomes(
    project, facilitator
):
    version = build_version(
        project, author=facilitator, items=SMALL_MODEL, links=SMALL_LINKS[:1]
    )
    trace = compare.trace_check(version.items.all(), version.links.all())
    flagged = {(gap["section"], gap["text"]): gap["problems"] for gap in trace["gaps"]}
    assert flagged[("Inputs", "Commissioner support")] == ["it leads to no activities"]
    assert flagged[("Outputs", "A shared list of priorities")] == [
        "no activities lead to it",
        "it leads to no outcomes",
    ]
    assert ("Inputs", "Facilitator time") not in flagged
    assert trace["untraced"] == 1
    assert not trace["complete"]


def test_a_fully_linked_model_passes_the_trace_check(project, facilitator):
    version = build_version(
        project, author=facilitator, items=SMALL_MODEL, links=SMALL_LINKS
    )
    trace = compare.trace_check(version.items.all(), version.links.all())
    assert trace["complete"]
    assert trace["gaps"] == []


def test_links_page_refuses_another_projects_item_with_a_clear_message(
    client, evaluator, draft, facilitator
):
    other = build_version(
        ProjectFactory(programme=ProgrammeFactory()),
        author=facilitator,
        items=SMALL_MODEL,
    )
    client.force_login(evaluator)
    url = f"/projects/{draft.logic_model.project.slug}/logic-models/a-priori/links/"
    response = client.post(
        url,
        {
            "source": item(draft, Section.INPUTS).pk,
            "target": item(other, Section.ACTIVITIES).pk,
        },
    )
    assert response.status_code == 200
    assert "not part of this project" in response.content.decode()
    assert not draft.links.exists()


def test_links_page_adds_and_removes_a_link(client, evaluator, draft):
    client.force_login(evaluator)
    url = f"/projects/{draft.logic_model.project.slug}/logic-models/a-priori/links/"
    response = client.post(
        url,
        {
            "source": item(draft, Section.INPUTS).pk,
            "target": item(draft, Section.ACTIVITIES).pk,
        },
    )
    assert response.status_code == 302
    link = draft.links.get()
    response = client.post(f"{url}{link.pk}/remove/")
    assert response.status_code == 302
    assert not draft.links.exists()
