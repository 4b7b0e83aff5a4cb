"""Co-production matrix scoring: frameworks, their versions, rounds and responses.

A framework belongs to a programme and has numbered versions. A version that a round
has used is never changed: editing it makes the next version, so old rounds keep the
meaning they were scored with. Scores point at the dimension and level rows of the
version they were given against.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from coproduce import history
from coproduce.text import TEXT_LIMIT
from coproduce.tokens import token_hash
from projects.models import DiamondStage, Programme, Project, RoleCategory, Stakeholder

__all__ = [
    "Framework",
    "FrameworkVersion",
    "MatrixLevel",
    "MatrixDimension",
    "MatrixDescriptor",
    "RoundStatus",
    "ScoringRound",
    "RoundStatusAction",
    "RoundStatusChange",
    "RoundInvitation",
    "RoundResponse",
    "DimensionScore",
    "token_hash",
]


@history.track(programme="programme")
class Framework(models.Model):
    """A programme's matrix (e.g. its copy of the co-production ladder)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="frameworks"
    )
    name = models.CharField(max_length=160)
    # Key of the shipped framework this was copied from, if any (see frameworks.py).
    source_key = models.CharField(max_length=40, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped on every save; a save carrying an older number is refused.
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="unique_framework_name"
            )
        ]

    def __str__(self):
        return self.name


@history.track(programme="framework__programme")
class FrameworkVersion(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    description = models.TextField(blank=True)
    change_note = models.CharField("what changed", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="unique_framework_version"
            )
        ]

    def __str__(self):
        return f"{self.framework} (version {self.number})"


@history.track(programme="version__framework__programme")
class MatrixLevel(models.Model):
    """A column: one step on the framework's scale, lowest first."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="levels"
    )
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    # Welsh and easy-read texts for participant pages; empty falls back to English.
    label_cy = models.CharField("name in Welsh", max_length=80, blank=True)
    label_easy = models.CharField("name in easy read", max_length=80, blank=True)
    description_cy = models.CharField("meaning in Welsh", max_length=300, blank=True)
    description_easy = models.CharField(
        "meaning in easy read", max_length=300, blank=True
    )

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="unique_level_position"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def number(self) -> int:
        """1 for the lowest level: the number results are computed on."""
        return self.position + 1


@history.track(programme="version__framework__programme")
class MatrixDimension(models.Model):
    """A row: one thing co-production needs, with the level aimed for."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="dimensions"
    )
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    name_cy = models.CharField("name in Welsh", max_length=160, blank=True)
    name_easy = models.CharField("name in easy read", max_length=160, blank=True)
    description_cy = models.TextField("meaning in Welsh", blank=True)
    description_easy = models.TextField("meaning in easy read", blank=True)
    target = models.ForeignKey(
        MatrixLevel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="target level",
    )

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="unique_dimension_position"
            )
        ]

    def __str__(self):
        return self.name


@history.track(programme="dimension__version__framework__programme")
class MatrixDescriptor(models.Model):
    """A cell: what a dimension looks like at a level."""

    dimension = models.ForeignKey(
        MatrixDimension, on_delete=models.CASCADE, related_name="descriptors"
    )
    level = models.ForeignKey(
        MatrixLevel, on_delete=models.CASCADE, related_name="descriptors"
    )
    text = models.TextField()
    text_cy = models.TextField("in Welsh", blank=True)
    text_easy = models.TextField("in easy read", blank=True)

    class Meta:
        ordering = ["dimension", "level__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "level"], name="unique_descriptor_cell"
            )
        ]

    def __str__(self):
        return f"{self.dimension} / {self.level}"


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


@history.track(programme="project__programme", project="project")
class ScoringRound(models.Model):
    """One occasion on which a project scores itself against a framework version."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="scoring_rounds"
    )
    number = models.PositiveIntegerField()
    version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name="framework",
    )
    held_on = models.DateField("date of the round")
    stage = models.CharField(
        "Double Diamond stage at the time",
        max_length=16,
        choices=DiamondStage.choices,
    )
    message = models.TextField(
        "message for people scoring",
        blank=True,
        max_length=TEXT_LIMIT,
        help_text=(
            "Shown at the start of the scoring page, also to people without an "
            "account. Do not include anything private."
        ),
    )
    closes_on = models.DateField(
        "personal links stop working after",
        null=True,
        blank=True,
        help_text=(
            "Every personal scoring link stops at the end of this day, whatever its "
            "own expiry. Leave empty to rely on each link's expiry and on closing "
            "the round yourself."
        ),
    )
    status = models.CharField(
        max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the round was last reopened after a close (empty if never). Together with
    # closed_at it makes every close and reopen change the results' cache key.
    reopened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="unique_round_number"
            )
        ]

    def __str__(self):
        return f"Round {self.number} of {self.project}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class RoundStatusAction(models.TextChoices):
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"


class RoundStatusChange(models.Model):
    """The record of a round being closed or reopened: who, when and why.

    Kept like a project's stage transitions, so readers of the results can see
    that answers were let in again after a close, and for what reason.
    """

    round = models.ForeignKey(
        ScoringRound, on_delete=models.CASCADE, related_name="status_changes"
    )
    action = models.CharField(max_length=8, choices=RoundStatusAction.choices)
    reason = models.TextField("why", blank=True, max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "at", "id"]

    def __str__(self):
        return f"{self.round}: {self.get_action_display()} {self.at:%Y-%m-%d}"


@history.track(
    programme="round__project__programme",
    project="round__project",
    person="stakeholder",
)
class RoundInvitation(models.Model):
    """A personal scoring link for someone without an account.

    Only a hash of the link's token is stored; the link is shown (or emailed) once
    when it is made, and a new link replaces the old one.
    """

    round = models.ForeignKey(
        ScoringRound, on_delete=models.CASCADE, related_name="invitations"
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_invitations",
    )
    label = models.CharField(
        "who the link is for",
        max_length=120,
        help_text="A name or a description such as 'Youth forum member 3'.",
    )
    role_category = models.CharField(max_length=24, choices=RoleCategory.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who made the latest link: only they see whether it was answered
    # (coproduce.disclosure).
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["round", "label", "pk"]

    def __str__(self):
        return f"Link for {self.label} ({self.round})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state_label(self) -> str:
        if self.revoked_at:
            return "Withdrawn"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"


@history.track(
    programme="round__project__programme",
    project="round__project",
    person="stakeholder",
)
class RoundResponse(models.Model):
    """One person's answers in a round: by link (invitation) or signed in (user)."""

    round = models.ForeignKey(
        ScoringRound, on_delete=models.CASCADE, related_name="responses"
    )
    invitation = models.OneToOneField(
        RoundInvitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_responses",
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_responses",
    )
    role_category = models.CharField(
        "your role", max_length=24, choices=RoleCategory.choices
    )
    # Empty while someone is still going through the questions on a link.
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=models.Q(user__isnull=False),
                name="one_response_per_member",
            )
        ]

    def __str__(self):
        return f"{self.get_role_category_display()} response to {self.round}"


@history.track(
    programme="response__round__project__programme",
    project="response__round__project",
    person="response__stakeholder",
)
class DimensionScore(models.Model):
    """An answer for one dimension: a level, or none for "don't know"."""

    response = models.ForeignKey(
        RoundResponse, on_delete=models.CASCADE, related_name="scores"
    )
    dimension = models.ForeignKey(
        MatrixDimension, on_delete=models.PROTECT, related_name="scores"
    )
    level = models.ForeignKey(
        MatrixLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scores",
    )
    comment = models.TextField("comment or example", blank=True, max_length=2000)

    class Meta:
        ordering = ["response", "dimension__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "dimension"], name="unique_dimension_score"
            )
        ]

    def __str__(self):
        return f"{self.dimension}: {self.level or 'do not know'}"
