"""Personal data: subject access downloads, erasure and retention.

A subject access download is a zip made by a worker (``SubjectAccessJob``): the job
row is written in the request's transaction and the broker carries only its id; a
task claims it with a conditional update, so two workers never make the same zip.

Erasure keeps the person's row under a pseudonym ("Erased person 17") so every count
that includes them (attendance, scores, reach by role) stays as it was, and removes
what identifies them: their name, email address, organisation, their words (quotes
by the programme's rule, comments on scores and reviews, notes on consent) and
their links. Every change is an ordinary ORM write inside one transaction, so the
row history records it, and the erasure itself is kept as an ``ErasureRecord`` and an
audit event. Retention runs the same erasure for people whose programme closed more
than its retention period ago.
"""

import datetime as dt
import io
import json
import logging
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename

from coproduce import history
from coproduce.background import publish
from coproduce.concurrency import versioned_update
from evaluation.mail.services import person_outbox_erase
from evaluation.models import (
    PENDING,
    Consent,
    ConsentRecord,
    DimensionScore,
    ErasureCause,
    ErasureRecord,
    Invitation,
    JobStatus,
    Quote,
    RoundInvitation,
    SubjectAccessJob,
    ThemeReview,
)
from evaluation.privacy import selectors
from evaluation.reports import services as report_services
from projects.communication.services import communication_needs_erase
from projects.models import ErasedQuotes, MembershipChange, Programme, Stakeholder
from projects.models import Invitation as AccountInvitation

logger = logging.getLogger(__name__)

FAILURE_MESSAGE = (
    "The download could not be made. Please try again. If it keeps failing, tell "
    "the site administrator and give them the download number, {pk}."
)
ALREADY_ERASED = "This person's details have already been erased."
WITHDRAWN_MARKER = "[Withdrawn: these words were removed when the person was erased.]"
NOT_KEPT = "Not kept: the person was erased"
# A running job whose worker stopped (the task's hard time limit is far shorter) is
# taken over after this long.
STALE_RUNNING_SECONDS = 600


# --- Subject access ---------------------------------------------------------------


def _enqueue(job_id: int) -> None:
    from evaluation.tasks import subject_access_make

    try:
        publish(subject_access_make, (job_id,))
    except Exception:  # broker down: the sweep publishes it again later
        logger.warning(
            "Could not publish subject access job %s; the sweep will retry",
            job_id,
            exc_info=True,
        )


def subject_access_request(
    *, stakeholder: Stakeholder, user
) -> tuple[SubjectAccessJob, bool]:
    """Ask for a download of everything held about the person, made in the
    background. Returns ``(job, created)``: a request while one is pending reuses
    it."""
    pending = SubjectAccessJob.objects.filter(
        stakeholder=stakeholder, status__in=PENDING
    ).first()
    if pending:
        return pending, False
    try:
        with transaction.atomic():
            job = SubjectAccessJob.objects.create(
                programme_id=stakeholder.programme_id,
                stakeholder=stakeholder,
                requested_by=user,
            )
            transaction.on_commit(lambda: _enqueue(job.pk))
    except IntegrityError:  # an identical request won the race
        return (
            SubjectAccessJob.objects.get(stakeholder=stakeholder, status__in=PENDING),
            False,
        )
    return job, True


def _claimable() -> Q:
    stale = timezone.now() - dt.timedelta(seconds=STALE_RUNNING_SECONDS)
    return Q(status=JobStatus.QUEUED) | Q(
        status=JobStatus.RUNNING, started_at__lt=stale
    )


def subject_access_claim(*, job_id: int) -> SubjectAccessJob | None:
    """Take the job for this worker, or None when it is done or another worker has
    it (a conditional update: only one claim can win)."""
    claimed = SubjectAccessJob.objects.filter(_claimable(), pk=job_id).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        finished_at=None,
        progress=5,
        progress_note="Started",
        error="",
    )
    if not claimed:
        return None
    return SubjectAccessJob.objects.select_related("stakeholder", "programme").get(
        pk=job_id
    )


def _progress(job: SubjectAccessJob, percent: int, note: str) -> None:
    SubjectAccessJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        progress=percent, progress_note=note
    )


def subject_access_html(*, stakeholder: Stakeholder, data: dict) -> str:
    """The readable summary that goes in the zip beside the JSON."""
    return render_to_string(
        "evaluation/privacy/subject_access_summary.html",
        {
            "person": stakeholder,
            "sections": selectors.subject_access_sections(data),
            "has_documents": bool(data.get("evaluation.Document")),
            "made_at": timezone.now(),
        },
    )


def _document_name(document) -> str:
    original = get_valid_filename(document.original_name) or "file"
    return f"documents/{document.pk}-{original}"


def subject_access_zip(*, stakeholder: Stakeholder, job=None) -> bytes:
    """A zip of ``data.json`` (every row held about the person, by model, with field
    names), ``summary.html`` (the same for people to read) and the uploaded
    documents they appear in, under ``documents/``."""
    data = selectors.subject_access_data(stakeholder)
    if job:
        _progress(job, 40, "Writing the summary")
    html = subject_access_html(stakeholder=stakeholder, data=data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        )
        archive.writestr("summary.html", html)
        if job:
            _progress(job, 60, "Adding the documents")
        for document in selectors.person_documents(stakeholder):
            with document.file.open("rb") as handle:
                archive.writestr(_document_name(document), handle.read())
    return buffer.getvalue()


def subject_access_make_job(*, job: SubjectAccessJob) -> str:
    """Make and store the zip of a claimed job: ``"stored"``, or ``"failed"`` with a
    plain message for the people who asked (the details go to the log)."""
    try:
        _progress(job, 20, "Gathering the records")
        content = subject_access_zip(stakeholder=job.stakeholder, job=job)
        _progress(job, 90, "Storing the file")
        job.file.save(job.filename, ContentFile(content), save=False)
    except Exception:
        logger.exception("Subject access job %s failed", job.pk)
        SubjectAccessJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=FAILURE_MESSAGE.format(pk=job.pk),
            progress=0,
            progress_note="",
        )
        return "failed"
    SubjectAccessJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        file=job.file.name,
        size=len(content),
        progress=100,
        progress_note="Ready",
        finished_at=timezone.now(),
    )
    return "stored"


def subject_access_retry(*, job: SubjectAccessJob, user) -> SubjectAccessJob:
    """Queue a failed download again (a pending one for the person is reused)."""
    if job.status != JobStatus.FAILED:
        return job
    pending = SubjectAccessJob.objects.filter(
        stakeholder_id=job.stakeholder_id, status__in=PENDING
    ).first()
    if pending:
        return pending
    now = timezone.now()
    with transaction.atomic():
        SubjectAccessJob.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED,
            error="",
            progress=0,
            progress_note="",
            requested_by=user,
            queued_at=now,
            started_at=None,
            finished_at=None,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def subject_access_download_record(*, job: SubjectAccessJob, user) -> None:
    """A download of someone's data is a read that matters: it goes in the
    history (the audit pages)."""
    history.read_record(
        instance=job,
        action=history.Action.DOWNLOADED,
        note="Zip of everything held about the person",
    )


def subject_access_sweep(*, older_than_seconds: int = 60) -> list[int]:
    """Publish again downloads left waiting (asked for while the broker was down)
    and those whose worker stopped. On the beat schedule."""
    now = timezone.now()
    waiting = Q(
        status=JobStatus.QUEUED,
        queued_at__lt=now - dt.timedelta(seconds=older_than_seconds),
    )
    ids = list(
        SubjectAccessJob.objects.filter(
            waiting | (_claimable() & Q(status=JobStatus.RUNNING))
        ).values_list("pk", flat=True)
    )
    SubjectAccessJob.objects.filter(pk__in=ids, status=JobStatus.QUEUED).update(
        queued_at=now
    )
    for job_id in ids:
        _enqueue(job_id)
    return ids


# --- Erasure -----------------------------------------------------------------------


# Completes "Withdrawn because ..." on the reports' pages.
ERASED_REASON = "a participant asked for their details to be erased"


def _reports_withdraw(*, person: Stakeholder, by) -> int:
    """The one link to reports: those holding the person's words are withdrawn
    (and replaced) by ``report_withdraw_for_people``."""
    withdrawn = report_services.report_withdraw_for_people(
        stakeholder_ids=[person.pk], reason=ERASED_REASON, by=by
    )
    return len(withdrawn)


def _quotes_erase(person: Stakeholder, policy: str) -> dict:
    quotes = list(Quote.objects.select_for_update().filter(stakeholder=person))
    if policy == ErasedQuotes.DELETE:
        for quote in quotes:
            quote.delete()
        return {"quotes deleted": len(quotes)}
    for quote in quotes:
        versioned_update(
            quote,
            seen_version=quote.edit_version,
            text=WITHDRAWN_MARKER,
            redactions=[],
            consent=Consent.MAY_NOT,
        )
    return {"quotes marked withdrawn": len(quotes)}


def _words_erase(person: Stakeholder) -> dict:
    """Their comments on scores and reviews and the notes on their consent: the
    answers themselves (levels, verdicts, consent given) stay for the counts."""
    counts = {}
    scores = DimensionScore.objects.filter(response__stakeholder=person).exclude(
        comment=""
    )
    for score in scores:
        score.comment = ""
        score.save(update_fields=["comment"])
    counts["score comments removed"] = len(scores)
    reviews = ThemeReview.objects.filter(invitation__stakeholder=person).exclude(
        comment=""
    )
    for review in reviews:
        review.comment = ""
        review.save(update_fields=["comment", "updated_at"])
    counts["review comments removed"] = len(reviews)
    records = ConsentRecord.objects.filter(stakeholder=person)
    for record in records:
        record.how = NOT_KEPT
        record.note = ""
        record.save(update_fields=["how", "note"])
    counts["consent notes removed"] = len(records)
    return counts


def _links_withdraw(person: Stakeholder, now) -> dict:
    """Scoring links and review links stop working; the rounds and stages keep
    their counts of who was invited and who answered."""
    round_links = RoundInvitation.objects.filter(stakeholder=person)
    withdrawn = 0
    for link in round_links:
        link.label = person.erased_name
        fields = ["label"]
        if link.revoked_at is None:
            link.revoked_at = now
            fields.append("revoked_at")
            withdrawn += 1
        link.save(update_fields=fields)
    review_links = 0
    for invitation in Invitation.objects.filter(stakeholder=person):
        fields = []
        if invitation.general_comment:
            invitation.general_comment = ""
            fields.append("general_comment")
        if invitation.token_hash and invitation.link_revoked_at is None:
            invitation.link_revoked_at = now
            fields.append("link_revoked_at")
            review_links += 1
        if fields:
            invitation.save(update_fields=fields)
    return {
        "scoring links withdrawn": withdrawn,
        "review links withdrawn": review_links,
    }


def _placeholder_email(person: Stakeholder) -> str:
    return f"erased-person-{person.pk}@erased.invalid"


def _account_invitations_erase(person: Stakeholder, email: str, by, now) -> dict:
    """Sign-in invitations sent to their address and not accepted are withdrawn and
    lose the address (an accepted one belongs to an account, not to this record)."""
    if not email:
        return {}
    placeholder = _placeholder_email(person)
    invitations = AccountInvitation.objects.filter(
        programme_id=person.programme_id, email__iexact=email, accepted_at=None
    )
    for invitation in invitations:
        invitation.email = placeholder
        fields = ["email"]
        if invitation.withdrawn_at is None:
            invitation.withdrawn_at, invitation.withdrawn_by = now, by
            fields += ["withdrawn_at", "withdrawn_by"]
        invitation.save(update_fields=fields)
    changes = MembershipChange.objects.filter(
        programme_id=person.programme_id, email__iexact=email, member=None
    )
    for change in changes:
        change.email = placeholder
        change.save(update_fields=["email"])
    return {"sign-in invitations withdrawn": len(invitations)}


def _downloads_delete(person: Stakeholder) -> int:
    """Earlier subject access zips are copies of what is being erased. Their files
    go once the erasure is committed (a rolled-back erasure keeps them)."""
    jobs = list(SubjectAccessJob.objects.filter(stakeholder=person))
    files = [(job.file.storage, job.file.name) for job in jobs if job.file]
    for job in jobs:
        job.delete()

    def files_delete():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete %s after an erasure", name)

    transaction.on_commit(files_delete)
    return len(jobs)


def _names_before(person: Stakeholder) -> list[str]:
    """Every name the person has been recorded under (renames are in the history)."""
    from projects.models import HistoryEvent

    names = {person.display_name}
    for before in HistoryEvent.objects.filter(
        model=Stakeholder._meta.label_lower, object_id=str(person.pk), action="changed"
    ).values_list("before", flat=True):
        if isinstance(before, dict) and before.get("display_name"):
            names.add(before["display_name"])
    return sorted(names)


# Fields whose values, in the history of a person's rows, are their words or their
# identity: an erasure replaces them there too (the event itself stays: who changed
# what, when).
HISTORY_PERSONAL_FIELDS = {
    "display_name",
    "email",
    "organisation_id",
    "text",
    "redactions",
    "comment",
    "general_comment",
    "how",
    "note",
    "label",
    "format_other",
    "language_other",
    "meeting_access",
    "supporter",
}
HISTORY_ERASED = "[erased]"


def _history_value_scrub(value, secrets: list[str], *, personal: bool, keep: set):
    if isinstance(value, str):
        if value in keep:  # what the erasure itself wrote
            return value
        folded = value.casefold()
        if any(secret in folded for secret in secrets):
            return HISTORY_ERASED
    return HISTORY_ERASED if personal and value not in (None, "", []) else value


def _history_scrub(person: Stakeholder, secrets: list[str]) -> int:
    """Take the erased person's details out of the row history, as the erasure took
    them out of the rows: in events about the person's rows every personal field's
    values become "[erased]", and elsewhere in the programme's history any value
    holding their name or email address does. Runs after the erasure's own writes,
    whose events (before: "[erased]", after: the pseudonym) record that it happened."""
    from projects.models import HistoryEvent

    secrets = [secret.casefold() for secret in secrets if len(secret or "") >= 3]
    mentions = Q()
    for secret in secrets:
        mentions |= Q(before_text__icontains=secret) | Q(after_text__icontains=secret)
    events = (
        HistoryEvent.objects.annotate(
            before_text=Cast("before", TextField()),
            after_text=Cast("after", TextField()),
        )
        .filter(
            Q(person_id=person.pk) | (Q(programme_id=person.programme_id) & mentions)
        )
        .only("pk", "person_id", "before", "after")
    )
    keep = {person.erased_name, WITHDRAWN_MARKER, NOT_KEPT, _placeholder_email(person)}
    changed = 0
    for event in events.iterator():
        personal = event.person_id == person.pk
        fields = []
        for name in ("before", "after"):
            values = getattr(event, name)
            if not isinstance(values, dict):
                continue
            scrubbed = {
                key: _history_value_scrub(
                    value,
                    secrets,
                    personal=personal and key in HISTORY_PERSONAL_FIELDS,
                    keep=keep,
                )
                for key, value in values.items()
            }
            if scrubbed != values:
                setattr(event, name, scrubbed)
                fields.append(name)
        if fields:
            event.save(update_fields=fields)
            changed += 1
    return changed


@transaction.atomic
def stakeholder_erase(
    *, stakeholder: Stakeholder, by, cause: str = ErasureCause.REQUEST
) -> ErasureRecord:
    """Erase what identifies the person, keeping the anonymous counts.

    Raises ``ValidationError`` when they were already erased."""
    person = (
        Stakeholder.objects.select_for_update()
        .select_related("programme")
        .get(pk=stakeholder.pk)
    )
    if person.is_erased:
        raise ValidationError(ALREADY_ERASED)
    programme: Programme = person.programme
    now = timezone.now()
    email = person.email
    names = _names_before(person)
    by = by if getattr(by, "is_authenticated", False) else None
    # Reports first: they are found through the quotes changed below.
    summary = {"reports withdrawn": _reports_withdraw(person=person, by=by)}
    summary |= _quotes_erase(person, programme.erased_quotes)
    summary |= _words_erase(person)
    summary |= _links_withdraw(person, now)
    summary |= _account_invitations_erase(person, email, by, now)
    summary["earlier downloads deleted"] = _downloads_delete(person)
    summary["emails deleted"] = person_outbox_erase(stakeholder=person)
    summary["communication needs removed"] = communication_needs_erase(
        stakeholder=person
    )
    versioned_update(
        person,
        seen_version=person.edit_version,
        display_name=person.erased_name,
        is_pseudonym=True,
        email="",
        role_note="",
        organisation=None,
        erased_at=now,
    )
    secrets = [email, *names]
    _history_scrub(person, secrets)
    record = ErasureRecord.objects.create(
        programme=programme,
        stakeholder=person,
        cause=cause,
        erased_by=by,
        summary={key: value for key, value in summary.items() if value},
        at=now,
    )
    stakeholder.refresh_from_db()
    return record


def erasure_confirmation_check(*, stakeholder: Stakeholder, typed: str) -> None:
    """The person's name typed in full, so nobody erases the wrong person by a
    slip."""
    if (
        " ".join(typed.split()).casefold()
        != " ".join(stakeholder.display_name.split()).casefold()
    ):
        raise ValidationError(
            {
                "confirm": "The name does not match. Type it exactly as shown: "
                f"{stakeholder.display_name}"
            }
        )


# --- Retention ---------------------------------------------------------------------


def retention_apply(*, today=None, dry_run: bool = False) -> list[Stakeholder]:
    """Erase everyone whose programme's retention period has ended; with
    ``dry_run``, only say who that would be. Each person is erased in a
    transaction of their own and recorded with the cause "retention"."""
    due = selectors.retention_due(today)
    if dry_run:
        return due
    for person in due:
        stakeholder_erase(stakeholder=person, by=None, cause=ErasureCause.RETENTION)
        logger.info(
            "Retention: erased person %s of programme %s",
            person.pk,
            person.programme.slug,
        )
    return due


def programme_personal_data_update(
    *, programme: Programme, data: dict, seen_version: int | None
) -> None:
    """Save the closing date, retention period and quote rule (refused when
    someone else saved the programme since the form was opened)."""
    if data.get("retention_months") is not None and data["retention_months"] < 1:
        raise ValidationError(
            {"retention_months": "Keep personal data for at least one month."}
        )
    versioned_update(programme, seen_version=seen_version, **data)
