"""Decision log pages: logging from an activity page, re-display of typed text,
refused stale edits, who sees the buttons, and evidence shown with the input."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import Consent, Decision, DecisionMethod, InputEffect
from projects.models import DiamondStage, RoleCategory
from tests.evaluation.decisions.factories import make_decision, make_input
from tests.evaluation.evidence.factories import QuoteFactory
from tests.evaluation.matrix.factories import add_response, open_round
from tests.projects.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Pathways will run the new service",
        "decided_on": "2024-03-05",
        "stage": DiamondStage.DEVELOP,
        "activity": "",
        "options": "Pathways\nNorthfield Care",
        "method": DecisionMethod.COMMISSIONER,
        "method_note": "",
        "decided_by_roles": [RoleCategory.COMMISSIONER],
        "detail": "",
        "edit_version": "",
    }
    data.update(overrides)
    return data


def test_the_activity_page_offers_a_decision_to_facilitators_and_evaluators_only(
    client, project, facilitator, evaluator, commissioner
):
    meeting = ActivityFactory(project=project)
    url = reverse("projects:activity_detail", args=[project.slug, meeting.pk])
    link = (
        reverse("evaluation:decision_create", args=[project.slug])
        + f"?activity={meeting.pk}"
    )
    for user, shown in ((facilitator, True), (evaluator, True), (commissioner, False)):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert ("A decision came out of this meeting" in page) is shown
        assert (link in page) is shown


def test_logging_from_the_activity_page_fills_in_the_activity_stage_and_date(
    client, project, facilitator
):
    meeting = ActivityFactory(
        project=project,
        title="Bid scoring panel",
        held_on=dt.date(2024, 2, 12),
        stage=DiamondStage.DELIVER,
    )
    client.force_login(facilitator)
    url = reverse("evaluation:decision_create", args=[project.slug])
    form = client.get(url, {"activity": meeting.pk}).context["form"]
    assert form.initial["activity"] == meeting.pk
    assert form.initial["stage"] == DiamondStage.DELIVER
    assert form.initial["decided_on"] == dt.date(2024, 2, 12)
    page = client.get(url, {"activity": meeting.pk}).content.decode()
    assert f'<option value="{meeting.pk}" selected>' in page
    assert "filled in from the meeting" in page
    assert 'name="method" value=""' not in page  # no blank way of deciding

    response = client.post(
        url,
        _form(activity=meeting.pk, stage=DiamondStage.DELIVER, decided_on="2024-02-12"),
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response.url == decision.get_absolute_url()
    assert decision.activity == meeting
    assert decision.recorded_by == facilitator
    assert decision.options == ["Pathways", "Northfield Care"]


def test_the_activity_page_lists_the_decisions_that_came_out_of_it(
    client, project, viewer
):
    meeting = ActivityFactory(project=project, held_on=dt.date(2024, 2, 12))
    decision = make_decision(project, activity=meeting, title="Keep the evening slot")
    make_decision(project, title="Something decided elsewhere")
    client.force_login(viewer)
    page = client.get(
        reverse("projects:activity_detail", args=[project.slug, meeting.pk])
    ).content.decode()
    assert "Decisions that came out of it" in page
    assert f'href="{decision.get_absolute_url()}">Keep the evening slot</a>' in page
    assert "Something decided elsewhere" not in page


def test_another_projects_activity_does_not_prefill(client, project, facilitator):
    elsewhere = ActivityFactory()
    client.force_login(facilitator)
    url = reverse("evaluation:decision_create", args=[project.slug])
    form = client.get(url, {"activity": elsewhere.pk}).context["form"]
    assert "activity" not in form.initial


def test_a_refused_decision_shows_the_typed_text_and_the_reason(
    client, project, facilitator
):
    client.force_login(facilitator)
    url = reverse("evaluation:decision_create", args=[project.slug])
    response = client.post(
        url,
        _form(
            title="Young people chose the provider",
            options="Only one option",
            method=DecisionMethod.OTHER,
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Decision.objects.exists()
    assert 'value="Young people chose the provider"' in page
    assert "Only one option</textarea>" in page
    assert "List at least two options" in page
    assert "Say how the decision was made." in page


def test_the_edit_form_shows_the_options_one_a_line(client, project, evaluator):
    decision = make_decision(project)
    client.force_login(evaluator)
    page = client.get(
        reverse("evaluation:decision_edit", args=[project.slug, decision.pk])
    ).content.decode()
    assert ">\nPathways\nNorthfield Care</textarea>" in page
    assert f'name="edit_version" value="{decision.edit_version}"' in page


def test_a_stale_edit_shows_what_the_other_person_saved_and_keeps_yours(
    client, project, facilitator
):
    decision = make_decision(project)
    seen = decision.edit_version
    client.force_login(facilitator)
    url = reverse("evaluation:decision_edit", args=[project.slug, decision.pk])
    first = client.post(url, _form(title="Saved first", edit_version=seen))
    assert first.status_code == 302
    second = client.post(url, _form(title="My late change", edit_version=seen))
    page = second.content.decode()
    assert second.status_code == 200
    assert "Someone else saved changes while you were editing" in page
    assert 'value="My late change"' in page
    assert "Saved first" in page  # in the conflict notice
    decision.refresh_from_db()
    assert decision.title == "Saved first"
    again = client.post(url, _form(title="My late change", edit_version=seen + 1))
    assert again.status_code == 302


def test_an_input_is_added_with_its_evidence_and_shown_in_the_log(
    client, project, facilitator
):
    decision = make_decision(project)
    quote = QuoteFactory(
        project=project,
        role_category=RoleCategory.YOUNG_PERSON,
        text="We scored the bids and our scores counted.",
    )
    client.force_login(facilitator)
    url = reverse("evaluation:decision_input_create", args=[project.slug, decision.pk])
    response = client.post(
        url,
        {
            "role_category": RoleCategory.YOUNG_PERSON,
            "stakeholder": "",
            "effect": InputEffect.CHANGED,
            "account": "Their scores put Pathways first.",
            "quotes": [quote.pk],
            "scoring_round": "",
            "edit_version": "",
        },
    )
    assert response.status_code == 302
    page = client.get(
        reverse("evaluation:decision_log", args=[project.slug])
    ).content.decode()
    assert (
        'Young person</strong>: <span class="input-effect">changed the outcome' in page
    )
    assert "We scored the bids and our scores counted." in page


def test_a_refused_input_keeps_the_typed_account(client, project, facilitator):
    decision = make_decision(project)
    make_input(decision)
    client.force_login(facilitator)
    url = reverse("evaluation:decision_input_create", args=[project.slug, decision.pk])
    response = client.post(
        url,
        {
            "role_category": RoleCategory.YOUNG_PERSON,
            "effect": InputEffect.NOT_CHANGED,
            "account": "A second entry for the same group",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A second entry for the same group</textarea>" in page
    assert "already has an entry for that role" in page


def test_a_cited_round_shows_how_the_groups_scores_moved(client, project, commissioner):
    before, _ = open_round(project, held_on=dt.date(2024, 1, 10))
    after, _ = open_round(project, held_on=dt.date(2024, 4, 10))
    for _ in range(3):
        add_response(before, RoleCategory.YOUNG_PERSON, [1])
        add_response(after, RoleCategory.YOUNG_PERSON, [3])
    add_response(after, RoleCategory.COMMISSIONER, [4])
    decision = make_decision(project)
    make_input(decision, scoring_round=after)
    client.force_login(commissioner)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert f"Scores of round {after.number}" in page
    assert (
        f"Young person: 1 in round {before.number}, 3 in round {after.number} (up 2)"
        in page
    )
    # Everyone: young people's 1s before; three 3s and a 4 after, median 3.
    assert (
        f"Everyone: 1 in round {before.number}, 3 in round {after.number} (up 2)"
        in page
    )


def test_readers_see_no_buttons_and_no_quotes_that_may_not_be_quoted(
    client, project, commissioner, evaluator
):
    decision = make_decision(project)
    hidden = QuoteFactory(
        project=project, consent=Consent.MAY_NOT, text="Not for readers."
    )
    make_input(decision, quotes=[hidden])
    url = reverse("evaluation:decision_log", args=[project.slug])
    client.force_login(commissioner)
    page = client.get(url).content.decode()
    assert "Pathways will run the new service" in page
    assert "Log a decision" not in page
    assert "Add whose input was asked for" not in page
    assert "Not for readers." not in page
    client.force_login(evaluator)
    page = client.get(url).content.decode()
    assert "Log a decision" in page
    assert "Not for readers." in page


def test_an_empty_log_says_who_can_add_decisions(client, project, viewer):
    client.force_login(viewer)
    page = client.get(
        reverse("evaluation:decision_log", args=[project.slug])
    ).content.decode()
    assert "No decisions have been logged for this project yet." in page
    assert "Facilitators and evaluators of the project can add decisions" in page


def test_the_project_page_links_to_its_decisions(client, project, viewer):
    client.force_login(viewer)
    page = client.get(project.get_absolute_url()).content.decode()
    assert reverse("evaluation:decision_log", args=[project.slug]) in page


def test_a_stale_edit_of_an_input_is_refused_with_the_typed_account_kept(
    client, project, evaluator
):
    item = make_input(make_decision(project))
    url = reverse(
        "evaluation:decision_input_edit",
        args=[project.slug, item.decision_id, item.pk],
    )
    form = {
        "role_category": RoleCategory.YOUNG_PERSON,
        "effect": InputEffect.CHANGED,
        "edit_version": item.edit_version,
    }
    client.force_login(evaluator)
    assert client.post(url, {**form, "account": "Saved first"}).status_code == 302
    response = client.post(url, {**form, "account": "Typed too late"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes while you were editing" in page
    assert "Typed too late</textarea>" in page
    item.refresh_from_db()
    assert item.account == "Saved first"
