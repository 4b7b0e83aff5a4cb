"""Evidence for the evaluation: theory of change, outcome indicators and contribution
claims, documents, quotes, themes, evaluation stages with member checking, consent
records and the audit trail of who looked at or changed sensitive evidence."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce import history
from coproduce.text import TEXT_LIMIT
from evaluation.models.factors import FactorObservation
from projects.models import Programme, Project, RoleCategory, Stakeholder

# --- Theory of change and contribution ---------------------------------------------


@history.track(programme="programme")
class TheoryVersion(models.Model):
    """One dated version of a programme's theory of change."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="theory_versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(
        max_length=160, help_text="For example 'Original theory' or 'Revised in 2019'."
    )
    dated = models.DateField("date agreed")
    note = models.TextField(
        "what changed and why",
        blank=True,
        max_length=TEXT_LIMIT,
        help_text="What was learned that led to this version.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="unique_theory_version"
            )
        ]

    def __str__(self):
        return f"{self.title} (version {self.number})"


def _lines(text: str) -> list[str]:
    return [line.strip(" •-\t") for line in text.splitlines() if line.strip(" •-\t")]


@history.track(programme="version__programme")
class TheoryStatement(models.Model):
    """IF the programme does this, THEN this changes, WHEN these conditions hold,
    BECAUSE of these signs we can observe."""

    version = models.ForeignKey(
        TheoryVersion, on_delete=models.CASCADE, related_name="statements"
    )
    position = models.PositiveIntegerField(default=0)
    if_text = models.TextField("IF (what the programme does)", max_length=2000)
    then_text = models.TextField("THEN (the change we expect)", max_length=2000)
    when_text = models.TextField(
        "WHEN (conditions that need to hold)",
        blank=True,
        max_length=4000,
        help_text="One condition per line.",
    )
    because_text = models.TextField(
        "BECAUSE (signs we can observe)",
        blank=True,
        max_length=4000,
        help_text="One sign per line. Signs can become outcome indicators.",
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"IF {self.if_text[:60]}"

    def when_items(self) -> list[str]:
        return _lines(self.when_text)

    def because_items(self) -> list[str]:
        return _lines(self.because_text)


@history.track(programme="programme")
class OutcomeIndicator(models.Model):
    """An outcome sign that projects are judged against, usually from a BECAUSE."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="outcome_indicators"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=TEXT_LIMIT)
    statement = models.ForeignKey(
        TheoryStatement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        verbose_name="from the theory-of-change statement",
    )
    position = models.PositiveIntegerField(default=0)
    # Retired indicators are kept (never deleted) so claims made against them stay
    # readable; they are no longer offered for new claims.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="unique_indicator_name"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class ClaimStatus(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PARTLY = "partly", "Partly achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    TOO_EARLY = "too_early", "Too early to tell"


class ContributionLevel(models.TextChoices):
    NONE = "none", "None"
    SOME = "some", "Some"
    SIGNIFICANT = "significant", "Significant"
    ESSENTIAL = "essential", "Essential"


# --- Documents and quotes -------------------------------------------------------------


class DocumentKind(models.TextChoices):
    BRIEF = "brief", "Brief"
    MEETING_NOTES = "meeting_notes", "Meeting notes"
    PRESENTATION = "presentation", "Presentation"
    FINAL_REPORT = "final_report", "Final report"
    PHOTO = "photo", "Photo"
    DRAWING = "drawing", "Drawing"
    OTHER = "other", "Other"


def document_upload_to(instance, filename: str) -> str:
    """A random name: the original name is kept in the row, never in the path."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/evidence/{instance.project_id}/{uuid.uuid4().hex}.{suffix}"


@history.track(programme="project__programme", project="project", m2m=("observations",))
class Document(models.Model):
    """An uploaded file kept as evidence. Served only through a permission check."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="evidence_documents"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    description = models.TextField(blank=True, max_length=2000)
    file = models.FileField(upload_to=document_upload_to, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("size in bytes")
    observations = models.ManyToManyField(
        FactorObservation, blank=True, related_name="documents"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title


class QuoteSource(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    WORKSHOP = "workshop", "Workshop"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    REFLECTIVE_NOTE = "reflective_note", "Reflective note"
    DOCUMENT = "document", "Document"


class Consent(models.TextChoices):
    MAY_QUOTE = "may_quote", "May quote"
    ANONYMOUS = "anonymous", "May quote anonymously"
    MAY_NOT = "may_not", "May not quote"


# From the most open to the most closed: a quote may not be more open than the
# speaker's latest consent record.
CONSENT_OPENNESS = {Consent.MAY_QUOTE: 2, Consent.ANONYMOUS: 1, Consent.MAY_NOT: 0}


@history.track(programme="programme")
class Theme(models.Model):
    """A theme, sub-theme or code in a programme's thematic analysis (a tree)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="themes"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name="part of theme",
    )
    name = models.CharField(max_length=160)
    description = models.TextField(
        blank=True,
        max_length=3000,
        help_text="In plain words: respondents read this when they check the themes.",
    )
    # Welsh and easy-read texts for the review page; empty falls back to English.
    name_cy = models.CharField("name in Welsh", max_length=160, blank=True)
    name_easy = models.CharField("name in easy read", max_length=160, blank=True)
    description_cy = models.TextField(
        "description in Welsh", blank=True, max_length=3000
    )
    description_easy = models.TextField(
        "description in easy read",
        blank=True,
        max_length=3000,
        help_text="Short sentences, one idea each, everyday words.",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "parent", "name"], name="unique_theme_name"
            )
        ]

    def __str__(self):
        return self.name


@history.track(
    programme="project__programme",
    project="project",
    person="stakeholder",
    m2m=("themes", "observations"),
    withhold=("text",),
)
class Quote(models.Model):
    """Something a person said or wrote, attributed by role only.

    ``redactions`` holds spans of ``text`` (``start``, ``end``, ``label``) that are
    replaced by ``[label]`` wherever the quote is shown or exported.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="quotes"
    )
    text = models.TextField(max_length=4000)
    redactions = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=16, choices=QuoteSource.choices)
    said_on = models.DateField("date", null=True, blank=True)
    role_category = models.CharField(
        "speaker's role", max_length=24, choices=RoleCategory.choices
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        verbose_name="speaker (optional)",
    )
    consent = models.CharField(
        max_length=16, choices=Consent.choices, default=Consent.ANONYMOUS
    )
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        verbose_name="taken from document",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="quotes")
    observations = models.ManyToManyField(
        FactorObservation, blank=True, related_name="quotes"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-said_on", "-id"]

    def __str__(self):
        return f"“{self.shown_text()[:60]}” ({self.get_role_category_display()})"

    def shown_text(self) -> str:
        """The text with every redaction replaced by its bracketed placeholder."""
        text = self.text
        spans = sorted(
            (r for r in self.redactions or [] if 0 <= r["start"] < r["end"]),
            key=lambda r: r["start"],
            reverse=True,
        )
        last_start = len(text) + 1
        for span in spans:
            if span["end"] > last_start:  # overlapping span: the earlier one wins
                continue
            text = f"{text[: span['start']]}[{span['label']}]{text[span['end'] :]}"
            last_start = span["start"]
        return text

    @property
    def attribution(self) -> str:
        return self.get_role_category_display()

    @property
    def may_be_shown_to_readers(self) -> bool:
        return self.consent != Consent.MAY_NOT


@history.track(
    programme="project__programme", project="project", m2m=("quotes", "documents")
)
class ContributionClaim(models.Model):
    """Did a project achieve an outcome, and how much did the programme contribute?"""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="contribution_claims"
    )
    indicator = models.ForeignKey(
        OutcomeIndicator, on_delete=models.CASCADE, related_name="claims"
    )
    # The indicator's name when the claim was made or last edited: renaming the
    # indicator later does not change what this claim was made against.
    indicator_wording = models.CharField(
        "indicator as worded for this claim", max_length=200, blank=True
    )
    status = models.CharField(max_length=16, choices=ClaimStatus.choices)
    contribution = models.CharField(
        "how much the programme contributed",
        max_length=16,
        choices=ContributionLevel.choices,
    )
    narrative = models.TextField(
        "the story of the contribution",
        max_length=4000,
        help_text="What happened, what the programme did, and what else played a part.",
    )
    quotes = models.ManyToManyField(Quote, blank=True, related_name="claims")
    documents = models.ManyToManyField(Document, blank=True, related_name="claims")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edit_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__position", "indicator__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "indicator"], name="unique_claim_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.project}: {self.indicator} ({self.get_status_display()})"

    @property
    def wording_changed(self) -> bool:
        """True when the indicator was renamed after this claim was made."""
        return bool(self.indicator_wording) and (
            self.indicator_wording != self.indicator.name
        )


# --- Evaluation stages and member checking ---------------------------------------------


class EvaluationStageKind(models.TextChoices):
    INTERVIEWS = "interviews", "Interviews"
    WORKSHOPS = "workshops", "Workshops"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"
    MEMBER_CHECKING = "member_checking", "Member checking"
    OTHER = "other", "Other"


@history.track(programme="programme", m2m=("themes",))
class EvaluationStage(models.Model):
    """A stage of the evaluation (interviews, workshops, member checking...)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="evaluation_stages"
    )
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=16, choices=EvaluationStageKind.choices)
    position = models.PositiveIntegerField(default=0)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(
        "closes on",
        null=True,
        blank=True,
        help_text="For member checking, review links stop working after this day.",
    )
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="review_stages",
        verbose_name="draft themes to review",
        help_text="Member checking only: the themes respondents are asked to review.",
    )
    # The stage's totals as a published source states them (may disagree with the
    # sum of its groups: pages and PDFs then say so rather than pick one).
    stated_invited = models.PositiveIntegerField(
        "total invited, as the source states it", null=True, blank=True
    )
    stated_took_part = models.PositiveIntegerField(
        "total who took part, as the source states it", null=True, blank=True
    )

    class Meta:
        ordering = ["position", "starts_on", "id"]

    def __str__(self):
        return self.name

    @property
    def is_member_checking(self) -> bool:
        return self.kind == EvaluationStageKind.MEMBER_CHECKING


@history.track(programme="stage__programme", person="stakeholder")
class Invitation(models.Model):
    """A person invited to take part in an evaluation stage.

    Member-checking invitations carry a personal link for people without accounts:
    only a SHA-256 hash of its token is stored; it expires and can be revoked.
    """

    stage = models.ForeignKey(
        EvaluationStage, on_delete=models.CASCADE, related_name="invitations"
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_invitations",
    )
    role_category = models.CharField(max_length=24, choices=RoleCategory.choices)
    invited_on = models.DateField(default=timezone.localdate)
    took_part = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    link_revoked_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    general_comment = models.TextField(blank=True, max_length=4000)
    # Who made the latest link: only they see by name who replied (coproduce.disclosure).
    link_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["role_category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="unique_invitation_token",
            )
        ]

    def __str__(self):
        who = self.stakeholder or self.get_role_category_display()
        return f"{who} invited to {self.stage}"

    def link_state(self, now=None) -> str:
        """'none', 'revoked', 'expired' or 'active'."""
        now = now or timezone.now()
        if not self.token_hash:
            return "none"
        if self.link_revoked_at:
            return "revoked"
        if self.link_expires_at and self.link_expires_at <= now:
            return "expired"
        return "active"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month only"


# The group key of published figures whose people's role the source does not give.
ROLE_NOT_RECORDED = "not_recorded"


@history.track(programme="stage__programme")
class InvitationCount(models.Model):
    """Published figures for one group of an evaluation stage: how many people were
    invited and how many took part, as whole numbers, as the source gives them.

    ``roles`` lists the role values the group is made of: one role, several for a
    combined group ("arts managers / artists"), or none when the source does not
    record the role. ``group_key`` is those roles sorted and joined with "+"
    (``ROLE_NOT_RECORDED`` for none): one row per group and stage, and the key a
    spreadsheet import matches on.
    """

    stage = models.ForeignKey(
        EvaluationStage, on_delete=models.CASCADE, related_name="invitation_counts"
    )
    group_key = models.CharField(max_length=400, editable=False)
    roles = models.JSONField(default=list, blank=True)
    label = models.CharField(
        "group name",
        max_length=160,
        blank=True,
        help_text="As the source words it, for example 'Arts managers / artists'. "
        "Leave empty to use the roles' names.",
    )
    invited = models.PositiveIntegerField("invited")
    took_part = models.PositiveIntegerField("took part")
    counted_on = models.DateField("date", null=True, blank=True)
    counted_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stage", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "group_key"], name="unique_invitation_count_group"
            )
        ]

    def __str__(self):
        return f"{self.shown_label}: {self.took_part} of {self.invited}"

    @property
    def shown_label(self) -> str:
        if self.label:
            return self.label
        if not self.roles:
            return "Role not recorded"
        labels = dict(RoleCategory.choices)
        return " / ".join(labels.get(role, role) for role in self.roles)

    @property
    def shown_date(self) -> str:
        if self.counted_on is None:
            return ""
        if self.counted_on_precision == DatePrecision.MONTH:
            return self.counted_on.strftime("%B %Y")
        return f"{self.counted_on.day} {self.counted_on.strftime('%B %Y')}"


class ReviewVerdict(models.TextChoices):
    AGREE = "agree", _("I agree")
    DISAGREE = "disagree", _("I disagree")
    UNSURE = "unsure", _("Not sure")


@history.track(
    programme="invitation__stage__programme", person="invitation__stakeholder"
)
class ThemeReview(models.Model):
    """A respondent's view of one draft theme during member checking."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="reviews"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="reviews")
    verdict = models.CharField(max_length=8, choices=ReviewVerdict.choices)
    comment = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme__position", "theme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "theme"], name="unique_theme_review"
            )
        ]

    def __str__(self):
        return f"{self.get_verdict_display()}: {self.theme}"


# --- Consent and audit ----------------------------------------------------------------


@history.track(programme="programme", person="stakeholder")
class ConsentRecord(models.Model):
    """What a person agreed to about quoting them. The newest record counts."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="consent_records"
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consent_records",
        verbose_name="person",
    )
    role_category = models.CharField(max_length=24, choices=RoleCategory.choices)
    consent = models.CharField(max_length=16, choices=Consent.choices)
    recorded_on = models.DateField(default=timezone.localdate)
    how = models.CharField(
        "how consent was given",
        max_length=200,
        help_text="For example 'signed form' or 'said so at the start of the interview'.",
    )
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]

    def __str__(self):
        return f"{self.stakeholder or self.get_role_category_display()}: {self.get_consent_display()}"
