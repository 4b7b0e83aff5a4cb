"""The editor's row buttons (add, move up, move down, remove): the pure function, the
section fragment htmx swaps in, and the same buttons as full-page posts without
JavaScript. None of them saves; saving keeps its own checks."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from logicmodels.forms import RowAction, row_action_apply
from logicmodels.models import ModelKind, Section
from tests.logicmodels.factories import edit_url, form_data


def rows_url(project, kind=ModelKind.A_PRIORI):
    return reverse("logicmodels:draft_rows", args=[project.slug, kind])


def texts(rows):
    return [row.get("text", "") for row in rows]


ROWS = [{"text": "First"}, {"text": "Second"}, {"text": "Third"}]


@pytest.mark.parametrize(
    "button, order, focus, message",
    [
        (
            "inputs:add",
            ["First", "Second", "Third", ""],
            {"index": 3, "control": "text"},
            "Added inputs item 4.",
        ),
        (
            "inputs:up:1",
            ["Second", "First", "Third"],
            # Now first: no Up button, so the focus goes to its Down button.
            {"index": 0, "control": "down"},
            "Moved “Second” up to position 1 of 3 in inputs.",
        ),
        (
            "inputs:down:0",
            ["Second", "First", "Third"],
            {"index": 1, "control": "down"},
            "Moved “First” down to position 2 of 3 in inputs.",
        ),
        (
            "inputs:down:1",
            ["First", "Third", "Second"],
            {"index": 2, "control": "up"},
            "Moved “Second” down to position 3 of 3 in inputs.",
        ),
        (
            "inputs:up:0",
            ["First", "Second", "Third"],
            {"index": 0, "control": "down"},
            "“First” is already first in inputs.",
        ),
        (
            "inputs:remove:1",
            ["First", "Third"],
            # The row that took its place.
            {"index": 1, "control": "text"},
            "Removed “Second” from inputs (2 items left).",
        ),
        (
            "inputs:remove:2",
            ["First", "Second"],
            {"index": 1, "control": "text"},
            "Removed “Third” from inputs (2 items left).",
        ),
        (
            "inputs:remove:7",
            ["First", "Second", "Third"],
            {"index": None, "control": "add"},
            "That item is no longer here.",
        ),
    ],
)
def test_row_buttons_change_the_rows_and_say_what_happened(
    button, order, focus, message
):
    rows, got_focus, said = row_action_apply(ROWS, RowAction(button))
    assert texts(rows) == order
    assert got_focus == focus
    assert said.startswith(message)
    assert texts(ROWS) == ["First", "Second", "Third"]  # the input is not changed


def test_removing_the_last_row_puts_the_focus_on_the_add_button():
    rows, focus, said = row_action_apply([{"text": ""}], RowAction("context:remove:0"))
    assert rows == []
    assert focus == {"index": None, "control": "add"}
    assert said.startswith("Removed an empty item from context (0 items left)")


@pytest.mark.parametrize(
    "value", ["", "inputs", "nowhere:add", "inputs:jump:1", "inputs:up", "inputs:add:1"]
)
def test_malformed_row_buttons_are_refused(value):
    with pytest.raises(ValueError):
        RowAction(value)


def test_moving_a_row_returns_the_section_with_everything_typed_and_saves_nothing(
    client, facilitator, project, draft
):
    client.force_login(facilitator)
    data = form_data(
        client,
        edit_url(project),
        **{
            "inputs-0-text": "Facilitator time, typed not saved",
            "inputs-1-text": "Commissioner support, also typed",
            "row": "inputs:down:0",
        },
    )
    before = draft.edit_version
    response = client.post(rows_url(project), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["X-Logic-Model-Rows"] == "inputs"
    page = response.content.decode()
    # Only the inputs section comes back, in the new order, with the typed text.
    assert page.count('id="items-') == 1
    first = page.index('value="Commissioner support, also typed"')
    second = page.index('value="Facilitator time, typed not saved"')
    assert first < second
    # The moved row keeps its identity (and so its links) when it is saved.
    origin = str(draft.items.get(section=Section.INPUTS, position=1).origin)
    assert re.search(rf'name="inputs-1-origin" value="{origin}"', page)
    # The status line is updated out of band; the focus stays on the moved row.
    assert 'hx-swap-oob="innerHTML:#lm-status"' in page
    assert "Moved “Facilitator time, typed not saved” down to position 2" in page
    assert re.search(r'value="inputs:up:1"[^>]*autofocus', page)
    draft.refresh_from_db()
    assert draft.edit_version == before
    assert draft.items.get(section=Section.INPUTS, position=1).text == (
        "Facilitator time"
    )


def test_adding_a_row_keeps_typed_text_and_focuses_the_new_row(
    client, facilitator, project, draft
):
    client.force_login(facilitator)
    data = form_data(
        client,
        edit_url(project),
        **{"outcomes-0-text": "Typed outcome", "row": "outcomes:add"},
    )
    response = client.post(rows_url(project), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="outcomes-TOTAL_FORMS" value="2"' in page
    assert 'value="Typed outcome"' in page
    assert re.search(r'name="outcomes-1-text"[^>]*autofocus', page)
    # The buttons name their row: the new one by its place.
    assert (
        'Remove<span class="visually-hidden"> <span data-row-name>outcomes item 2'
        in (page)
    )
    assert draft.items.filter(section=Section.OUTCOMES).count() == 1


def test_removing_a_row_drops_only_that_row(client, facilitator, project, draft):
    client.force_login(facilitator)
    data = form_data(client, edit_url(project), row="inputs:remove:0")
    response = client.post(rows_url(project), data)
    page = response.content.decode()
    assert "Facilitator time" not in page.split("lm-status")[0]
    assert 'value="Commissioner support"' in page
    assert 'name="inputs-TOTAL_FORMS" value="1"' in page
    assert "Removed “Facilitator time” from inputs (1 item left)" in page
    assert draft.items.filter(section=Section.INPUTS).count() == 2


def test_outsider_gets_404_and_commissioner_403_from_the_rows(
    client, outsider, commissioner, project, draft
):
    data = {"row": "inputs:add", "inputs-TOTAL_FORMS": "0"}
    client.force_login(outsider)
    assert client.post(rows_url(project), data).status_code == 404
    client.force_login(commissioner)
    assert client.post(rows_url(project), data).status_code == 403


def test_rows_need_a_row_button(client, facilitator, project, draft):
    client.force_login(facilitator)
    assert client.post(rows_url(project), {}).status_code == 400
    assert client.post(rows_url(project), {"row": "inputs:fly:0"}).status_code == 400
    assert client.get(rows_url(project)).status_code == 405
    assert client.post(edit_url(project), {"row": "nowhere:add"}).status_code == 400


def test_without_javascript_a_row_button_returns_the_whole_page_unsaved(
    client, facilitator, project, draft
):
    client.force_login(facilitator)
    url = edit_url(project)
    data = form_data(
        client,
        url,
        **{
            "context_reflection": "Reflection typed, not saved",
            "outputs-0-text": "Output typed, not saved",
            "row": "inputs:up:1",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reflection typed, not saved" in page
    assert 'value="Output typed, not saved"' in page
    assert page.index('value="Commissioner support"') < page.index(
        'value="Facilitator time"'
    )
    # The status line says what happened; no error summary for an unsaved form.
    status = re.search(r'<p id="lm-status"[^>]*>([^<]*)</p>', page)[1]
    assert status == "Moved “Commissioner support” up to position 1 of 2 in inputs."
    assert 'id="error-summary"' not in page
    assert re.search(r'value="inputs:down:0"[^>]*autofocus', page)
    draft.refresh_from_db()
    assert draft.context_reflection == ""
    assert draft.items.get(section=Section.OUTPUTS).text != "Output typed, not saved"


def test_saving_leaves_out_blank_new_rows_and_points_at_blanked_items(
    client, facilitator, project, draft
):
    client.force_login(facilitator)
    url = edit_url(project)
    data = form_data(
        client,
        url,
        **{"activities-TOTAL_FORMS": "2", "activities-1-text": "   "},
    )
    assert client.post(url, data).status_code == 302
    assert draft.items.filter(section=Section.ACTIVITIES).count() == 1

    data = form_data(
        client, url, **{"outputs-0-text": "", "inputs-1-text": "Kept as typed"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    # The message sits by the box, is tied to it, and is listed at the top.
    assert re.search(
        r'name="outputs-0-text"[^>]*aria-invalid="true"[^>]*'
        r'aria-describedby="id_outputs-0-text-error"',
        page,
    ) or re.search(
        r'aria-describedby="id_outputs-0-text-error"[^>]*aria-invalid="true"[^>]*'
        r'name="outputs-0-text"',
        page,
    )
    assert 'id="id_outputs-0-text-error">Write something in this item' in page
    assert 'href="#id_outputs-0-text">Outputs, item 1: Write something' in page
    assert 'value="Kept as typed"' in page
    assert draft.items.get(section=Section.OUTPUTS).text == (
        "A shared list of priorities"
    )


def test_a_second_save_after_moving_rows_is_refused_keeping_the_moved_order(
    client, facilitator, evaluator, project, draft
):
    url = edit_url(project)
    client.force_login(evaluator)
    mine = form_data(client, url)
    # The evaluator moves the second input up (the rows come back swapped)...
    moved = client.post(rows_url(project), {**mine, "row": "inputs:up:1"})
    formset = moved.context["s"]["formset"]
    for n, row in enumerate(formset.forms):
        for name in ("origin", "text"):
            value = row[name].value()
            mine[f"inputs-{n}-{name}"] = "" if value is None else value
    # ...while the facilitator saves first.
    client.force_login(facilitator)
    theirs = form_data(client, url, **{"context-0-text": "Their change"})
    assert client.post(url, theirs).status_code == 302

    client.force_login(evaluator)
    response = client.post(url, mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved changes" in page
    assert page.index('value="Commissioner support"') < page.index(
        'value="Facilitator time"'
    )
    inputs = draft.items.filter(section=Section.INPUTS)
    assert [i.text for i in inputs] == ["Facilitator time", "Commissioner support"]


def test_row_buttons_work_on_a_version_agreed_meanwhile_but_saving_is_refused(
    client, facilitator, project, draft
):
    from logicmodels import services

    client.force_login(facilitator)
    url = edit_url(project)
    data = form_data(client, url, **{"inputs-0-text": "My late change"})
    services.version_agree(version=draft, author=facilitator)
    response = client.post(url, {**data, "row": "inputs:down:0"})
    assert response.status_code == 200
    assert 'value="My late change"' in response.content.decode()
    data = {
        **data,
        "inputs-0-text": "Commissioner support",
        "inputs-1-text": "My late change",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert "can no longer be changed" in page
    assert 'value="My late change"' in page
    assert "My late change" not in [i.text for i in draft.items.all()]


def posted_model(n: int) -> dict:
    data = {"row": "inputs:down:0", "inputs-TOTAL_FORMS": str(n)}
    for i in range(n):
        data[f"inputs-{i}-text"] = f"Input number {i}"
    return data


def test_row_queries_do_not_grow_with_rows(
    client, facilitator, project, draft, django_assert_max_num_queries
):
    client.force_login(facilitator)
    with CaptureQueriesContext(connection) as small:
        assert client.post(rows_url(project), posted_model(3)).status_code == 200
    # session, user, project, access: the rows come from the post, not the database.
    with django_assert_max_num_queries(len(small)):
        response = client.post(rows_url(project), posted_model(300))
    assert response.content.decode().count('name="inputs-') > 300
    assert len(small) <= 6


def test_editor_page_queries_do_not_grow_with_posted_rows(
    client, facilitator, project, draft, django_assert_max_num_queries
):
    client.force_login(facilitator)
    url = edit_url(project)
    base = form_data(client, url)
    with CaptureQueriesContext(connection) as small:
        response = client.post(url, {**base, **posted_model(3)})
    assert response.status_code == 200
    # session, user, project, access, draft, crib sheet: the same for 300 rows.
    with django_assert_max_num_queries(len(small)):
        client.post(url, {**base, **posted_model(300)})
