"""The logic model pages through the client: editing, conflicts, frozen versions."""

from django.urls import reverse

from logicmodels import services
from logicmodels.models import (
    GuidingQuestions,
    LogicModelVersion,
    Section,
    VersionStatus,
)
from tests.logicmodels.factories import SMALL_MODEL, edit_url, form_data


def test_facilitator_starts_an_a_priori_model(client, facilitator, project):
    client.force_login(facilitator)
    response = client.post(
        reverse("logicmodels:model_start", args=[project.slug]), {"kind": "a-priori"}
    )
    assert response.status_code == 302
    assert response.url == edit_url(project)
    assert project.logic_models.get().versions.get().is_draft
    # The programme's crib sheet is seeded the first time it is needed.
    assert GuidingQuestions.objects.filter(programme=project.programme).count() == 5


def test_post_facto_copy_needs_an_a_priori_model(client, facilitator, project):
    client.force_login(facilitator)
    response = client.post(
        reverse("logicmodels:model_start", args=[project.slug]),
        {"kind": "post-facto", "copy_a_priori": "on"},
    )
    assert response.status_code == 200
    assert "no a priori model to copy" in response.content.decode()


def test_evaluator_edits_reorders_and_adds_items(client, evaluator, project, draft):
    client.force_login(evaluator)
    url = edit_url(project)
    data = form_data(client, url)
    # Rows are saved in the order they are sent: swap the first two inputs.
    for name in ("origin", "text"):
        data[f"inputs-0-{name}"], data[f"inputs-1-{name}"] = (
            data[f"inputs-1-{name}"],
            data[f"inputs-0-{name}"],
        )
    data.update(
        {
            "inputs-1-text": "Facilitator time, two days a week",
            # Two new rows (as the Add buttons make them) and one left blank.
            "activities-TOTAL_FORMS": "3",
            "activities-1-text": "A new workshop",
            "outcomes-TOTAL_FORMS": "2",
            "outcomes-1-text": "Families feel listened to",
            "outcomes-1-anticipation": "unanticipated",
            "outcomes-1-effect": "positive",
            "outputs_reflection": "The priorities list was used by the CCG.",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["problems"]
    )
    inputs = list(
        draft.items.filter(section=Section.INPUTS).values_list("text", flat=True)
    )
    assert inputs == ["Commissioner support", "Facilitator time, two days a week"]
    outcome = draft.items.get(section=Section.OUTCOMES, position=2)
    assert outcome.flags == "Unanticipated, positive"
    draft.refresh_from_db()
    assert draft.outputs_reflection == "The priorities list was used by the CCG."
    assert draft.updated_by == evaluator
    activities = draft.items.filter(section=Section.ACTIVITIES)
    assert [a.text for a in activities] == [
        "Workshops with autistic adults",
        "A new workshop",
    ]
    # The reworded input kept its links.
    assert draft.links.count() == 4


def test_empty_and_over_long_items_are_refused_with_the_rest_of_the_form_kept(
    client, facilitator, project, draft
):
    client.force_login(facilitator)
    url = edit_url(project)
    data = form_data(
        client,
        url,
        **{
            "context-0-text": "",
            "activities-0-text": "x" * 300,
            "outputs_reflection": "Typed and not lost",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write something in this item, or use its Remove button" in page
    assert "240 characters at most (this one has 300)" in page
    assert "Typed and not lost" in page
    assert (
        draft.items.get(section=Section.CONTEXT).text == SMALL_MODEL[Section.CONTEXT][0]
    )


def test_add_row_keeps_typed_text_without_saving(client, facilitator, project, draft):
    client.force_login(facilitator)
    url = edit_url(project)
    data = form_data(
        client, url, row="outputs:add", **{"context_reflection": "Unsaved words"}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["sections"][3]["formset"].total_form_count() == 2
    assert "Unsaved words" in response.content.decode()
    draft.refresh_from_db()
    assert draft.context_reflection == ""


def test_second_save_of_the_same_draft_is_refused_showing_what_changed(
    client, facilitator, evaluator, project, draft
):
    url = edit_url(project)
    client.force_login(facilitator)
    first = form_data(client, url, **{"context-0-text": "Waits of over two years"})
    client.force_login(evaluator)
    second = form_data(
        client,
        url,
        **{"outputs-0-text": "A list of ten priorities", "outputs_reflection": "Mine"},
    )
    client.force_login(facilitator)
    assert client.post(url, first).status_code == 302

    client.force_login(evaluator)
    response = client.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved changes" in page
    # What the other person changed is shown...
    assert "Waits of over two years" in page
    assert "Long waits for an autism assessment" in page
    # ...and the evaluator's typed text is still in the form.
    assert 'value="A list of ten priorities"' in page
    assert "Mine" in page
    draft.refresh_from_db()
    assert draft.outputs_reflection == ""
    # Saving again from the refreshed form goes through.
    again = dict(second)
    again["edit_version"] = response.context["form"].data["edit_version"]
    assert client.post(url, again).status_code == 302
    assert draft.items.get(section=Section.OUTPUTS).text == "A list of ten priorities"


def test_editing_a_version_agreed_meanwhile_is_refused_and_text_can_go_to_the_next(
    client, facilitator, project, draft
):
    client.force_login(facilitator)
    url = edit_url(project)
    data = form_data(client, url, **{"context-0-text": "My late change"})
    services.version_agree(version=draft, author=facilitator)
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "can no longer be changed" in page
    assert 'value="My late change"' in page
    draft.refresh_from_db()
    assert draft.items.get(section=Section.CONTEXT).text != "My late change"

    response = client.post(url, {**data, "start_new": "1"})
    assert response.status_code == 302
    new = LogicModelVersion.objects.get(logic_model=draft.logic_model, number=2)
    assert new.items.get(section=Section.CONTEXT).text == "My late change"
    assert new.links.count() == 4


def test_edit_page_of_an_agreed_model_sends_you_to_start_a_new_version(
    client, facilitator, project, draft
):
    services.version_agree(version=draft, author=facilitator)
    client.force_login(facilitator)
    response = client.get(edit_url(project), follow=True)
    assert "is agreed and can no longer be changed" in response.content.decode()
    assert "Start version 2" in response.content.decode()


def test_agree_and_new_version_buttons(client, evaluator, project, draft):
    client.force_login(evaluator)
    response = client.post(
        reverse("logicmodels:draft_agree", args=[project.slug, "a-priori"]),
        {"edit_version": draft.edit_version},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.AGREED and draft.agreed_by == evaluator
    response = client.post(
        reverse("logicmodels:draft_new", args=[project.slug, "a-priori"])
    )
    assert response.status_code == 302
    assert draft.logic_model.versions.filter(number=2, status="draft").exists()


def test_agreeing_a_stale_page_is_refused(client, facilitator, project, draft):
    client.force_login(facilitator)
    response = client.post(
        reverse("logicmodels:draft_agree", args=[project.slug, "a-priori"]),
        {"edit_version": draft.edit_version - 1},
        follow=True,
    )
    assert "changed after you opened this page" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_commissioner_reads_but_cannot_edit(client, commissioner, project, draft):
    client.force_login(commissioner)
    detail = client.get(draft.get_absolute_url())
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Workshops with autistic adults" in page
    assert "Edit draft" not in page and "Agree version" not in page
    assert client.get(edit_url(project)).status_code == 403


def test_version_page_shows_diagram_questions_trace_and_checks(
    client, viewer, project, draft
):
    client.force_login(viewer)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "What were the commissioners hoping to get out of it?" in page
    assert "Every input, activity, output and outcome is linked" in page
    assert "Closing checks" in page


def test_svg_download(client, viewer, project, draft):
    client.force_login(viewer)
    response = client.get(
        reverse("logicmodels:version_svg", args=[project.slug, "a-priori", 1])
    )
    assert response["Content-Type"].startswith("image/svg+xml")
    assert b'role="img"' in response.content


def test_unknown_kind_or_version_is_404(client, facilitator, project, draft):
    client.force_login(facilitator)
    assert (
        client.get(f"/projects/{project.slug}/logic-models/other/v1/").status_code
        == 404
    )
    assert (
        client.get(f"/projects/{project.slug}/logic-models/a-priori/v9/").status_code
        == 404
    )


def test_programme_facilitator_edits_the_crib_sheet(client, facilitator, programme):
    client.force_login(facilitator)
    url = reverse("logicmodels:crib_sheet", args=[programme.slug])
    data = {}
    for section in Section:
        data[f"{section.key}_questions"] = (
            f"Question about {section.label}?\n\n  Another?  "
        )
        data[f"{section.key}_prompts"] = "Prompt"
    response = client.post(url, data)
    assert response.status_code == 302
    row = GuidingQuestions.objects.get(programme=programme, section=Section.OUTPUTS)
    assert row.question_list() == ["Question about Outputs?", "Another?"]
    assert row.updated_by == facilitator


def test_crib_sheet_refuses_over_long_lines(client, facilitator, programme):
    client.force_login(facilitator)
    url = reverse("logicmodels:crib_sheet", args=[programme.slug])
    data = {f"{s.key}_questions": "ok" for s in Section}
    data.update({f"{s.key}_prompts": "" for s in Section})
    data["inputs_questions"] = "x" * 500
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Keep each line under 400 characters" in response.content.decode()


def test_commissioner_reads_the_crib_sheet_without_a_form(
    client, commissioner, programme
):
    client.force_login(commissioner)
    response = client.get(reverse("logicmodels:crib_sheet", args=[programme.slug]))
    page = response.content.decode()
    assert "How did the project begin" in page
    assert "<textarea" not in page
