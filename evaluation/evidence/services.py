"""Writes to evaluation evidence: quotes with their redactions and consent, documents,
themes, evaluation stages and member checking, and the audit trail."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.concurrency import versioned_update
from coproduce.tokens import closing_moment, find_by_token, link_expiry, new_token
from evaluation.evidence.uploads import check_upload
from evaluation.models import (
    CONSENT_OPENNESS,
    ROLE_NOT_RECORDED,
    Consent,
    ConsentRecord,
    DatePrecision,
    Document,
    EvaluationStage,
    Invitation,
    InvitationCount,
    Quote,
    Theme,
    ThemeReview,
    token_hash,
)
from projects.models import Programme, Project, RoleCategory, Stakeholder

ERASED_REFUSED = "This person's details were erased, so they cannot be sent links."


def unique_name_error(model_label: str) -> ValidationError:
    return ValidationError(
        {"name": f"There is already a {model_label} with this name."}
    )


# --- When people's words may no longer be shown as they were ------------------------
# Reports already made must be withdrawn in the same transaction as the change that
# forbids them. Reports sit above evidence (import-linter: evidence may not import
# them), so the reports feature adds its step here when Django starts (see
# evaluation/apps.py: evaluation.reports.services.report_withdraw_for_people). Each
# step is called with the keyword arguments stakeholder_ids, quote_ids, reason, by.
WORDS_WITHDRAWN_STEPS: list[Callable[..., object]] = []

CONSENT_WITHDRAWN = "a participant withdrew consent to be quoted"
CONSENT_NARROWED = "a participant narrowed their consent to be quoted"
QUOTE_DELETED = "a quote in it was deleted"
QUOTE_HIDDEN = "more of a participant's words are now hidden"


def words_withdrawn_notify(
    *, stakeholder_ids=(), quote_ids=(), reason: str, by=None
) -> None:
    """Tell the features above evidence that these people's words (or these quotes)
    may no longer be shown as before. ``reason`` completes "Withdrawn because ..."."""
    for step in WORDS_WITHDRAWN_STEPS:
        step(
            stakeholder_ids=list(stakeholder_ids),
            quote_ids=list(quote_ids),
            reason=reason,
            by=by,
        )


def _hidden_phrases(text: str, redactions) -> set[str]:
    return {text[span["start"] : span["end"]] for span in redactions or []}


def evidence_check_belongs(project: Project, quotes, documents) -> None:
    if any(q.project_id != project.pk for q in quotes):
        raise ValidationError({"quotes": "Choose quotes from this project."})
    if any(d.project_id != project.pk for d in documents):
        raise ValidationError({"documents": "Choose documents from this project."})


def redactions_from_lines(text: str, lines: str) -> list[dict]:
    """Turn lines like ``Sheffield => name of city`` into spans of ``text``.

    Every occurrence of the words before ``=>`` is hidden behind ``[label]``.
    """
    spans: list[dict] = []
    for number, raw in enumerate(lines.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "=>" not in line:
            raise ValidationError(
                {
                    "redactions": f"Line {number}: write the words to hide, then =>, "
                    "then the placeholder, e.g. Sheffield => name of city."
                }
            )
        phrase, label = (part.strip() for part in line.split("=>", 1))
        label = label.strip("[] ")
        if not phrase or not label:
            raise ValidationError(
                {"redactions": f"Line {number}: both parts are needed."}
            )
        start = text.find(phrase)
        if start < 0:
            raise ValidationError(
                {"redactions": f"Line {number}: “{phrase}” is not in the quote."}
            )
        while start >= 0:
            end = start + len(phrase)
            if any(s["start"] < end and start < s["end"] for s in spans):
                raise ValidationError(
                    {"redactions": f"Line {number}: “{phrase}” overlaps another line."}
                )
            spans.append({"start": start, "end": end, "label": label})
            start = text.find(phrase, end)
    return sorted(spans, key=lambda s: s["start"])


def redaction_lines(quote: Quote) -> str:
    """The form's text for the quote's redactions (one line per distinct phrase)."""
    seen: dict[str, str] = {}
    for span in quote.redactions or []:
        phrase = quote.text[span["start"] : span["end"]]
        seen.setdefault(phrase, span["label"])
    return "\n".join(f"{phrase} => {label}" for phrase, label in seen.items())


def consent_ceiling(stakeholder: Stakeholder | None) -> str | None:
    """The most open consent the person's latest record allows (None: no record)."""
    if stakeholder is None:
        return None
    record = (
        ConsentRecord.objects.filter(stakeholder=stakeholder)
        .order_by("-recorded_on", "-id")
        .first()
    )
    return record.consent if record else None


def _check_quote(project: Project, data: dict, themes, observations) -> None:
    stakeholder = data.get("stakeholder")
    if stakeholder is not None and stakeholder.programme_id != project.programme_id:
        raise ValidationError({"stakeholder": "Choose a person from this programme."})
    document = data.get("document")
    if document is not None and document.project_id != project.pk:
        raise ValidationError({"document": "Choose a document of this project."})
    if any(t.programme_id != project.programme_id for t in themes):
        raise ValidationError({"themes": "Choose themes of this programme."})
    if any(o.project_id != project.pk for o in observations):
        raise ValidationError({"observations": "Choose observations of this project."})
    ceiling = consent_ceiling(stakeholder)
    if (
        ceiling is not None
        and CONSENT_OPENNESS[data["consent"]] > CONSENT_OPENNESS[ceiling]
    ):
        raise ValidationError(
            {
                "consent": "This person's latest consent record says "
                f"“{Consent(ceiling).label}”; the quote cannot be more open than that."
            }
        )


QUOTE_FIELDS = [
    "text",
    "source",
    "said_on",
    "role_category",
    "stakeholder",
    "consent",
    "document",
]


@transaction.atomic
def quote_create(
    *,
    project: Project,
    data: dict,
    redaction_text: str = "",
    themes=(),
    observations=(),
    user=None,
) -> Quote:
    """Record a quote with its redactions, consent, themes and observations."""
    _check_quote(project, data, themes, observations)
    quote = Quote.objects.create(
        project=project,
        recorded_by=user,
        redactions=redactions_from_lines(data["text"], redaction_text),
        **{f: data.get(f) for f in QUOTE_FIELDS},
    )
    quote.themes.set(themes)
    quote.observations.set(observations)
    return quote


@transaction.atomic
def quote_update(
    *,
    quote: Quote,
    data: dict,
    redaction_text: str = "",
    themes=(),
    observations=(),
    seen_version: int | None,
    user=None,
) -> None:
    """Save a quote unless someone else changed it since the form was opened."""
    project = quote.project
    _check_quote(project, data, themes, observations)
    before = Quote.objects.filter(pk=quote.pk).values("consent", "text", "redactions")
    before = before.first() or {}
    redactions = redactions_from_lines(data["text"], redaction_text)
    versioned_update(
        quote,
        seen_version=seen_version,
        redactions=redactions,
        **{f: data.get(f) for f in QUOTE_FIELDS},
    )
    quote.themes.set(themes)
    quote.observations.set(observations)
    reason = None
    if CONSENT_OPENNESS[data["consent"]] < CONSENT_OPENNESS[before["consent"]]:
        reason = (
            CONSENT_WITHDRAWN
            if data["consent"] == Consent.MAY_NOT
            else CONSENT_NARROWED
        )
    elif _hidden_phrases(data["text"], redactions) - _hidden_phrases(
        before["text"], before["redactions"]
    ):
        reason = QUOTE_HIDDEN
    if reason:
        words_withdrawn_notify(quote_ids=[quote.pk], reason=reason, by=user)


@transaction.atomic
def quote_delete(*, quote: Quote, user=None) -> None:
    words_withdrawn_notify(quote_ids=[quote.pk], reason=QUOTE_DELETED, by=user)
    quote.delete()


def quote_coding_set(*, quote: Quote, themes) -> None:
    """Code a quote to these themes (replacing its codes).

    The quote's edit version moves on, so a quote form opened before is refused
    rather than overwriting the new codes (the history records the links)."""
    if any(t.programme_id != quote.project.programme_id for t in themes):
        raise ValidationError({"themes": "Choose themes of this programme."})
    quote.themes.set(themes)
    Quote.objects.filter(pk=quote.pk).update(edit_version=F("edit_version") + 1)


@transaction.atomic
def consent_record_create(
    *, programme: Programme, data: dict, user=None
) -> ConsentRecord:
    """Record consent. A stricter record makes the person's existing quotes stricter."""
    stakeholder = data.get("stakeholder")
    if stakeholder is not None and stakeholder.programme_id != programme.pk:
        raise ValidationError({"stakeholder": "Choose a person from this programme."})
    role = data.get("role_category") or (stakeholder and stakeholder.role_category)
    if not role:
        raise ValidationError({"role_category": "Choose the person's role."})
    record = ConsentRecord.objects.create(
        programme=programme,
        stakeholder=stakeholder,
        role_category=role,
        consent=data["consent"],
        recorded_on=data.get("recorded_on") or timezone.localdate(),
        how=data["how"],
        note=data.get("note", ""),
        recorded_by=user,
    )
    if stakeholder is not None:
        allowed = CONSENT_OPENNESS[record.consent]
        stricter = [v for v, n in CONSENT_OPENNESS.items() if n > allowed]
        narrowed = Quote.objects.filter(
            stakeholder=stakeholder, consent__in=stricter
        ).update(consent=record.consent, edit_version=F("edit_version") + 1)
        if narrowed:  # reports made before may show these words too openly
            words_withdrawn_notify(
                stakeholder_ids=[stakeholder.pk],
                reason=CONSENT_WITHDRAWN
                if record.consent == Consent.MAY_NOT
                else CONSENT_NARROWED,
                by=user,
            )
    return record


@transaction.atomic
def document_upload(*, project: Project, uploaded, data: dict, user=None) -> Document:
    """Check the file's real type and size, then store it through Django storage."""
    kind = check_upload(uploaded)
    document = Document(
        project=project,
        title=data["title"],
        kind=data["kind"],
        description=data.get("description", ""),
        original_name=(uploaded.name or "file")[-255:],
        content_type=kind.content_type,
        size=uploaded.size,
        uploaded_by=user,
    )
    document.file.save(uploaded.name, uploaded, save=False)
    document.save()
    return document


def document_delete(*, document: Document, user=None) -> None:
    """Delete the row and its stored file."""
    name = document.file.name
    storage = document.file.storage
    with transaction.atomic():
        document.delete()
    transaction.on_commit(lambda: storage.delete(name))


def theme_save(
    *, programme: Programme, data: dict, theme: Theme | None = None
) -> Theme:
    """Create or change a theme; a theme cannot sit under itself or its sub-themes."""
    parent = data.get("parent")
    if parent is not None:
        if parent.programme_id != programme.pk:
            raise ValidationError({"parent": "Choose a theme of this programme."})
        ancestor = parent
        while ancestor is not None and theme is not None:
            if ancestor.pk == theme.pk:
                raise ValidationError(
                    {"parent": "A theme cannot sit under itself or its sub-themes."}
                )
            ancestor = ancestor.parent
    clash = Theme.objects.filter(programme=programme, parent=parent, name=data["name"])
    if theme is not None:
        clash = clash.exclude(pk=theme.pk)
    if clash.exists():
        raise unique_name_error("theme at this level")
    if theme is None:
        return Theme.objects.create(programme=programme, **data)
    for field, value in data.items():
        setattr(theme, field, value)
    theme.save(update_fields=list(data))
    return theme


LINK_DAYS = 21


@transaction.atomic
def stage_save(
    *, programme: Programme, data: dict, themes=(), stage: EvaluationStage | None = None
) -> EvaluationStage:
    if any(t.programme_id != programme.pk for t in themes):
        raise ValidationError({"themes": "Choose themes of this programme."})
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": "The closing date is before the start."})
    _stated_totals_check(data)
    if stage is None:
        stage = EvaluationStage.objects.create(programme=programme, **data)
    else:
        for field, value in data.items():
            setattr(stage, field, value)
        stage.save(update_fields=list(data))
        _links_cut_to_closing(stage)
    stage.themes.set(themes)
    return stage


def _stated_totals_check(data: dict) -> None:
    invited, took_part = data.get("stated_invited"), data.get("stated_took_part")
    if invited is not None and took_part is not None and took_part > invited:
        raise ValidationError(
            {"stated_took_part": "More people took part than were invited."}
        )


# --- Published counts of invitations per group ----------------------------------------


def invitation_count_group_key(roles) -> str:
    """The stable key of a group: its roles sorted and joined with "+", or
    ``ROLE_NOT_RECORDED`` for a group whose role the source does not record."""
    return "+".join(sorted(set(roles))) or ROLE_NOT_RECORDED


def _count_checked(stage: EvaluationStage, data: dict, count=None) -> dict:
    """The row's values, normalised, or ValidationError naming the field."""
    roles = [r for r in data.get("roles") or [] if r != ROLE_NOT_RECORDED]
    unknown = set(roles) - set(RoleCategory.values)
    if unknown:
        raise ValidationError({"roles": f"Unknown role: {', '.join(sorted(unknown))}."})
    roles = sorted(set(roles), key=RoleCategory.values.index)
    invited, took_part = data.get("invited"), data.get("took_part")
    if invited is None or invited < 0:
        raise ValidationError({"invited": "Give how many were invited (0 or more)."})
    if took_part is None or took_part < 0:
        raise ValidationError({"took_part": "Give how many took part (0 or more)."})
    if took_part > invited:
        raise ValidationError({"took_part": "More people took part than were invited."})
    key = invitation_count_group_key(roles)
    clash = stage.invitation_counts.filter(group_key=key)
    if count is not None:
        clash = clash.exclude(pk=count.pk)
    if clash.exists():
        raise ValidationError(
            {"roles": "This stage already has figures for this group: change those."}
        )
    precision = data.get("counted_on_precision") or DatePrecision.DAY
    counted_on = data.get("counted_on")
    if counted_on is not None and precision == DatePrecision.MONTH:
        counted_on = counted_on.replace(day=1)
    return {
        "group_key": key,
        "roles": roles,
        "label": (data.get("label") or "").strip(),
        "invited": invited,
        "took_part": took_part,
        "counted_on": counted_on,
        "counted_on_precision": precision,
        "note": (data.get("note") or "").strip(),
    }


def invitation_count_create(
    *, stage: EvaluationStage, data: dict, user=None
) -> InvitationCount:
    """Record a stage's published figures for one group (invited, took part)."""
    values = _count_checked(stage, data)
    return InvitationCount.objects.create(stage=stage, recorded_by=user, **values)


def invitation_count_update(
    *, count: InvitationCount, data: dict, seen_version: int | None
) -> InvitationCount:
    """Change one group's figures unless someone else saved them since the form was
    opened (``EditConflict``)."""
    values = _count_checked(count.stage, data, count)
    versioned_update(count, seen_version=seen_version, **values)
    return count


def invitation_count_delete(*, count: InvitationCount) -> None:
    count.delete()


def invitation_create(
    *,
    stage: EvaluationStage,
    stakeholder: Stakeholder | None = None,
    role_category: str = "",
    invited_on=None,
    took_part: bool = False,
) -> Invitation:
    """Invite a person (or record an invitation by role only) to an evaluation stage."""
    if stakeholder is not None:
        if stakeholder.programme_id != stage.programme_id:
            raise ValidationError({"stakeholder": "Choose a person of this programme."})
        if stakeholder.is_erased:
            raise ValidationError({"stakeholder": ERASED_REFUSED})
        if stage.invitations.filter(stakeholder=stakeholder).exists():
            raise ValidationError(
                {"stakeholder": f"{stakeholder} is already invited to this stage."}
            )
        role_category = role_category or stakeholder.role_category
    if not role_category:
        raise ValidationError({"role_category": "Choose the person's role."})
    return Invitation.objects.create(
        stage=stage,
        stakeholder=stakeholder,
        role_category=role_category,
        invited_on=invited_on or timezone.localdate(),
        took_part=took_part,
    )


@transaction.atomic
def invitations_create(
    *,
    stage: EvaluationStage,
    stakeholder: Stakeholder | None = None,
    role_category: str = "",
    took_part: bool = False,
    number: int = 1,
) -> list[Invitation]:
    """Invite a named person, or record ``number`` invitations by role only."""
    count = 1 if stakeholder is not None else number
    return [
        invitation_create(
            stage=stage,
            stakeholder=stakeholder,
            role_category=role_category,
            took_part=took_part,
        )
        for _ in range(count)
    ]


def invitation_took_part_set(*, invitation: Invitation, took_part: bool) -> None:
    invitation.took_part = took_part
    invitation.save(update_fields=["took_part"])


def _link_expiry(stage: EvaluationStage):
    return link_expiry(days=LINK_DAYS, closes_on=stage.ends_on)


def _links_cut_to_closing(stage: EvaluationStage) -> int:
    """Links already sent stop by the stage's (new) closing day. Returns how many
    were shortened."""
    if not stage.ends_on:
        return 0
    closes = closing_moment(stage.ends_on)
    return stage.invitations.filter(link_expires_at__gt=closes).update(
        link_expires_at=closes
    )


@transaction.atomic
def invitation_link_issue(*, invitation: Invitation, by=None) -> str:
    """Give the invitation a new personal review link; the old one stops working.

    Returns the token. Only its hash is stored, so the link can be shown just once.
    ``by`` (who sends the link) is kept: only they see by name who replied.
    """
    if not invitation.stage.is_member_checking:
        raise ValidationError("Review links are for member-checking stages only.")
    if invitation.stakeholder_id and invitation.stakeholder.is_erased:
        raise ValidationError(ERASED_REFUSED)
    token = new_token()
    invitation.token_hash = token_hash(token)
    invitation.link_expires_at = _link_expiry(invitation.stage)
    invitation.link_revoked_at = None
    invitation.link_sent_by = by
    invitation.save(
        update_fields=[
            "token_hash",
            "link_expires_at",
            "link_revoked_at",
            "link_sent_by",
        ]
    )
    return token


def invitation_revoke(*, invitation: Invitation) -> None:
    invitation.link_revoked_at = timezone.now()
    invitation.save(update_fields=["link_revoked_at"])


def invitation_for_token(token: str) -> tuple[Invitation | None, str]:
    """The invitation for a review link and its state: 'active', 'expired',
    'revoked' or 'unknown' (no such link; a tampered token lands here)."""
    invitation = find_by_token(
        Invitation.objects.select_related(
            "stage__programme", "stakeholder__communication_needs"
        ),
        token,
    )
    if invitation is None:
        return None, "unknown"
    return invitation, invitation.link_state()


@transaction.atomic
def review_submit(
    *, invitation: Invitation, answers: dict, general_comment: str = ""
) -> None:
    """Save a respondent's verdict and comment per draft theme (editable until the
    link expires). ``answers`` maps theme id to (verdict, comment)."""
    if invitation.link_state() != "active":
        raise ValidationError(_("This review link no longer works."))
    allowed = {t.pk: t for t in invitation.stage.themes.all()}
    for theme_id, (verdict, comment) in answers.items():
        if theme_id not in allowed:
            raise ValidationError(_("One of the themes is not part of this review."))
        if not verdict:
            continue
        ThemeReview.objects.update_or_create(
            invitation=invitation,
            theme=allowed[theme_id],
            defaults={"verdict": verdict, "comment": comment.strip()[:2000]},
        )
    invitation.general_comment = general_comment.strip()[:4000]
    invitation.took_part = True
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["general_comment", "took_part", "responded_at"])
