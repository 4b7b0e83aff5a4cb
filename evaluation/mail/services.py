"""Email in the background: queue a message in the outbox, send it from a worker,
try again with back-off, and respect each person's choice of what they get.

Every message is written to the outbox inside the caller's transaction and published
to a worker after commit (``coproduce.background.publish``), never sent inside a web
request. The worker claims the row before it sends (a conditional update), so a task
delivered twice sends once. A send that fails is kept as failed with the reason in
plain words; the sweep on the beat schedule publishes it again after a wait that
doubles with each try, and gives up after ``MAIL_ATTEMPTS`` tries.

The scheduled kinds (reminders before links close, the weekly digest, the nudge
about quiet projects) are made by functions here that the beat tasks and
``manage.py run_schedule`` call; each has a key per occasion, so running one twice
queues nothing new.
"""

import base64
import datetime as dt
import hashlib
import json
import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable, Iterable

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from coproduce import history
from coproduce.background import publish
from coproduce.tokens import token_hash
from evaluation.matrix import services as matrix_services
from evaluation.models import (
    EvaluationStage,
    Invitation,
    MailKind,
    MailOptOut,
    OutboxMessage,
    OutboxStatus,
    RoundInvitation,
    RoundStatus,
    ScoringRound,
)
from evaluation.participants.selectors import preferred_language
from projects.models import (
    AccessRole,
    HistoryEvent,
    ProgrammeMembership,
    Project,
    ProjectMembership,
    ProjectStatus,
    Stakeholder,
)

logger = logging.getLogger(__name__)

T = "evaluation/mail/email/"
UNSUBSCRIBE_SALT = "coproduce.mail.unsubscribe"
# Kinds that go to people with accounts (chosen on the account page); the others go
# to people taking part through personal links (chosen through the unsubscribe link).
ACCOUNT_KINDS = (MailKind.WEEKLY_DIGEST, MailKind.INACTIVITY_NUDGE)
# Projects in these states are not nudged about: their work has ended or is on hold.
RESTING = (ProjectStatus.COMPLETED, ProjectStatus.DISCONTINUED, ProjectStatus.PAUSED)

__all__ = [
    "message_queue",
    "message_send",
    "messages_retry",
    "outbox_sweep",
    "round_invitations_email",
    "round_reminders_queue",
    "review_invitations_email",
    "review_reminders_queue",
    "weekly_digest_queue",
    "inactivity_nudges_queue",
    "opt_out_set",
    "unsubscribe_token",
    "unsubscribe_read",
]


# --- Sealing bodies (they can hold a personal link) --------------------------------


def _fernet() -> Fernet:
    key = hashlib.sha256(f"outbox:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(parts: dict) -> str:
    return _fernet().encrypt(json.dumps(parts).encode()).decode()


def _unseal(sealed: str) -> dict | None:
    try:
        return json.loads(_fernet().decrypt(sealed.encode()))
    except (InvalidToken, ValueError):
        return None


# --- Choices and unsubscribing ---------------------------------------------------


def unsubscribe_token(*, kind: str, user=None, stakeholder=None) -> str:
    """A signed token naming who stops getting which kind: no sign-in needed."""
    who = {"u": user.pk} if user is not None else {"s": stakeholder.pk}
    return signing.dumps({"k": kind, **who}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[str, object, Stakeholder | None] | None:
    """(kind, user, stakeholder) from an unsubscribe token, or None when it is not
    one of ours (or names someone no longer here)."""
    try:
        data = signing.loads(token[:500], salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    kind = data.get("k")
    if kind not in MailKind.values:
        return None
    if "u" in data:
        user = apps.get_model(settings.AUTH_USER_MODEL).objects.filter(pk=data["u"])
        user = user.first()
        return (kind, user, None) if user else None
    person = Stakeholder.objects.filter(pk=data.get("s")).first()
    return (kind, None, person) if person else None


def opt_out_set(*, kind: str, wanted: bool, user=None, stakeholder=None) -> None:
    """Record whether this person wants ``kind`` of email from now on."""
    who = {"user": user} if user is not None else {"stakeholder": stakeholder}
    if wanted:
        MailOptOut.objects.filter(kind=kind, **who).delete()
    elif not MailOptOut.objects.filter(kind=kind, **who).exists():
        MailOptOut.objects.create(kind=kind, **who)


def _wanted(kind: str, *, user=None, stakeholder=None) -> bool:
    who = {"user": user} if user is not None else {"stakeholder": stakeholder}
    return not MailOptOut.objects.filter(kind=kind, **who).exists()


# --- Queue and send --------------------------------------------------------------


def message_queue(
    *,
    kind: str,
    to_email: str,
    subject: str,
    template: str,
    context: dict,
    dedupe_key: str,
    base_url: str,
    user=None,
    stakeholder=None,
    programme=None,
    scoring_round: ScoringRound | None = None,
    review_stage: EvaluationStage | None = None,
    language: str = "en",
) -> OutboxMessage | None:
    """Put one email in the outbox and send it after commit.

    Returns None (and queues nothing) when the person chose not to get this kind,
    has no address, or this occasion (``dedupe_key``) was queued before.
    """
    if not to_email or not _wanted(kind, user=user, stakeholder=stakeholder):
        return None
    if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    token = unsubscribe_token(kind=kind, user=user, stakeholder=stakeholder)
    unsubscribe_url = base_url + reverse("evaluation:mail_unsubscribe", args=[token])
    context = {
        **context,
        "unsubscribe_url": unsubscribe_url,
        "kind_label": MailKind(kind).label.lower(),
        "for_account": user is not None,
        "preferences_url": base_url + reverse("evaluation:mail_preferences"),
    }
    with translation.override(language):
        text = render_to_string(T + template + ".txt", context)
        html = render_to_string(T + template + ".html", context)
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                to_email=to_email,
                user=user,
                stakeholder=stakeholder,
                programme=programme,
                scoring_round=scoring_round,
                review_stage=review_stage,
                subject=subject[:200],
                sealed_body=_seal(
                    {"text": text, "html": html, "unsubscribe": unsubscribe_url}
                ),
                dedupe_key=dedupe_key[:120],
            )
    except IntegrityError:  # queued at the same moment by someone else
        return None
    _publish_after_commit(message.pk)
    return message


def _publish_after_commit(message_id: int) -> None:
    from evaluation import tasks  # tasks import this module

    transaction.on_commit(lambda: publish(tasks.outbox_send, (message_id,)))


def _claim(message_id: int) -> OutboxMessage | None:
    """Take the message for this worker; None when it was sent, is being sent by
    another worker, or is not yet due for another try."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.QUEUED)
        | Q(status=OutboxStatus.FAILED, next_try_at__lte=now),
        pk=message_id,
    ).update(status=OutboxStatus.SENDING, claimed_at=now)
    if not claimed:
        return None
    return OutboxMessage.objects.get(pk=message_id)


def _plain_reason(error: Exception) -> str:
    """What went wrong, in words a facilitator can act on."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [
            f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
            for code, text in error.recipients.values()
        ]
        return "The mail server refused the address: " + "; ".join(codes)
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        return f"The mail server refused the message: {error.smtp_code} {text}"
    if isinstance(error, (ConnectionError, OSError, smtplib.SMTPServerDisconnected)):
        return "The mail server could not be reached."
    return "The message could not be sent."


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.MAIL_RETRY_SECONDS * 2 ** (attempts - 1))


def message_send(*, message_id: int) -> str:
    """Send one outbox message if it is still waiting: 'sent', 'failed',
    'gave_up' or 'skipped' (already sent, being sent, or not due)."""
    message = _claim(message_id)
    if message is None:
        return "skipped"
    parts = _unseal(message.sealed_body)
    attempts = message.attempts + 1
    if parts is None:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.GAVE_UP,
            attempts=attempts,
            last_error="The message could not be read back (the site's key changed).",
        )
        return "gave_up"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=parts["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers={
            "List-Unsubscribe": f"<{parts['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(parts["html"], "text/html")
    try:
        email.send(fail_silently=False)
    except Exception as error:  # every failure is recorded and retried
        logger.warning("Email %s could not be sent: %s", message.pk, error)
        gave_up = attempts >= settings.MAIL_ATTEMPTS
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.GAVE_UP if gave_up else OutboxStatus.FAILED,
            attempts=attempts,
            last_error=_plain_reason(error)[:300],
            next_try_at=timezone.now() + _retry_delay(attempts),
        )
        return "gave_up" if gave_up else "failed"
    # Sent: the body (and any personal link in it) is not kept.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT,
        attempts=attempts,
        sent_at=timezone.now(),
        sealed_body="",
        last_error="",
    )
    return "sent"


@transaction.atomic
def messages_retry(*, messages: Iterable[OutboxMessage]) -> int:
    """Try again now, with a fresh set of tries, messages that could not be sent."""
    ids = [m.pk for m in messages if m.status in (OutboxStatus.FAILED, "gave_up")]
    count = OutboxMessage.objects.filter(
        pk__in=ids, status__in=[OutboxStatus.FAILED, OutboxStatus.GAVE_UP]
    ).update(status=OutboxStatus.QUEUED, attempts=0, next_try_at=timezone.now())
    for pk in ids:
        _publish_after_commit(pk)
    return count


def outbox_sweep(*, stranded_after_seconds: int = 600) -> list[int]:
    """On the beat schedule: publish again messages due for another try and messages
    left waiting (the broker was down when they were queued). A message whose
    worker stopped part-way is marked failed, to be tried again."""
    now = timezone.now()
    OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=stranded_after_seconds),
    ).update(
        status=OutboxStatus.FAILED,
        last_error="Sending stopped part-way; it will be tried again.",
        next_try_at=now,
    )
    due = list(
        OutboxMessage.objects.filter(
            Q(status=OutboxStatus.FAILED, next_try_at__lte=now)
            | Q(
                status=OutboxStatus.QUEUED, created_at__lt=now - dt.timedelta(minutes=1)
            )
        ).values_list("pk", flat=True)[:500]
    )
    from evaluation import tasks

    for pk in due:
        publish(tasks.outbox_send, (pk,))
    return due


def outbox_send_due(*, now=None) -> dict:
    """Without a broker (``manage.py run_schedule``): send everything due now, here."""
    now = now or timezone.now()
    due = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.QUEUED)
        | Q(status=OutboxStatus.FAILED, next_try_at__lte=now)
    ).values_list("pk", flat=True)
    results = defaultdict(int)
    for pk in list(due[:500]):
        results[message_send(message_id=pk)] += 1
    return dict(results)


# --- Scoring rounds ----------------------------------------------------------------


def round_invitations_email(
    *,
    pairs: Iterable[tuple[RoundInvitation, str]],
    link_for: Callable[[str], str],
    base_url: str,
) -> int:
    """Queue an email of each new link to its person when we have their address;
    they are sent after commit. Returns how many were queued."""
    queued = 0
    now = timezone.now()
    for invitation, token in pairs:
        person = invitation.stakeholder
        if person is None or not person.email or person.is_erased:
            continue
        scoring_round = invitation.round
        context = {
            "name": person.display_name,
            "link": link_for(token),
            "expires_at": invitation.expires_at,
            "message": scoring_round.message,
        }
        language = preferred_language(person)
        with translation.override(language):
            subject = str(matrix_services.LINK_EMAIL_SUBJECT)
        message = message_queue(
            kind=MailKind.ROUND_INVITATION,
            to_email=person.email,
            subject=subject,
            template="round_invitation",
            context=context,
            dedupe_key=f"round-invite:{invitation.pk}:{token_hash(token)[:16]}",
            base_url=base_url,
            stakeholder=person,
            programme=scoring_round.project.programme,
            scoring_round=scoring_round,
            language=language,
        )
        if message is not None:
            invitation.emailed_at = now
            invitation.save(update_fields=["emailed_at"])
            queued += 1
    return queued


def _closing_soon(today: dt.date) -> dt.datetime:
    days = settings.MAIL_REMINDER_DAYS
    return timezone.make_aware(
        dt.datetime.combine(today + dt.timedelta(days=days), dt.time.max)
    )


def _emailable(person: Stakeholder | None) -> bool:
    if person is None or not person.email or person.is_erased:
        return False
    needs = getattr(person, "communication_needs", None)
    return not (needs is not None and needs.contact_by_other_means)


def _remind(
    *,
    kind: str,
    person: Stakeholder,
    key: str,
    renew: Callable[[], str],
    link_for: Callable[[str], str],
    subject,
    template: str,
    context: dict,
    base_url: str,
    **about,
) -> bool:
    """Queue one reminder with a fresh link (``renew`` issues it through the
    feature's own service, so closing rules apply). False when the person is not to
    be reminded or was reminded for this occasion already."""
    if not _emailable(person) or not _wanted(kind, stakeholder=person):
        return False
    if OutboxMessage.objects.filter(dedupe_key=key).exists():
        return False
    with transaction.atomic():
        token = renew()
        language = preferred_language(person)
        with translation.override(language):
            subject = str(subject)
        message_queue(
            kind=kind,
            to_email=person.email,
            subject=subject,
            template=template,
            context={**context, "name": person.display_name, "link": link_for(token)},
            dedupe_key=key,
            base_url=base_url,
            stakeholder=person,
            language=language,
            **about,
        )
    return True


def round_reminders_queue(*, base_url: str, today: dt.date | None = None) -> int:
    """A reminder to each person who was emailed a scoring link, has not sent their
    answers, and whose link stops within ``MAIL_REMINDER_DAYS`` days. The reminder
    carries a fresh link (only hashes are kept); the answers they began stay theirs.
    Returns how many were queued."""
    today = today or timezone.localdate()
    invitations = (
        RoundInvitation.objects.filter(
            emailed_at__isnull=False,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            expires_at__lte=_closing_soon(today),
            round__status=RoundStatus.OPEN,
            stakeholder__isnull=False,
        )
        .exclude(response__submitted_at__isnull=False)
        .select_related("round__project__programme", "stakeholder__communication_needs")
    )

    def renewer(invitation):
        def renew() -> str:
            expires_at = invitation.expires_at
            token = matrix_services.invitation_renew(
                invitation=invitation, days=1, by=invitation.sent_by
            )
            # Keep the link's own end: the reminder does not lengthen it.
            RoundInvitation.objects.filter(pk=invitation.pk).update(
                expires_at=expires_at
            )
            return token

        return renew

    return sum(
        _remind(
            kind=MailKind.ROUND_REMINDER,
            person=invitation.stakeholder,
            key=f"round-reminder:{invitation.pk}:{invitation.expires_at:%Y%m%d}",
            renew=renewer(invitation),
            link_for=lambda token: (
                base_url + reverse("evaluation:score_start", args=[token])
            ),
            subject=gettext_lazy("Reminder: your scoring link closes soon"),
            template="round_reminder",
            context={
                "expires_at": invitation.expires_at,
                "project": invitation.round.project.title,
            },
            base_url=base_url,
            programme=invitation.round.project.programme,
            scoring_round=invitation.round,
        )
        for invitation in invitations
    )


# --- Member checking ---------------------------------------------------------------


def _review_link(base_url: str, token: str) -> str:
    return base_url + reverse("evaluation:member_review", args=[token])


def review_invitations_email(
    *, stage: EvaluationStage, by, base_url: str
) -> tuple[int, int]:
    """Email a personal review link to everyone invited to this member-checking
    stage who has an address and has not replied. Each gets a fresh link (the old
    one stops). Returns (queued, left out: no address, or they asked not to)."""
    from evaluation.evidence import services as evidence_services

    invitations = stage.invitations.filter(responded_at__isnull=True).select_related(
        "stakeholder__communication_needs", "stage"
    )
    queued = skipped = 0
    with transaction.atomic():
        for invitation in invitations:
            person = invitation.stakeholder
            if (
                person is None
                or not person.email
                or person.is_erased
                or not _wanted(MailKind.REVIEW_INVITATION, stakeholder=person)
            ):
                skipped += 1
                continue
            token = evidence_services.invitation_link_issue(
                invitation=invitation, by=by
            )
            language = preferred_language(person)
            with translation.override(language):
                subject = gettext("Please check our draft themes")
            message = message_queue(
                kind=MailKind.REVIEW_INVITATION,
                to_email=person.email,
                subject=subject,
                template="review_invitation",
                context={
                    "name": person.display_name,
                    "link": _review_link(base_url, token),
                    "expires_at": invitation.link_expires_at,
                    "stage": stage.name,
                },
                dedupe_key=f"review-invite:{invitation.pk}:{token_hash(token)[:16]}",
                base_url=base_url,
                stakeholder=person,
                programme=stage.programme,
                review_stage=stage,
                language=language,
            )
            queued += message is not None
    return queued, skipped


def review_reminders_queue(*, base_url: str, today: dt.date | None = None) -> int:
    """A reminder to each person emailed a review link who has not replied and whose
    link stops within ``MAIL_REMINDER_DAYS`` days, with a fresh link."""
    from evaluation.evidence import services as evidence_services

    today = today or timezone.localdate()
    emailed = OutboxMessage.objects.filter(
        kind=MailKind.REVIEW_INVITATION,
        status=OutboxStatus.SENT,
        stakeholder_id=OuterRef("stakeholder_id"),
        review_stage_id=OuterRef("stage_id"),
    )
    invitations = Invitation.objects.filter(
        Exists(emailed),
        responded_at__isnull=True,
        link_revoked_at__isnull=True,
        link_expires_at__gt=timezone.now(),
        link_expires_at__lte=_closing_soon(today),
    ).select_related("stage__programme", "stakeholder__communication_needs")

    def renewer(invitation):
        def renew() -> str:
            expires_at = invitation.link_expires_at
            token = evidence_services.invitation_link_issue(
                invitation=invitation, by=invitation.link_sent_by
            )
            Invitation.objects.filter(pk=invitation.pk).update(
                link_expires_at=expires_at
            )
            return token

        return renew

    return sum(
        _remind(
            kind=MailKind.REVIEW_REMINDER,
            person=invitation.stakeholder,
            key=f"review-reminder:{invitation.pk}:{invitation.link_expires_at:%Y%m%d}",
            renew=renewer(invitation),
            link_for=lambda token: _review_link(base_url, token),
            subject=gettext_lazy("Reminder: your review link closes soon"),
            template="review_reminder",
            context={
                "expires_at": invitation.link_expires_at,
                "stage": invitation.stage.name,
            },
            base_url=base_url,
            programme=invitation.stage.programme,
            review_stage=invitation.stage,
        )
        for invitation in invitations
    )


# --- Weekly digest and quiet projects ---------------------------------------------


def _week_key(today: dt.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def _model_words(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label.rsplit(".", 1)[-1]


def weekly_digest_queue(*, base_url: str, today: dt.date | None = None) -> int:
    """For each commissioner: what changed in their programmes over the last seven
    days, counted by kind of record (no names, no personal details), from the history
    of changes. One per person per week; nothing when nothing changed."""
    today = today or timezone.localdate()
    since = timezone.now() - dt.timedelta(days=7)
    members = ProgrammeMembership.objects.filter(
        role=AccessRole.COMMISSIONER, user__is_active=True
    ).select_related("user", "programme")
    project_members = ProjectMembership.objects.filter(
        role=AccessRole.COMMISSIONER, user__is_active=True
    ).select_related("user", "project__programme")
    programme_ids = {m.programme_id for m in members} | {
        m.project.programme_id for m in project_members
    }
    if not programme_ids:
        return 0
    rows = (
        HistoryEvent.objects.filter(
            programme_id__in=programme_ids, created_at__gte=since
        )
        .exclude(action__in=history.READS)
        .values("programme_id", "project_id", "model")
        .annotate(n=Count("id"))
    )
    by_programme = defaultdict(lambda: defaultdict(int))
    by_project = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_programme[row["programme_id"]][row["model"]] += row["n"]
        if row["project_id"]:
            by_project[row["project_id"]][row["model"]] += row["n"]
    sections = defaultdict(list)  # user -> [(programme, counts)]
    users = {}
    for m in members:
        if counts := by_programme.get(m.programme_id):
            sections[m.user_id].append((m.programme, m.programme.name, counts))
            users[m.user_id] = m.user
    for m in project_members:
        if counts := by_project.get(m.project_id):
            sections[m.user_id].append((m.project.programme, m.project.title, counts))
            users[m.user_id] = m.user
    week = _week_key(today)
    queued = 0
    for user_id, parts in sections.items():
        user = users[user_id]
        blocks = [
            {
                "name": name,
                "total": sum(counts.values()),
                "lines": sorted(
                    ((_model_words(label), n) for label, n in counts.items()),
                    key=lambda line: -line[1],
                )[:8],
                "url": base_url
                + reverse("projects:programme_detail", args=[programme.slug]),
            }
            for programme, name, counts in parts
        ]
        message = message_queue(
            kind=MailKind.WEEKLY_DIGEST,
            to_email=user.email,
            subject="Your weekly summary: what changed in your programmes",
            template="weekly_digest",
            context={"user": user, "blocks": blocks, "since": since},
            dedupe_key=f"digest:{user_id}:{week}",
            base_url=base_url,
            user=user,
            programme=parts[0][0],
        )
        queued += message is not None
    return queued


def quiet_projects(*, today: dt.date) -> list[Project]:
    """Projects still under way with no activity in ``MAIL_QUIET_WEEKS`` weeks (and
    none at all, if they started before then), oldest first."""
    cutoff = today - dt.timedelta(weeks=settings.MAIL_QUIET_WEEKS)
    return list(
        Project.objects.exclude(status__in=RESTING)
        .annotate(last_held=Max("activities__held_on"))
        .filter(
            Q(last_held__lt=cutoff)
            | Q(last_held__isnull=True, created_at__date__lt=cutoff)
        )
        .select_related("programme")
        .order_by("last_held", "title")
    )


def inactivity_nudges_queue(*, base_url: str, today: dt.date | None = None) -> int:
    """A note to each facilitator listing their projects with no activity for the
    configured weeks. At most one per person per week."""
    today = today or timezone.localdate()
    projects = quiet_projects(today=today)
    if not projects:
        return 0
    by_programme = defaultdict(list)
    for project in projects:
        by_programme[project.programme_id].append(project)
    by_id = {project.pk: project for project in projects}
    mine = defaultdict(dict)
    users = {}
    for m in ProgrammeMembership.objects.filter(
        role=AccessRole.FACILITATOR,
        programme_id__in=by_programme,
        user__is_active=True,
    ).select_related("user"):
        users[m.user_id] = m.user
        for project in by_programme[m.programme_id]:
            mine[m.user_id][project.pk] = project
    for m in ProjectMembership.objects.filter(
        role=AccessRole.FACILITATOR, project_id__in=by_id, user__is_active=True
    ).select_related("user"):
        users[m.user_id] = m.user
        mine[m.user_id][m.project_id] = by_id[m.project_id]
    week = _week_key(today)
    queued = 0
    for user_id, chosen in mine.items():
        user = users[user_id]
        rows = [
            {
                "name": project.title,
                "last_held": project.last_held,
                "url": base_url
                + reverse("projects:project_detail", args=[project.slug]),
            }
            for project in chosen.values()
        ]
        message = message_queue(
            kind=MailKind.INACTIVITY_NUDGE,
            to_email=user.email,
            subject=(
                f"{len(rows)} of your projects "
                f"{'has' if len(rows) == 1 else 'have'} gone quiet"
            ),
            template="inactivity_nudge",
            context={
                "user": user,
                "rows": rows,
                "weeks": settings.MAIL_QUIET_WEEKS,
            },
            dedupe_key=f"nudge:{user_id}:{week}",
            base_url=base_url,
            user=user,
            programme=next(iter(chosen.values())).programme,
        )
        queued += message is not None
    return queued


def site_url() -> str:
    """The address in front of links in scheduled emails (no request to ask)."""
    return settings.SITE_URL.rstrip("/")


def person_outbox_erase(*, stakeholder: Stakeholder) -> int:
    """When a person is erased: their emails (address, subject, any waiting body)
    go. Their choice not to be emailed stays, so nothing starts again."""
    deleted, _ = OutboxMessage.objects.filter(stakeholder=stakeholder).delete()
    return deleted
