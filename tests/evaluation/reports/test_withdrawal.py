"""Consent that reaches reports already made: reports record whose words they show;
withdrawing or narrowing consent, deleting a quote or hiding more of it withdraws
every finished report with those words, and a replacement is made in the
background."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from evaluation.evidence import services as evidence_services
from evaluation.models import (
    Consent,
    ContributionClaim,
    JobStatus,
    OutcomeIndicator,
    Quote,
    ReportJob,
    ReportKind,
    ReportVoice,
)
from evaluation.reports import services as report_services
from evaluation.reports.context import Voice, report_context
from tests.factories import ProjectFactory, StakeholderFactory

SPOKEN = "The drop-in finally felt like ours."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def quote(project, text=SPOKEN, *, person=None, consent=Consent.MAY_QUOTE, **extra):
    return Quote.objects.create(
        project=project,
        text=text,
        source="interview",
        role_category="service_user",
        stakeholder=person,
        consent=consent,
        **extra,
    )


def finished(project, *quotes, kind=ReportKind.CASE_STUDY, key=None):
    """A finished report that shows these quotes (as the render path records it)."""
    job = ReportJob.objects.create(
        kind=kind,
        project=project,
        programme=project.programme,
        dedupe_key=key
        or report_services._dedupe_key(kind, project, project.programme, {}),
        status=JobStatus.DONE,
        page_count=3,
    )
    job.file.save(job.filename, ContentFile(b"%PDF-1.4 words"), save=True)
    ReportVoice.objects.bulk_create(
        ReportVoice(job=job, quote=q, stakeholder=q.stakeholder) for q in quotes
    )
    return job


def consent_withdraw(person, user, consent=Consent.MAY_NOT):
    return evidence_services.consent_record_create(
        programme=person.programme,
        data={"stakeholder": person, "consent": consent, "how": "phone call"},
        user=user,
    )


# --- What a report records -------------------------------------------------------


def test_each_kind_of_report_lists_exactly_the_quotes_it_shows(project, stakeholder):
    shown = quote(project, person=stakeholder)
    withheld = quote(project, "Not for anyone.", consent=Consent.MAY_NOT)
    by_role = quote(project, "Said at the workshop.", consent=Consent.ANONYMOUS)
    under_claim = quote(project, "It changed my week.", person=stakeholder)
    claim = ContributionClaim.objects.create(
        project=project,
        indicator=OutcomeIndicator.objects.create(
            programme=project.programme, name="People feel heard"
        ),
        status="achieved",
        contribution="some",
        narrative="It worked.",
    )
    claim.quotes.set([under_claim, withheld])
    case_study = report_context(ReportKind.CASE_STUDY, project=project)["voices"]
    assert sorted(case_study, key=lambda v: v.quote_id) == [
        Voice(shown.pk, stakeholder.pk),
        Voice(by_role.pk, None),
        Voice(under_claim.pk, stakeholder.pk),
    ]
    summary = report_context(ReportKind.SUMMARY, project=project)
    assert {v.quote_id for v in summary["voices"]} == {
        q["quote"].pk for q in summary["quotes"]
    }
    # The commissioner summary shows one quote.
    assert len(summary["voices"]) == 1
    programme = report_context(ReportKind.PROGRAMME, programme=project.programme)
    assert programme["voices"] == []


def test_quotes_under_decisions_count_in_case_studies_and_programme_reports(
    project, stakeholder
):
    from tests.evaluation.decisions.factories import make_decision, make_input

    under_decision = quote(project, "They listened this time.", person=stakeholder)
    withheld = quote(project, "Keep this to us.", consent=Consent.MAY_NOT)
    make_input(make_decision(project), quotes=[under_decision, withheld])
    expected = [Voice(under_decision.pk, stakeholder.pk)]
    programme = report_context(ReportKind.PROGRAMME, programme=project.programme)
    assert programme["voices"] == expected
    case_study = report_context(ReportKind.CASE_STUDY, project=project)["voices"]
    assert case_study == expected  # shown once, though also in "In their words"


def test_the_render_path_stores_the_voices_with_the_pdf(
    commissioner, project, stakeholder, no_broker
):
    spoken = quote(project, person=stakeholder)
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    claimed = report_services.report_claim(job_id=job.pk)
    assert report_services.report_render_job(job=claimed) == "stored"
    assert list(job.voices.values_list("quote_id", "stakeholder_id")) == [
        (spoken.pk, stakeholder.pk)
    ]


# --- The rule --------------------------------------------------------------------


def test_withdrawn_consent_withdraws_every_finished_report_with_the_persons_words(
    evaluator, project, stakeholder, no_broker, django_capture_on_commit_callbacks
):
    spoken = quote(project, person=stakeholder)
    other_person = StakeholderFactory(programme=project.programme)
    other_words = quote(project, "Someone else entirely.", person=other_person)
    case_study = finished(project, spoken, other_words)
    summary = finished(project, spoken, kind=ReportKind.SUMMARY)
    untouched = finished(ProjectFactory(programme=project.programme), other_words)
    old_file = case_study.file.name
    storage = case_study.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(stakeholder, evaluator)
    case_study.refresh_from_db()
    summary.refresh_from_db()
    untouched.refresh_from_db()
    for job in (case_study, summary):
        assert job.status == JobStatus.WITHDRAWN
        assert job.withdrawn_reason == "a participant withdrew consent to be quoted"
        assert job.withdrawn_by == evaluator and job.withdrawn_at is not None
        assert not job.file
        assert job.replacement.status == JobStatus.QUEUED
        assert job.replacement.requested_by is None
        assert (job.replacement.kind, job.replacement.project) == (job.kind, project)
    assert case_study.replacement != summary.replacement
    assert not storage.exists(old_file)
    assert sorted(no_broker) == sorted(
        [case_study.replacement_id, summary.replacement_id]
    )
    assert untouched.status == JobStatus.DONE and untouched.file
    assert Quote.objects.get(pk=spoken.pk).consent == Consent.MAY_NOT


def test_narrowed_consent_withdraws_but_consent_that_changes_no_quote_does_not(
    evaluator, project, stakeholder, no_broker
):
    spoken = quote(project, person=stakeholder, consent=Consent.ANONYMOUS)
    job = finished(project, spoken)
    consent_withdraw(stakeholder, evaluator, Consent.ANONYMOUS)  # nothing stricter
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    other = StakeholderFactory(programme=project.programme)
    narrowed = finished(
        project, quote(project, "Open words.", person=other), key="another"
    )
    consent_withdraw(other, evaluator, Consent.ANONYMOUS)
    narrowed.refresh_from_db()
    assert narrowed.status == JobStatus.WITHDRAWN
    assert narrowed.withdrawn_reason == (
        "a participant narrowed their consent to be quoted"
    )


def edit(quote_row, user, **changes):
    data = {f: getattr(quote_row, f) for f in evidence_services.QUOTE_FIELDS}
    data.update(changes)
    redaction_text = data.pop("redaction_text", "")
    evidence_services.quote_update(
        quote=quote_row,
        data=data,
        redaction_text=redaction_text,
        seen_version=quote_row.edit_version,
        user=user,
    )


def test_quote_edits_withdraw_only_when_they_narrow_consent_or_hide_more(
    evaluator, project, no_broker
):
    role_only = quote(project, "We met at Duke Street every week.")
    job = finished(project, role_only)
    edit(role_only, evaluator, source="workshop")  # not about consent
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    edit(role_only, evaluator, redaction_text="Duke Street => street")
    job.refresh_from_db()
    assert job.status == JobStatus.WITHDRAWN
    assert job.withdrawn_reason == "more of a participant's words are now hidden"
    again = finished(project, role_only, key="again")
    edit(
        role_only,
        evaluator,
        consent=Consent.MAY_NOT,
        redaction_text="Duke Street => street",
    )
    again.refresh_from_db()
    assert again.status == JobStatus.WITHDRAWN
    assert again.withdrawn_reason == "a participant withdrew consent to be quoted"


def test_deleting_a_quote_withdraws_the_reports_that_show_it(
    evaluator, project, no_broker
):
    spoken = quote(project)
    job = finished(project, spoken)
    evidence_services.quote_delete(quote=spoken, user=evaluator)
    job.refresh_from_db()
    assert job.status == JobStatus.WITHDRAWN
    assert job.withdrawn_reason == "a quote in it was deleted"
    assert job.replacement is not None


def test_the_service_finds_people_by_the_speaker_kept_on_the_report(
    evaluator, project, stakeholder, no_broker
):
    """For erasure: the quote may already be unlinked from the person."""
    spoken = quote(project, person=stakeholder)
    job = finished(project, spoken)
    Quote.objects.filter(pk=spoken.pk).update(stakeholder=None)
    withdrawn = report_services.report_withdraw_for_people(
        stakeholder_ids=[stakeholder.pk],
        reason="a participant asked for their details to be erased",
        by=None,
    )
    assert [j.pk for j in withdrawn] == [job.pk]
    assert withdrawn[0].withdrawn_by is None
    assert (
        report_services.report_withdraw_for_people(
            stakeholder_ids=[stakeholder.pk], reason="again", by=None
        )
        == []
    )


def test_withdrawn_reports_share_one_replacement_and_older_ones_follow_it(
    evaluator, commissioner, project, stakeholder, no_broker
):
    spoken = quote(project, person=stakeholder)
    pending, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.CASE_STUDY, project=project
    )
    first = finished(project, spoken)
    second = finished(project, spoken)
    report_services.report_withdraw_for_people(
        stakeholder_ids=[stakeholder.pk],
        reason="a participant withdrew consent",
        by=evaluator,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    # The identical request already waiting will be made from today's data.
    assert first.replacement == second.replacement == pending
    # The replacement is made and then itself withdrawn: the oldest follows along.
    ReportJob.objects.filter(pk=pending.pk).update(status=JobStatus.DONE)
    ReportVoice.objects.create(job=pending, quote=spoken, stakeholder=stakeholder)
    report_services.report_withdraw_for_people(
        stakeholder_ids=[stakeholder.pk],
        reason="a participant withdrew consent",
        by=evaluator,
    )
    pending.refresh_from_db()
    first.refresh_from_db()
    assert pending.status == JobStatus.WITHDRAWN
    assert first.replacement == pending.replacement != pending


def test_a_report_being_made_when_consent_is_withdrawn_is_thrown_away_and_made_again(
    evaluator, commissioner, project, stakeholder, no_broker
):
    spoken = quote(project, person=stakeholder)
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.CASE_STUDY, project=project
    )
    claimed = report_services.report_claim(job_id=job.pk)
    # The worker has read the project (the quote included) when consent goes.
    context = report_context(job.kind, project=project)
    assert Voice(spoken.pk, stakeholder.pk) in context["voices"]
    consent_withdraw(stakeholder, evaluator)
    job.refresh_from_db()
    assert (job.status, job.claim) == (JobStatus.QUEUED, None)
    assert job.progress_note == report_services.RESTARTED_NOTE
    assert report_services.report_render_job(job=claimed) == "lost"
    assert not ReportJob.objects.get(pk=job.pk).file
    again = report_services.report_claim(job_id=job.pk)
    assert report_services.report_render_job(job=again) == "stored"
    assert not job.voices.exists()  # made without the withdrawn words


def test_a_job_cut_short_on_its_last_attempt_can_still_be_made(
    evaluator, commissioner, project, stakeholder, no_broker, settings
):
    quote(project, person=stakeholder)
    job, _ = report_services.report_request(
        user=commissioner, kind=ReportKind.SUMMARY, project=project
    )
    report_services.report_claim(job_id=job.pk)
    ReportJob.objects.filter(pk=job.pk).update(attempts=settings.REPORT_ATTEMPTS)
    consent_withdraw(stakeholder, evaluator)
    assert report_services.report_claim(job_id=job.pk) is not None


# --- Pages and downloads ---------------------------------------------------------


def test_commissioner_sees_why_a_report_was_withdrawn_and_cannot_download_it(
    client, commissioner, evaluator, project, stakeholder, no_broker
):
    job = finished(project, quote(project, person=stakeholder))
    consent_withdraw(stakeholder, evaluator)
    job.refresh_from_db()
    client.force_login(commissioner)
    download = client.get(reverse("evaluation:report_download", args=[job.pk]))
    assert download.status_code == 410
    page = download.content.decode()
    date = job.withdrawn_at.strftime("%-d %B %Y")
    assert (
        f"Withdrawn because a participant withdrew consent to be quoted on {date}."
        in page
    )
    assert "A replacement is being made" in page
    assert evaluator.get_username() not in page  # who recorded it: evaluators only
    listing = client.get(reverse("evaluation:project_reports", args=[project.slug]))
    html = listing.content.decode()
    assert "Withdrawn because a participant withdrew consent" in html
    assert reverse("evaluation:report_download", args=[job.pk]) not in html
    # Once the replacement is ready it is offered in the old one's place.
    ReportJob.objects.filter(pk=job.replacement_id).update(status=JobStatus.DONE)
    html = client.get(reverse("evaluation:report_job", args=[job.pk])).content.decode()
    assert "A replacement is ready" in html
    assert reverse("evaluation:report_download", args=[job.replacement_id]) in html


def test_evaluator_sees_that_the_old_report_existed_and_who_withdrew_it(
    client, evaluator, project, stakeholder, no_broker
):
    job = finished(project, quote(project, person=stakeholder))
    consent_withdraw(stakeholder, evaluator)
    client.force_login(evaluator)
    html = client.get(reverse("evaluation:report_job", args=[job.pk])).content.decode()
    assert "This report has been withdrawn." in html
    assert f"by {evaluator.get_username()}" in html
    assert "It had 3 pages." in html
    replacement = ReportJob.objects.get(pk=job.pk).replacement
    html = client.get(replacement.get_absolute_url()).content.decode()
    assert f'Made automatically in place of <a href="{job.get_absolute_url()}">' in html


def test_reports_page_queries_do_not_grow_with_withdrawn_reports(
    client,
    commissioner,
    evaluator,
    project,
    stakeholder,
    no_broker,
    django_assert_max_num_queries,
):
    spoken = quote(project, person=stakeholder)
    client.force_login(commissioner)
    url = reverse("evaluation:project_reports", args=[project.slug])
    client.get(url)
    for n in range(15):
        finished(project, spoken, key=f"k{n}")
    consent_withdraw(stakeholder, evaluator)
    # session, user, project, access (3), jobs with their replacements, learning.
    with django_assert_max_num_queries(12):
        assert client.get(url).content.decode().count("Withdrawn because") == 15


def test_a_real_case_study_is_withdrawn_and_remade_without_the_quote(
    client,
    commissioner,
    evaluator,
    project,
    stakeholder,
    django_capture_on_commit_callbacks,
):
    """Eager tasks render in-process: the PDFs here are real ones, read back."""
    quote(project, person=stakeholder)
    client.force_login(commissioner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluation:project_reports", args=[project.slug]),
            {"kind": "case_study"},
        )
    old = ReportJob.objects.get()
    download = client.get(reverse("evaluation:report_download", args=[old.pk]))
    assert SPOKEN in pdf_text(b"".join(download.streaming_content))
    assert list(old.voices.values_list("stakeholder_id", flat=True)) == [stakeholder.pk]

    client.force_login(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:consent_create", args=[project.programme.slug]),
            {
                "stakeholder": stakeholder.pk,
                "consent": Consent.MAY_NOT,
                "recorded_on": "2026-11-30",
                "how": "Phoned to say no",
            },
        )
    assert response.status_code == 302

    old.refresh_from_db()
    assert old.status == JobStatus.WITHDRAWN and not old.file
    client.force_login(commissioner)
    refused = client.get(reverse("evaluation:report_download", args=[old.pk]))
    assert refused.status_code == 410
    assert "A replacement is ready" in refused.content.decode()
    new = old.replacement
    assert new.status == JobStatus.DONE
    fresh = client.get(reverse("evaluation:report_download", args=[new.pk]))
    text = pdf_text(b"".join(fresh.streaming_content))
    assert project.title in text and "In their words" in text
    assert "drop-in finally" not in text
    assert not new.voices.exists()


def test_erasing_a_person_withdraws_the_reports_with_their_words(
    evaluator, project, stakeholder, no_broker
):
    from evaluation.privacy.services import stakeholder_erase

    job = finished(project, quote(project, person=stakeholder))
    stakeholder_erase(stakeholder=stakeholder, by=evaluator)
    job.refresh_from_db()
    assert job.status == JobStatus.WITHDRAWN and job.replacement is not None
    assert job.withdrawn_reason == (
        "a participant asked for their details to be erased"
    )


def test_admin_cannot_loosen_consent_and_its_deletions_withdraw_reports(
    client, superuser, project, no_broker
):
    spoken = quote(project)
    job = finished(project, spoken)
    client.force_login(superuser)
    add = client.get(reverse("admin:evaluation_consentrecord_add"))
    assert add.status_code == 403
    change = client.get(reverse("admin:evaluation_quote_change", args=[spoken.pk]))
    assert 'name="consent"' not in change.content.decode()
    client.post(
        reverse("admin:evaluation_quote_delete", args=[spoken.pk]), {"post": "yes"}
    )
    job.refresh_from_db()
    assert not Quote.objects.filter(pk=spoken.pk).exists()
    assert job.status == JobStatus.WITHDRAWN
