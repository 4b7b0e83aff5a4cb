import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.models import ClaimStatus, ContributionLevel, OutcomeIndicator
from evaluation.outcomes import selectors, services
from tests.evaluation.evidence.factories import (
    ClaimFactory,
    IndicatorFactory,
    StatementFactory,
    TheoryVersionFactory,
)
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_new_version_copies_statements_and_leaves_the_old_one_alone(programme):
    original = TheoryVersionFactory(programme=programme, number=1)
    StatementFactory(version=original, if_text="We model new ways")
    revised = services.theory_version_create(
        programme=programme, data={"title": "Revised", "dated": dt.date(2019, 3, 1)}
    )
    assert revised.number == 2
    statement = revised.statements.get()
    services.statement_save(
        version=revised,
        statement=statement,
        data={"when_text": "Leaders give permission\nThere is protected time"},
    )
    assert original.statements.get().when_text == ""
    assert statement.when_items() == [
        "Leaders give permission",
        "There is protected time",
    ]


def test_side_by_side_page_shows_both_versions(client, commissioner, programme):
    old = TheoryVersionFactory(programme=programme, number=1, title="First try")
    StatementFactory(version=old, then_text="Old then")
    new = TheoryVersionFactory(programme=programme, number=2, title="Second try")
    StatementFactory(version=new, then_text="New then", when_text="A condition")
    client.force_login(commissioner)
    body = client.get(
        reverse("evaluation:theory_of_change", args=[programme.slug])
    ).content.decode()
    assert "First try" in body and "Second try" in body
    assert "Old then" in body and "New then" in body and "A condition" in body


def test_because_signs_become_indicators_once(programme):
    statement = StatementFactory(version__programme=programme)
    made = services.indicators_from_statement(statement=statement)
    assert [i.name for i in made] == ["A proposal is approved", "Providers change"]
    assert services.indicators_from_statement(statement=statement) == []
    assert OutcomeIndicator.objects.filter(programme=programme).count() == 2


def test_one_claim_per_project_and_indicator(project):
    claim = ClaimFactory(project=project, indicator__programme=project.programme)
    with pytest.raises(ValidationError):
        services.claim_create(
            project=project,
            data={
                "indicator": claim.indicator,
                "status": "achieved",
                "contribution": "some",
                "narrative": "Again",
            },
        )


def test_rollup_counts_projects_per_status_and_contribution(programme):
    approved = IndicatorFactory(programme=programme, name="Approved", position=1)
    heard = IndicatorFactory(programme=programme, name="Heard", position=2)
    for status, level in [
        (ClaimStatus.ACHIEVED, ContributionLevel.ESSENTIAL),
        (ClaimStatus.ACHIEVED, ContributionLevel.SOME),
        (ClaimStatus.PARTLY, ContributionLevel.SOME),
        (ClaimStatus.NOT_ACHIEVED, ContributionLevel.NONE),
    ]:
        ClaimFactory(
            project=ProjectFactory(programme=programme),
            indicator=approved,
            status=status,
            contribution=level,
        )
    ClaimFactory(
        project=ProjectFactory(programme=programme),
        indicator=heard,
        status=ClaimStatus.TOO_EARLY,
    )
    rows = {row.indicator.name: row for row in selectors.contribution_rollup(programme)}
    assert rows["Approved"].by_status == {"achieved": 2, "partly": 1, "not_achieved": 1}
    assert rows["Approved"].by_contribution == {"essential": 1, "some": 2}
    assert rows["Approved"].achieved == 2
    assert rows["Heard"].claims == 1 and rows["Heard"].by_contribution == {}


def test_evaluator_records_a_claim_with_evidence(client, evaluator, project):
    from tests.evaluation.evidence.factories import QuoteFactory

    indicator = IndicatorFactory(programme=project.programme)
    quote = QuoteFactory(project=project)
    client.force_login(evaluator)
    response = client.post(
        reverse("evaluation:claim_create", args=[project.slug]),
        {
            "indicator": indicator.pk,
            "status": "partly",
            "contribution": "significant",
            "narrative": "The board agreed in principle.",
            "quotes": [quote.pk],
        },
    )
    assert response.status_code == 302
    claim = project.contribution_claims.get()
    assert list(claim.quotes.all()) == [quote]
    page = client.get(reverse("evaluation:project_evidence", args=[project.slug]))
    assert "The board agreed in principle." in page.content.decode()


def test_two_editors_of_one_claim_the_second_is_refused_with_their_text_kept(
    client, evaluator, facilitator, project
):
    from django.test import Client

    claim = ClaimFactory(project=project, indicator__programme=project.programme)
    url = reverse("evaluation:claim_edit", args=[project.slug, claim.pk])

    def data(narrative):
        return {
            "indicator": claim.indicator_id,
            "status": ClaimStatus.ACHIEVED,
            "contribution": ContributionLevel.SOME,
            "narrative": narrative,
            "edit_version": claim.edit_version,
        }

    other = Client()
    client.force_login(evaluator)
    other.force_login(facilitator)
    assert client.post(url, data("Told first.")).status_code == 302
    second = other.post(url, data("Told second."))
    body = second.content.decode()
    assert second.status_code == 200
    assert "Someone else saved changes" in body
    assert "Told second." in body and "Told first." in body
    claim.refresh_from_db()
    assert claim.narrative == "Told first."
