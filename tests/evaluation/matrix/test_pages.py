"""Rounds through the pages: open, links, member scores, close, results, CSV."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from evaluation.models import RoundInvitation, RoundResponse, RoundStatus, ScoringRound
from projects.models import Project, ProjectStakeholder
from tests.evaluation.matrix.factories import (
    PRINCIPLES,
    add_response,
    framework_for,
    latest,
    open_round,
)
from tests.factories import StakeholderFactory


@pytest.fixture
def young_person(project):
    person = StakeholderFactory(
        programme=project.programme,
        display_name="Kez",
        role_category="young_person",
        email="kez@example.org",
    )
    ProjectStakeholder.objects.create(project=project, stakeholder=person)
    return person


def test_facilitator_opens_a_round_and_gets_links_once(
    client, facilitator, project, young_person, django_capture_on_commit_callbacks
):
    framework = framework_for(project.programme, PRINCIPLES)
    client.force_login(facilitator)
    # The emails are sent by a task after the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:round_open", args=[project.slug]),
            {
                "version": latest(framework).pk,
                "held_on": "2026-03-01",
                "stage": "define",
                "message": "Thanks for helping.",
                "invitees": [young_person.pk],
                "link_days": 14,
                "send_email": "on",
            },
        )
    assert response.status_code == 200
    scoring_round = ScoringRound.objects.get(project=project)
    assert (scoring_round.number, scoring_round.stage) == (1, "define")
    invitation = RoundInvitation.objects.get(round=scoring_round)
    body = response.content.decode()
    assert "/score/" in body and "only time they are shown" in body
    assert "no-store" in response["Cache-Control"]
    [email] = mail.outbox
    assert email.to == ["kez@example.org"]
    link = next(word for word in email.body.split() if "/score/" in word)
    assert link in body
    invitation.refresh_from_db()
    assert invitation.emailed_at is not None
    assert client.get(link.replace("http://testserver", "")).status_code == 200


def test_commissioner_scores_as_a_member_but_cannot_open_rounds(
    client, commissioner, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    client.force_login(commissioner)
    assert (
        client.get(reverse("evaluation:round_open", args=[project.slug])).status_code
        == 403
    )
    url = reverse("evaluation:round_respond", args=[project.slug, 1])
    page = client.get(url).content.decode()
    assert 'value="commissioner" selected' in page
    levels = list(scoring_round.version.levels.order_by("position"))
    data = {"role_category": "commissioner"}
    for dimension in scoring_round.version.dimensions.all():
        data[f"answer_{dimension.pk}"] = str(levels[2].pk)
        data[f"comment_{dimension.pk}"] = "Good progress"
    assert client.post(url, data).status_code == 302
    response = RoundResponse.objects.get(round=scoring_round, user=commissioner)
    assert response.submitted_at and response.scores.count() == 6
    # Saving again changes the same response.
    data["role_category"] = "clinician"
    client.post(url, data)
    assert RoundResponse.objects.filter(round=scoring_round).count() == 1


def test_viewer_cannot_score(client, viewer, project):
    open_round(project, key=PRINCIPLES)
    client.force_login(viewer)
    url = reverse("evaluation:round_respond", args=[project.slug, 1])
    assert client.get(url).status_code == 403


def test_member_missing_answers_are_refused(client, facilitator, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    client.force_login(facilitator)
    url = reverse("evaluation:round_respond", args=[project.slug, 1])
    page = client.post(url, {"role_category": "facilitator"})
    assert page.status_code == 200
    assert "Choose an answer" in page.content.decode()
    assert not RoundResponse.objects.exists()


def test_closing_a_round_freezes_it(client, facilitator, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    client.force_login(facilitator)
    client.post(reverse("evaluation:round_close", args=[project.slug, 1]))
    scoring_round.refresh_from_db()
    assert scoring_round.status == RoundStatus.CLOSED
    response = client.get(reverse("evaluation:round_respond", args=[project.slug, 1]))
    assert response.status_code == 302
    links = client.post(
        reverse("evaluation:round_links", args=[project.slug, 1]),
        {"count": 2, "role_category": "young_person", "link_days": 10},
    )
    assert links.status_code == 200
    assert "round has closed" in links.content.decode()
    assert not RoundInvitation.objects.exists()


def test_results_page_shows_tables_charts_and_combines_small_groups(
    client, commissioner, project
):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    for _ in range(3):
        add_response(
            scoring_round, "commissioner", [3], comment="We shared the budget."
        )
        add_response(scoring_round, "young_person", [1])
    add_response(scoring_round, "clinician", [2], comment="Only I saw the ward side.")
    client.force_login(commissioner)
    page = client.get(reverse("evaluation:round_detail", args=[project.slug, 1]))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('role="img"') == 2
    assert "<title" in body and "<desc" in body
    # The lone clinician would be found out by subtraction if left out alone, so
    # the smallest shown group (young people) is combined with them.
    assert "Other groups combined (4)" in body
    assert "Other groups combined: Clinician, Young person." in body
    assert "Clinician (1)" not in body
    assert "Groups with fewer than 3 people are combined or not shown" in body
    assert "We shared the budget." in body and "(Commissioner, answered" in body
    # The clinician's comment is shown, with no group.
    assert "Only I saw the ward side." in body
    assert "(Answered Intermediate)" in body and "(Clinician" not in body
    assert "+2" in body  # perception gap
    assert "Close this round" not in body
    assert "Give your scores" in body


def test_csv_export_has_a_row_per_dimension_and_group(client, evaluator, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    for _ in range(3):
        add_response(scoring_round, "commissioner", [3])
    for _ in range(2):
        add_response(scoring_round, "patient_rep", [1])
    add_response(scoring_round, "artist", [2])
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:round_export", args=[project.slug, 1]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    first = [row for row in rows if row["dimension"] == "Assets"]
    by_group = {row["group"]: row for row in first}
    # 3 3 3 2 1 1 -> 2.5, half a level below the target of 3.
    assert by_group["Everyone"]["median"] == "2.5"
    assert by_group["Everyone"]["distance_to_target"] == "0.5"
    assert by_group["Commissioner"]["median"] == "3"
    # Two patient representatives and one artist: combined into one group of 3.
    assert "Patient representative" not in by_group and "Artist" not in by_group
    combined = by_group["Other groups combined"]
    assert (combined["answers"], combined["median"]) == ("3", "1")
    assert combined["note"] == (
        "Other groups combined: Artist, Patient representative."
    )
    # Lived experience (two people) is one of the fixed sides: too few to show.
    lived = by_group["People with lived experience"]
    assert (lived["median"], lived["note"]) == ("", "too few to show")


def test_round_list_shows_rounds_and_a_trend_chart(client, facilitator, project):
    first, _ = open_round(project, key=PRINCIPLES)
    add_response(first, "commissioner", [2])
    client.force_login(facilitator)
    page = client.get(reverse("evaluation:round_list", args=[project.slug]))
    body = page.content.decode()
    assert "Round 1" in body and "Trend: Six principles" in body
    assert 'role="img"' in body
    assert "Open a new round" in body


def test_facilitator_revokes_and_renews_a_link(client, facilitator, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    client.force_login(facilitator)
    page = client.post(
        reverse("evaluation:round_links", args=[project.slug, 1]),
        {"count": 2, "role_category": "young_person", "label": "Forum", "link_days": 7},
    )
    assert "Forum 1" in page.content.decode() and "Forum 2" in page.content.decode()
    invitation = RoundInvitation.objects.get(label="Forum 1")
    client.post(
        reverse("evaluation:round_link_revoke", args=[project.slug, 1, invitation.pk])
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = client.post(
        reverse("evaluation:round_link_renew", args=[project.slug, 1, invitation.pk]),
        {"link_days": 5},
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert "/score/" in page.content.decode()


def test_programme_scores_page_lists_latest_rounds(client, commissioner, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    add_response(scoring_round, "commissioner", [2])
    client.force_login(commissioner)
    page = client.get(
        reverse("evaluation:programme_scoring", args=[project.programme.slug])
        + "?sort=gap"
    )
    assert project.title in page.content.decode()


def test_programme_scores_page_sorts_every_project_and_shows_fifty(
    client, commissioner, project
):
    for i in range(52):
        other = Project.objects.create(
            programme=project.programme,
            title=f"Scored {i:02d}",
            slug=f"s{i}",
            brief="x",
        )
        scoring_round, _ = open_round(other, key=PRINCIPLES)
        # Projects 0 and 1 are the furthest from target.
        add_response(scoring_round, "commissioner", [1 if i < 2 else 3])
    client.force_login(commissioner)
    url = reverse("evaluation:programme_scoring", args=[project.programme.slug])
    first = client.get(url).content.decode()
    body = first.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == 50
    assert body.index("Scored 00") < body.index("Scored 02")
    assert "(1 to 50 of 52)" in first
    assert "?sort=distance&amp;page=2" in first
    second = client.get(url, {"sort": "project", "page": 2}).content.decode()
    rows = second.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 2
    assert "Scored 50" in rows and "Scored 51" in rows


def test_csv_export_keeps_a_formula_in_a_title_as_text(client, evaluator, project):
    project.title = '=HYPERLINK("http://example.invalid","Click")'
    project.save(update_fields=["title"])
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    for _ in range(3):
        add_response(scoring_round, "commissioner", [3])
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:round_export", args=[project.slug, 1]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    assert {row["project"] for row in rows} == {
        "'" + '=HYPERLINK("http://example.invalid","Click")'
    }
    # Numbers are left alone (a negative distance is still a number).
    assert all(not row["median"].startswith("'") for row in rows)
