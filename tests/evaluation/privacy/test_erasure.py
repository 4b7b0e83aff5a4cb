import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from evaluation.evidence import services as evidence_services
from evaluation.matrix import services as matrix_services
from evaluation.models import (
    Consent,
    ConsentRecord,
    DimensionScore,
    ErasureRecord,
    Invitation,
    JobStatus,
    Quote,
    ReportJob,
    ReportKind,
    ReportVoice,
    RoundInvitation,
    RoundResponse,
    SubjectAccessJob,
    ThemeReview,
)
from evaluation.privacy import services
from projects.models import Attendance, ErasedQuotes, HistoryEvent, Stakeholder
from projects.selectors import reach_counts
from tests.evaluation.evidence.factories import QuoteFactory, StageFactory
from tests.evaluation.privacy.conftest import EMAIL, NAME, WORDS


def _all_text_in_database() -> str:
    """Every text column of every table, as one string (to look for a name)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            description = connection.introspection.get_table_description(cursor, table)
            columns = ", ".join(connection.ops.quote_name(c.name) for c in description)
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                chunks += [str(value) for value in row if isinstance(value, str)]
    return "\n".join(chunks)


def test_erasure_removes_the_name_email_and_words_from_the_database(
    footprint, person, facilitator
):
    before = _all_text_in_database()
    assert NAME in before and EMAIL in before and WORDS in before
    services.stakeholder_erase(stakeholder=person, by=facilitator)
    after = _all_text_in_database()
    for secret in (NAME, EMAIL, WORDS, "Ann prefers", "Ann agrees", "Ann's example"):
        assert secret not in after, secret
    assert "Ann's kitchen" not in after
    assert "Ann's daughter" not in after and "agenda for Ann" not in after
    person.refresh_from_db()
    assert person.display_name == f"Erased person {person.pk}"
    assert person.is_erased and person.is_pseudonym
    assert person.email == "" and person.organisation is None


def test_quotes_are_marked_withdrawn_by_default(footprint, person, facilitator):
    services.stakeholder_erase(stakeholder=person, by=facilitator)
    quote = Quote.objects.get(pk=footprint["quote"].pk)
    assert quote.text == services.WITHDRAWN_MARKER
    assert quote.consent == Consent.MAY_NOT
    assert quote.stakeholder_id == person.pk
    assert quote.themes.count() == 1  # still counted under its theme
    assert quote.edit_version == footprint["quote"].edit_version + 1


def test_quotes_are_deleted_when_the_programme_says_so(footprint, person, facilitator):
    programme = person.programme
    programme.erased_quotes = ErasedQuotes.DELETE
    programme.save(update_fields=["erased_quotes"])
    record = services.stakeholder_erase(stakeholder=person, by=facilitator)
    assert not Quote.objects.filter(stakeholder=person).exists()
    assert record.summary["quotes deleted"] == 2


def test_links_are_withdrawn_and_new_ones_refused(
    client, footprint, person, facilitator
):
    services.stakeholder_erase(stakeholder=person, by=facilitator)
    link = RoundInvitation.objects.get(pk=footprint["round_link"].pk)
    assert link.revoked_at is not None and link.label == person.erased_name
    invitation = Invitation.objects.get(pk=footprint["invitation"].pk)
    assert invitation.link_state() == "revoked"
    score_page = client.get(
        reverse("evaluation:score_start", args=[footprint["round_token"]])
    )
    assert score_page.status_code in {403, 404, 410}
    assert NAME not in score_page.content.decode()
    review_page = client.get(
        reverse("evaluation:member_review", args=[footprint["review_token"]])
    )
    assert review_page.status_code in {403, 404, 410}
    person.refresh_from_db()
    with pytest.raises(ValidationError):
        matrix_services.invitation_renew(invitation=link)
    with pytest.raises(ValidationError):
        evidence_services.invitation_link_issue(invitation=invitation)
    with pytest.raises(ValidationError):
        evidence_services.invitation_create(
            stage=StageFactory(programme=person.programme), stakeholder=person
        )
    again = matrix_services.invitations_create(
        scoring_round=footprint["round"], stakeholders=[person]
    )
    assert again == []


def test_counts_stay_as_they_were(footprint, person, project, facilitator):
    reach_before = reach_counts(project.programme.projects.all())
    services.stakeholder_erase(stakeholder=person, by=facilitator)
    assert Attendance.objects.filter(activity=footprint["activity"]).count() == 1
    assert RoundResponse.objects.filter(round=footprint["round"]).count() == 1
    score = DimensionScore.objects.get(response=footprint["response"])
    assert score.level is not None and score.comment == ""
    review = ThemeReview.objects.get(invitation=footprint["invitation"])
    assert review.verdict == "agree" and review.comment == ""
    assert ConsentRecord.objects.get(pk=footprint["consent"].pk).consent == (
        Consent.ANONYMOUS
    )
    assert reach_counts(project.programme.projects.all()) == reach_before
    assert Stakeholder.objects.filter(pk=person.pk).exists()


def test_the_waiting_sign_in_invitation_is_withdrawn(footprint, person, facilitator):
    services.stakeholder_erase(stakeholder=person, by=facilitator)
    invitation = footprint["account_invitation"]
    invitation.refresh_from_db()
    assert invitation.state() == "withdrawn"
    assert EMAIL not in invitation.email


def test_earlier_downloads_are_deleted(
    django_capture_on_commit_callbacks, footprint, person, facilitator
):
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = services.subject_access_request(stakeholder=person, user=facilitator)
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.stakeholder_erase(stakeholder=person, by=facilitator)
    assert not SubjectAccessJob.objects.filter(stakeholder=person).exists()
    assert not storage.exists(name)


def test_erasure_is_recorded_and_audited_and_happens_once(
    footprint, person, facilitator
):
    record = services.stakeholder_erase(stakeholder=person, by=facilitator)
    assert record.cause == "request" and record.erased_by == facilitator
    assert record.summary["quotes marked withdrawn"] == 2
    assert record.summary["scoring links withdrawn"] == 1
    # The history has the erasure: the record made, and the person's details
    # changed, both under the person and naming who did it.
    made = HistoryEvent.objects.get(model="evaluation.erasurerecord", action="created")
    assert made.person_id == person.pk
    changed = HistoryEvent.objects.filter(
        model="projects.stakeholder", action="changed", person_id=person.pk
    ).latest("id")
    assert changed.after["erased_at"] is not None
    with pytest.raises(ValidationError):
        services.stakeholder_erase(stakeholder=person, by=facilitator)
    assert ErasureRecord.objects.count() == 1


def test_the_erase_page_needs_the_name_typed(client, footprint, person, evaluator):
    client.force_login(evaluator)
    url = reverse("evaluation:person_erase", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Interview notes" in body  # the document to check by hand
    wrong = client.post(url, {"confirm": "Ann Exampel"})
    assert wrong.status_code == 200
    assert "The name does not match" in wrong.content.decode()
    assert 'value="Ann Exampel"' in wrong.content.decode()
    person.refresh_from_db()
    assert not person.is_erased
    done = client.post(url, {"confirm": "  ann   example "})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.is_erased
    page = client.get(reverse("evaluation:person_data", args=[person.pk]))
    assert "Erased on" in page.content.decode()


def test_an_erased_person_cannot_be_edited_back(client, person, facilitator):
    services.stakeholder_erase(stakeholder=person, by=facilitator)
    client.force_login(facilitator)
    url = reverse("projects:stakeholder_edit", args=[person.pk])
    client.post(url, {"display_name": NAME, "role_category": "patient_rep"})
    person.refresh_from_db()
    assert person.display_name == person.erased_name
    assert "There is nothing left to edit" in client.get(url).content.decode()


def test_reports_with_their_words_are_withdrawn(footprint, person, facilitator):
    report = ReportJob.objects.create(
        kind=ReportKind.CASE_STUDY,
        project=footprint["quote"].project,
        programme=person.programme,
        dedupe_key="erasure-test",
        status=JobStatus.DONE,
    )
    ReportVoice.objects.create(job=report, quote=footprint["quote"], stakeholder=person)
    record = services.stakeholder_erase(stakeholder=person, by=facilitator)
    report.refresh_from_db()
    assert report.status == JobStatus.WITHDRAWN
    assert record.summary["reports withdrawn"] == 1


def test_the_erasure_is_in_the_row_history_without_the_old_values(
    footprint, person, facilitator
):
    services.stakeholder_erase(stakeholder=person, by=facilitator)
    change = HistoryEvent.objects.filter(
        model="projects.stakeholder", object_id=str(person.pk), action="changed"
    ).latest("id")
    assert change.after["display_name"] == person.erased_name
    assert change.before["display_name"] == services.HISTORY_ERASED
    created = HistoryEvent.objects.get(
        model="projects.stakeholder", object_id=str(person.pk), action="created"
    )
    assert created.after["display_name"] == services.HISTORY_ERASED
    assert HistoryEvent.objects.filter(
        model="evaluation.erasurerecord", person_id=person.pk
    ).exists()


def test_a_name_they_had_before_is_erased_from_the_history_too(
    client, person, project, facilitator
):
    from projects.services import stakeholder_update

    stakeholder_update(
        stakeholder=person,
        data={"display_name": "Annie Oldname"},
        groups=[],
        seen_version=person.edit_version,
    )
    other = QuoteFactory(project=project, text="Annie Oldname came to every meeting.")
    client.force_login(facilitator)
    page = client.get(reverse("evaluation:person_erase", args=[person.pk]))
    assert "Other records name them" in page.content.decode()
    assert reverse("evaluation:quote_edit", args=[project.slug, other.pk]) in (
        page.content.decode()
    )
    services.stakeholder_erase(stakeholder=person, by=facilitator)
    history_text = " ".join(
        str(values) for values in HistoryEvent.objects.values_list("before", "after")
    )
    assert "Annie Oldname" not in history_text
    assert NAME not in history_text
