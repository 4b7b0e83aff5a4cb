"""schemathesis against a real server: every operation of the live schema, called
with a token on a small demo-like programme, never fails with a server error and
always answers as the schema says (status, content type, body)."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from evaluation.models import Consent
from projects.models import AccessRole, Attendance, ProgrammeMembership
from tests.evaluation.api.conftest import make_token
from tests.evaluation.evidence.factories import ClaimFactory, QuoteFactory
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round
from tests.factories import (
    ProgrammeFactory,
    ProjectFactory,
    StakeholderFactory,
    UserFactory,
)
from tests.projects.factories import ActivityFactory, HeadcountFactory

EXAMPLES = 4
# Generated ids mostly name nothing (404) and valid-looking bodies can break a
# service rule (400): both are right answers, so "valid data is accepted" is not
# asked. Everything else schemathesis checks by default is.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


def _programme():
    programme = ProgrammeFactory(slug="fuzzed")
    user = UserFactory(username="fuzz-facilitator")
    ProgrammeMembership.objects.create(
        user=user, programme=programme, role=AccessRole.FACILITATOR
    )
    for n in range(2):
        project = ProjectFactory(programme=programme, slug=f"fuzzed-{n}")
        person = StakeholderFactory(programme=programme)
        person.involvements.create(project=project)
        activity = ActivityFactory(project=project)
        Attendance.objects.create(
            activity=activity, stakeholder=person, role_category=person.role_category
        )
        HeadcountFactory(activity=activity)
        scoring_round, _ = open_round(project, key=PRINCIPLES)
        for role in ["commissioner", "commissioner", "commissioner", "young_person"]:
            add_response(scoring_round, role, [2])
        QuoteFactory(project=project, consent=Consent.MAY_QUOTE)
        ClaimFactory(project=project)
    return user


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_as_its_schema_says(live_server):
    user = _programme()
    headers = {"Authorization": f"Bearer {make_token(user)}"}
    # The schema as the live server serves it (fetched here with a patient timeout:
    # building it is the slowest call on a busy machine).
    served = requests.get(
        f"{live_server.url}/api/schema/?format=json", headers=headers, timeout=120
    )
    served.raise_for_status()
    schema = schemathesis.openapi.from_dict(served.json())
    figures = {"operations": 0, "cases": 0}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        figures["operations"] += 1

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case):
            figures["cases"] += 1
            case.call_and_validate(
                base_url=live_server.url,
                headers=headers,
                excluded_checks=EXCLUDED,
            )

        try:
            call()
        except BaseException as failure:  # noqa: BLE001 - collected, reported below
            if isinstance(failure, KeyboardInterrupt):
                raise
            failures.append(f"{operation.label}: {failure}")
    print(f"\nschemathesis: {figures}, failures: {len(failures)}")
    for failure in failures:
        print(failure[:1500])
    assert figures["operations"] >= 20
    assert not failures, "\n\n".join(failures)
