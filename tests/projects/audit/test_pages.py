"""The audit pages: readable history per programme and per person, filtered, paged,
exported through the formula guard, for facilitators and evaluators only."""

import csv
import io

import pytest
from django.urls import reverse

from coproduce import history
from evaluation.models import Consent, Quote
from projects.models import HistoryEvent, RoleCategory, Stakeholder
from tests.factories import StakeholderFactory


@pytest.fixture
def quote(project, stakeholder):
    return Quote.objects.create(
        project=project,
        stakeholder=stakeholder,
        role_category=RoleCategory.ARTIST,
        text="It felt like ours, not theirs.",
        consent=Consent.MAY_QUOTE,
    )


def audit_url(programme):
    return reverse("projects:programme_audit", args=[programme.slug])


def test_a_consent_change_reads_as_a_sentence_with_who_when_and_request(
    client, facilitator, evaluator, project, quote
):
    facilitator.first_name, facilitator.last_name = "Sam", "Lee"
    facilitator.save()
    with history.context(
        **history.user_metadata(facilitator), url="/q/", request_id="r1"
    ):
        Quote.objects.filter(pk=quote.pk).update(consent=Consent.MAY_NOT)
    client.force_login(evaluator)
    page = client.get(audit_url(project.programme)).content.decode()
    assert (
        f"Sam Lee changed Quote {quote.pk} (project {project.title}): "
        "consent ‘May quote’ → ‘May not quote’"
    ) in page
    assert "<code>/q/</code>" in page and "<code>r1</code>" in page


def test_a_quotes_words_are_recorded_but_not_shown(client, evaluator, project, quote):
    Quote.objects.filter(pk=quote.pk).update(text="Something else entirely.")
    (event,) = HistoryEvent.objects.filter(action="changed", model="evaluation.quote")
    assert event.after == {"text": "Something else entirely."}
    client.force_login(evaluator)
    page = client.get(audit_url(project.programme)).content.decode()
    assert "text ‘(not shown)’ → ‘(not shown)’" in page
    assert "Something else entirely" not in page
    assert "It felt like ours" not in page


@pytest.mark.parametrize("role", ["commissioner", "viewer"])
def test_commissioners_and_viewers_are_refused(client, request, project, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(audit_url(project.programme)).status_code == 403


def test_outsiders_get_404_on_both_pages(client, outsider, project, stakeholder):
    client.force_login(outsider)
    assert client.get(audit_url(project.programme)).status_code == 404
    url = reverse("projects:person_audit", args=[stakeholder.pk])
    assert client.get(url).status_code == 404


def test_the_programme_page_and_the_persons_page_link_to_it(
    client, facilitator, commissioner, project, stakeholder
):
    client.force_login(facilitator)
    page = client.get(project.programme.get_absolute_url()).content.decode()
    assert audit_url(project.programme) in page
    person_page = client.get(
        reverse("projects:stakeholder_edit", args=[stakeholder.pk])
    ).content.decode()
    assert reverse("projects:person_audit", args=[stakeholder.pk]) in person_page
    client.force_login(commissioner)
    page = client.get(project.programme.get_absolute_url()).content.decode()
    assert audit_url(project.programme) not in page


def test_a_persons_page_shows_only_their_history(
    client, facilitator, project, stakeholder, quote
):
    other = StakeholderFactory(programme=project.programme, display_name="Bo Other")
    Stakeholder.objects.filter(pk=other.pk).update(display_name="Bo Changed")
    Stakeholder.objects.filter(pk=stakeholder.pk).update(display_name="Ann Changed")
    client.force_login(facilitator)
    url = reverse("projects:person_audit", args=[stakeholder.pk])
    page = client.get(url).content.decode()
    assert f"changed Stakeholder {stakeholder.pk}" in page
    assert f"created Quote {quote.pk}" in page
    assert f"Stakeholder {other.pk}" not in page


def test_filters_by_who_what_action_and_date(client, facilitator, evaluator, project):
    with history.context(**history.user_metadata(evaluator)):
        person = StakeholderFactory(programme=project.programme)
    with history.context(**history.user_metadata(facilitator)):
        Stakeholder.objects.filter(pk=person.pk).update(display_name="Renamed")
        person_pk = person.pk
        person.delete()
    client.force_login(facilitator)
    url = audit_url(project.programme)

    def sentences(**params):
        response = client.get(url, params)
        return [r.sentence for r in response.context["rows"]]

    mine = sentences(user=facilitator.pk, model="projects.stakeholder")
    assert len(mine) == 2 and all("evaluator" not in s for s in mine)
    assert len(sentences(user=evaluator.pk, model="projects.stakeholder")) == 1
    deleted = sentences(action="deleted", model="projects.stakeholder")
    assert deleted == [f"facilitator deleted Stakeholder {person_pk}"]
    assert sentences(date_from="2000-01-01", date_to="2000-01-31") == []
    response = client.get(url, {"date_from": "2001-02-01", "date_to": "2001-01-01"})
    page = response.content.decode()
    assert "The end date must be on or after the start date." in page
    assert 'value="2001-02-01"' in page


def test_thousands_of_events_page_in_a_bounded_number_of_queries(
    client, facilitator, project, django_assert_max_num_queries
):
    people = StakeholderFactory.create_batch(40, programme=project.programme)
    for n in range(30):
        Stakeholder.objects.filter(programme=project.programme).update(
            display_name=f"Name {n}"
        )
    assert HistoryEvent.objects.count() > 1200
    client.force_login(facilitator)
    url = audit_url(project.programme)
    # session + user, programme, membership (x2: access, audit check), filter's
    # people, count, page, project titles, and a few for the layout.
    with django_assert_max_num_queries(14):
        response = client.get(url, {"page": 20})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50
    assert response.context["page"].number == 20
    assert len(people) == 40


def test_the_csv_goes_through_the_formula_guard_and_is_recorded(
    client, evaluator, project
):
    evaluator.first_name = '=HYPERLINK("http://x")'
    evaluator.save()
    with history.context(**history.user_metadata(evaluator)):
        project.title = "Renamed"
        project.save()
    client.force_login(evaluator)
    response = client.get(audit_url(project.programme), {"csv": "1"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "When (UTC)"
    (changed,) = [r for r in rows[1:] if r[3] == "Changed"]
    assert changed[1] == '\'=HYPERLINK("http://x")'
    assert "title ‘" in changed[8] and changed[9] == ""
    assert all(not cell.startswith("=") for row in rows for cell in row)
    (export,) = HistoryEvent.objects.filter(action="exported")
    assert export.context["user"] == evaluator.pk
    assert export.note == "CSV of the history of the programme"
