"""Reads for personal data: everything held about one person (for a subject access
download), and the people whose retention period has ended."""

import datetime as dt

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from evaluation.models import (
    DimensionScore,
    Document,
    ErasureRecord,
    Quote,
    ReportJob,
    ReportVoice,
    SubjectAccessJob,
    ThemeReview,
)
from projects.models import (
    Activity,
    NeedArrangement,
    Programme,
    ProjectComment,
    Stakeholder,
)
from projects.models import Invitation as AccountInvitation

# Never in a download: link secrets (only their hashes are stored, but a hash still
# lets someone test a guessed link).
SECRET_FIELDS = {"token_hash", "claim"}
# Rows about the download itself are not part of what is held about the person.
NOT_PERSONAL = {SubjectAccessJob}


def row_values(obj: Model) -> dict:
    """Every stored field of a row by its name (``project_id`` for a link), less
    secrets."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = getattr(obj, field.attname)
        if hasattr(value, "name") and field.get_internal_type() == "FileField":
            value = value.name or ""
        values[field.attname] = value
    return values


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def _person_row(person: Stakeholder) -> dict:
    row = row_values(person)
    row["organisation"] = person.organisation.name if person.organisation else ""
    row["seldom_heard_groups"] = [g.name for g in person.seldom_heard_groups.all()]
    row["role_category_label"] = person.get_role_category_display()
    return row


def _linked_querysets(person: Stakeholder) -> list[tuple[type, QuerySet]]:
    """Every table that points at the person, found through the model graph so a new
    model's rows are included without changes here, then the rows that hang off
    those (scores of their answers, reviews of their invitations, documents their
    quotes came from) and account invitations sent to their email address."""
    found = []
    for rel in person._meta.related_objects:
        model = rel.related_model
        if model in NOT_PERSONAL:
            continue
        # A many-to-many with its own model (attendance) is reached through that
        # model's link to the person; a plain one (people who made a decision) gives
        # the rows that name the person.
        if rel.many_to_many and not rel.through._meta.auto_created:
            continue
        found.append((model, model._default_manager.filter(**{rel.field.name: person})))
    found += [
        (DimensionScore, DimensionScore.objects.filter(response__stakeholder=person)),
        (ThemeReview, ThemeReview.objects.filter(invitation__stakeholder=person)),
        (Document, person_documents(person)),
        (
            NeedArrangement,
            NeedArrangement.objects.filter(needs__stakeholder=person),
        ),
    ]
    if person.email:
        found.append(
            (
                AccountInvitation,
                AccountInvitation.objects.filter(
                    programme_id=person.programme_id, email__iexact=person.email
                ),
            )
        )
    found.append((ReportJob, reports_with_words_of(person)))
    return found


def person_documents(person: Stakeholder) -> QuerySet[Document]:
    """Uploaded documents the person appears in: those their quotes were taken from."""
    return Document.objects.filter(
        pk__in=Quote.objects.filter(stakeholder=person).values("document_id")
    ).order_by("pk")


def reports_with_words_of(person: Stakeholder) -> QuerySet[ReportJob]:
    """Reports made with the person's words in them (withdrawn ones included)."""
    return ReportJob.objects.filter(
        pk__in=ReportVoice.objects.filter(
            Q(stakeholder=person) | Q(quote__stakeholder=person)
        ).values("job_id")
    ).order_by("pk")


def subject_access_data(person: Stakeholder) -> dict[str, list[dict]]:
    """Everything held about the person: model label to a list of rows, each row
    every field by name. The person's own row comes first."""
    data = {_label(Stakeholder): [_person_row(person)]}
    for model, queryset in _linked_querysets(person):
        rows = [row_values(obj) for obj in queryset.order_by("pk")]
        if rows:
            data.setdefault(_label(model), []).extend(rows)
    return data


# Headings for the summary where the model's own name would be unclear to the person.
SECTION_TITLES = {
    "projects.Stakeholder": "Your details",
    "projects.ProjectStakeholder": "Projects you are involved in",
    "projects.Attendance": "Activities you attended",
    "projects.Invitation": "Invitations to sign in",
    "evaluation.Quote": "Quotes of your words",
    "evaluation.ConsentRecord": "What you agreed to about quoting you",
    "evaluation.RoundInvitation": "Links to score co-production",
    "evaluation.RoundResponse": "Your answers in scoring rounds",
    "evaluation.DimensionScore": "Your scores and comments",
    "evaluation.Invitation": "Invitations to take part in the evaluation",
    "evaluation.ThemeReview": "Your views on the draft themes",
    "evaluation.Document": "Documents your quotes come from",
    "evaluation.ReportJob": "Reports that may contain your words",
    "evaluation.ErasureRecord": "Erasure of your details",
    "projects.CommunicationNeeds": "How you like to receive information and take part",
    "projects.NeedArrangement": "What was arranged for your needs",
    "evaluation.Decision": "Decisions you are named as having made",
}


def subject_access_sections(data: dict[str, list[dict]]) -> list[dict]:
    """The same data with readable headings, for the HTML summary."""
    from django.apps import apps

    sections = []
    for label, rows in data.items():
        model = apps.get_model(label)
        sections.append(
            {
                "label": label,
                "title": SECTION_TITLES.get(
                    label, str(model._meta.verbose_name_plural).capitalize()
                ),
                "rows": [
                    [(name.replace("_", " "), value) for name, value in row.items()]
                    for row in rows
                ],
            }
        )
    return sections


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has fewer)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def retention_ends_on(programme: Programme) -> dt.date | None:
    """The day the programme's people's data is due for erasure, or None."""
    if programme.closed_on is None or programme.retention_months is None:
        return None
    return add_months(programme.closed_on, programme.retention_months)


def retention_due(today: dt.date | None = None) -> list[Stakeholder]:
    """People not yet erased in programmes whose retention period has ended."""
    today = today or timezone.localdate()
    programmes = [
        programme
        for programme in Programme.objects.filter(
            closed_on__isnull=False, retention_months__isnull=False
        )
        if retention_ends_on(programme) <= today
    ]
    return list(
        Stakeholder.objects.filter(programme__in=programmes, erased_at__isnull=True)
        .select_related("programme")
        .order_by("programme__name", "pk")
    )


def erasure_for(person: Stakeholder) -> ErasureRecord | None:
    return (
        ErasureRecord.objects.select_related("erased_by")
        .filter(stakeholder=person)
        .first()
    )


def erasure_preview(person: Stakeholder) -> list[tuple[str, int]]:
    """What an erasure will touch, as counts for the confirmation page."""
    counts = [
        ("quotes of their words", Quote.objects.filter(stakeholder=person).count()),
        (
            "answers in scoring rounds (the scores stay, comments go)",
            person.round_responses.count(),
        ),
        (
            "scoring links still working (withdrawn)",
            person.round_invitations.filter(revoked_at=None).count(),
        ),
        (
            "evaluation invitations (review links withdrawn, comments go)",
            person.evaluation_invitations.count(),
        ),
        ("consent records (notes go)", person.consent_records.count()),
        (
            "activities they attended (the attendance counts stay)",
            person.attendances.count(),
        ),
        (
            "earlier downloads of their data (deleted)",
            person.subject_access_jobs.count(),
        ),
    ]
    return [(label, count) for label, count in counts if count]


def programme_erasures(programme: Programme) -> QuerySet[ErasureRecord]:
    return ErasureRecord.objects.filter(programme=programme).select_related(
        "erased_by"
    )[:20]


def records_naming(person: Stakeholder, *, limit: int = 20) -> list[tuple[str, object]]:
    """Other records of the programme whose text names the person (someone else's
    quote, an activity's notes, a comment): erasure does not rewrite what other
    people wrote, so the erase page lists these to check by hand. Each is
    ``(kind, row)``; at most ``limit`` of each kind."""
    name = person.display_name.strip()
    if len(name) < 3:
        return []
    found = [
        ("Quote", quote)
        for quote in Quote.objects.filter(
            project__programme=person.programme_id, text__icontains=name
        )
        .exclude(stakeholder=person)
        .select_related("project")[:limit]
    ]
    activity_text = Q()
    for field in ("title", "purpose", "outputs", "reflection", "co_constructed_by"):
        activity_text |= Q(**{f"{field}__icontains": name})
    found += [
        ("Activity", activity)
        for activity in Activity.objects.filter(
            activity_text, project__programme=person.programme_id
        ).select_related("project")[:limit]
    ]
    found += [
        ("Comment", comment)
        for comment in ProjectComment.objects.filter(
            project__programme=person.programme_id, body__icontains=name
        ).select_related("project")[:limit]
    ]
    return found
