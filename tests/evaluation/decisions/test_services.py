"""Decision log services: what they refuse, in plain words, and stale edits."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce import history
from coproduce.concurrency import EditConflict
from evaluation.decisions import services
from evaluation.models import DecisionMethod, InputEffect
from projects.models import HistoryEvent, ProjectStakeholder, RoleCategory
from tests.evaluation.decisions.factories import (
    decision_data,
    input_data,
    make_decision,
    make_input,
)
from tests.evaluation.evidence.factories import QuoteFactory
from tests.evaluation.matrix.factories import open_round
from tests.factories import ProjectFactory, StakeholderFactory
from tests.projects.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_decision_keeps_its_options_in_order_without_blank_lines(project):
    decision = make_decision(
        project, options=["  Pathways ", "", "Northfield   Care", "Keep the old one"]
    )
    decision.refresh_from_db()
    assert decision.options == ["Pathways", "Northfield Care", "Keep the old one"]
    assert decision.recorded_by is None


def test_a_single_option_or_a_repeated_one_is_refused(project):
    errors = _errors(lambda: make_decision(project, options=["Pathways"]))
    assert "at least two options" in errors["options"][0]
    errors = _errors(lambda: make_decision(project, options=["Pathways", "pathways"]))
    assert errors["options"] == ["“pathways” is listed twice."]


def test_no_options_at_all_is_allowed(project):
    assert make_decision(project, options=[]).options == []


def test_someone_must_have_decided(project):
    errors = _errors(lambda: make_decision(project, decided_by_roles=[]))
    assert "Say who made the decision" in errors["decided_by_roles"][0]


def test_people_who_decided_must_be_on_the_project(project, stakeholder):
    stranger = StakeholderFactory(programme=project.programme)
    errors = _errors(
        lambda: make_decision(project, decided_by_roles=[], decided_by=[stranger])
    )
    assert errors["decided_by"] == ["Choose people who are involved in this project."]
    decision = make_decision(project, decided_by_roles=[], decided_by=[stakeholder])
    assert list(decision.decided_by.all()) == [stakeholder]


def test_another_way_of_deciding_must_be_described(project):
    errors = _errors(lambda: make_decision(project, method=DecisionMethod.OTHER))
    assert errors["method_note"] == ["Say how the decision was made."]


def test_a_decision_cannot_be_dated_in_the_future(project):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    errors = _errors(lambda: make_decision(project, decided_on=tomorrow))
    assert "cannot be in the future" in errors["decided_on"][0]


def test_the_activity_must_be_the_projects_and_not_later_than_the_decision(project):
    other = ActivityFactory(project=ProjectFactory(programme=project.programme))
    errors = _errors(lambda: make_decision(project, activity=other))
    assert errors["activity"] == ["Choose an activity of this project."]
    meeting = ActivityFactory(project=project, held_on=dt.date(2024, 3, 10))
    errors = _errors(
        lambda: make_decision(project, activity=meeting, decided_on=dt.date(2024, 3, 1))
    )
    assert "held on 10 Mar 2024" in errors["decided_on"][0]


def test_every_problem_is_reported_at_once(project):
    errors = _errors(
        lambda: make_decision(
            project, options=["One"], decided_by_roles=[], method=DecisionMethod.OTHER
        )
    )
    assert set(errors) == {"options", "decided_by_roles", "method_note"}


def test_a_stale_edit_of_a_decision_is_refused_and_changes_nothing(project):
    decision = make_decision(project)
    seen = decision.edit_version
    services.decision_update(
        decision=decision, data=decision_data(title="First save"), seen_version=seen
    )
    with pytest.raises(EditConflict):
        services.decision_update(
            decision=decision, data=decision_data(title="Second"), seen_version=seen
        )
    decision.refresh_from_db()
    assert decision.title == "First save"
    assert decision.edit_version == seen + 1


def test_an_input_needs_an_account_and_evidence_from_the_same_project(project):
    decision = make_decision(project)
    elsewhere = ProjectFactory(programme=project.programme)
    errors = _errors(
        lambda: make_input(
            decision,
            account="  ",
            quotes=[QuoteFactory(project=elsewhere)],
            activities=[ActivityFactory(project=elsewhere)],
            scoring_round=open_round(elsewhere)[0],
        )
    )
    assert set(errors) == {"account", "quotes", "activities", "scoring_round"}
    assert errors["account"] == ["Say in a sentence or two what happened."]


def test_a_named_persons_role_must_match_and_each_entry_is_made_once(project):
    decision = make_decision(project)
    lead = StakeholderFactory(
        programme=project.programme,
        display_name="Dana Lead",
        role_category=RoleCategory.COMMISSIONER,
    )
    ProjectStakeholder.objects.create(project=project, stakeholder=lead)
    errors = _errors(lambda: make_input(decision, stakeholder=lead))
    assert "Dana Lead is recorded as commissioner" in errors["role_category"][0]
    make_input(
        decision,
        stakeholder=lead,
        role_category=RoleCategory.COMMISSIONER,
        effect=InputEffect.NOT_CHANGED,
    )
    errors = _errors(
        lambda: make_input(
            decision, stakeholder=lead, role_category=RoleCategory.COMMISSIONER
        )
    )
    assert "already has an entry for Dana Lead" in errors["role_category"][0]


def test_a_stale_edit_of_an_input_is_refused(project):
    item = make_input(make_decision(project))
    seen = item.edit_version
    services.decision_input_update(
        item=item, data=input_data(account="Kept"), seen_version=seen
    )
    with pytest.raises(EditConflict):
        services.decision_input_update(
            item=item, data=input_data(account="Lost"), seen_version=seen
        )
    item.refresh_from_db()
    assert item.account == "Kept"


def test_deleting_a_decision_removes_its_inputs_and_is_audited(project, facilitator):
    decision = make_decision(project)
    make_input(decision)
    with history.context(**history.user_metadata(facilitator)):
        services.decision_delete(decision=decision, user=facilitator)
    assert not project.decisions.exists()
    deleted = HistoryEvent.objects.filter(action="deleted")
    event = deleted.get(model="evaluation.decision")
    assert event.before["title"] == "Pathways will run the new service"
    assert event.context["user"] == facilitator.pk
    assert deleted.filter(model="evaluation.decisioninput").count() == 1
