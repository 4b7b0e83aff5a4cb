"""Reads for email: how sending went for a round or a member-checking stage."""

from django.db.models import Count

from evaluation.models import MailOptOut, OutboxMessage, OutboxStatus

PROBLEMS = (OutboxStatus.FAILED, OutboxStatus.GAVE_UP)
# At most this many problems are listed by name on a page; the count covers all.
PROBLEMS_SHOWN = 20


def _summary(messages) -> dict:
    """Counts by state and the messages that could not be sent (two queries)."""
    counts = dict(messages.order_by().values_list("status").annotate(n=Count("id")))
    problems = list(
        messages.filter(status__in=PROBLEMS)
        .select_related("stakeholder", "user")
        .order_by("-next_try_at", "-id")[:PROBLEMS_SHOWN]
    )
    return {
        "total": sum(counts.values()),
        "sent": counts.get(OutboxStatus.SENT, 0),
        "waiting": counts.get(OutboxStatus.QUEUED, 0)
        + counts.get(OutboxStatus.SENDING, 0),
        "failed": counts.get(OutboxStatus.FAILED, 0)
        + counts.get(OutboxStatus.GAVE_UP, 0),
        "problems": problems,
    }


def round_mail_summary(scoring_round) -> dict:
    return _summary(OutboxMessage.objects.filter(scoring_round=scoring_round))


def stage_mail_summary(stage) -> dict:
    return _summary(OutboxMessage.objects.filter(review_stage=stage))


def round_mail_problems(scoring_round):
    return OutboxMessage.objects.filter(
        scoring_round=scoring_round, status__in=PROBLEMS
    )


def stage_mail_problems(stage):
    return OutboxMessage.objects.filter(review_stage=stage, status__in=PROBLEMS)


def opted_out_kinds(*, user=None, stakeholder=None) -> set[str]:
    who = {"user": user} if user is not None else {"stakeholder": stakeholder}
    return set(MailOptOut.objects.filter(**who).values_list("kind", flat=True))
