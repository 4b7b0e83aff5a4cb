"""Programmes, projects, organisations, stakeholders and who may see them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coproduce import history
from coproduce.dates import DAY, PRECISION_CHOICES, day_or_month_shown
from coproduce.links import slug_url
from coproduce.text import LONG_TEXT_LIMIT, TEXT_LIMIT


class OrganisationKind(models.TextChoices):
    NHS_COMMISSIONER = "nhs_commissioner", "NHS commissioner"
    NHS_PROVIDER = "nhs_provider", "NHS provider"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    VOLUNTARY = "voluntary", "Voluntary or community sector"
    ARTS = "arts", "Arts organisation"
    HOUSING = "housing", "Housing association"
    UNIVERSITY = "university", "University"
    OTHER = "other", "Other"


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    DISCONTINUED = "discontinued", "Discontinued"


class CyclePart(models.TextChoices):
    ANALYSE = "analyse", "Analyse"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"


class InvolvementLevel(models.TextChoices):
    INFORMING = "informing", "Informing"
    CONSULTATION = "consultation", "Consultation"
    ENGAGEMENT = "engagement", "Engagement"
    CO_DESIGN = "co_design", "Co-design"
    CO_PRODUCTION = "co_production", "Co-production"


class DiamondStage(models.TextChoices):
    """The four stages of the Design Council's Double Diamond, in order."""

    DISCOVER = "discover", "Discover"
    DEFINE = "define", "Define"
    DEVELOP = "develop", "Develop"
    DELIVER = "deliver", "Deliver"


class RoleCategory(models.TextChoices):
    COMMISSIONER = "commissioner", "Commissioner"
    CLINICIAN = "clinician", "Clinician"
    HEALTH_PROVIDER = "health_provider", "Health provider"
    ARTS_MANAGER = "arts_manager", "Arts manager"
    ARTIST = "artist", "Artist"
    PATIENT_REP = "patient_rep", "Patient representative"
    SERVICE_USER = "service_user", "Service user or carer"
    YOUNG_PERSON = "young_person", "Young person"
    VOLUNTARY = "voluntary", "Voluntary sector"
    PROVIDER = "provider", "Provider"
    FACILITATOR = "facilitator", "Facilitator"
    EVALUATOR = "evaluator", "Evaluator"
    SUPPORT_WORKER = "support_worker", "Support worker"
    STEERING_GROUP = "steering_group", "Steering group member"
    OTHER = "other", "Other"


class AccessRole(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator (edits the project)"
    COMMISSIONER = "commissioner", "Commissioner (reads and comments)"
    EVALUATOR = "evaluator", "Evaluator (reads the programme, edits evaluation data)"
    VIEWER = "viewer", "Viewer (reads only)"


def role_name(role: str) -> str:
    """An access role's short name ("Facilitator"), without the explanation."""
    return AccessRole(role).label.split(" (")[0] if role else ""


slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use lower-case letters, numbers and single hyphens, such as 'extra-care'.",
)


class ErasedQuotes(models.TextChoices):
    """What erasing a person does to the quotes of their words."""

    MARK = "mark", "Replace their words with a note that they were withdrawn"
    DELETE = "delete", "Delete their quotes"


# The longest retention period the settings accept: 20 years.
MAX_RETENTION_MONTHS = 240


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


@history.track(programme="pk")
class Programme(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, validators=[slug_validator])
    description = models.TextField(blank=True, max_length=TEXT_LIMIT)
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    require_mfa = models.BooleanField(
        "Members must use a second sign-in step",
        default=False,
        help_text=(
            "Everyone on this programme or its projects must set up an authenticator "
            "app or a passkey before they can use the site."
        ),
    )
    # Personal data: when the programme closed, how long people's details are kept
    # after that (empty: until someone erases them), and what erasing does to quotes.
    closed_on = models.DateField(
        "date the programme closed",
        null=True,
        blank=True,
        help_text="Leave empty while the programme is running.",
    )
    retention_months = models.PositiveSmallIntegerField(
        "months to keep personal data after closing",
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=(
            "After this many months people's names, contact details and words are "
            "erased automatically. Leave empty to keep them until someone erases "
            "them by hand."
        ),
    )
    erased_quotes = models.CharField(
        "when a person is erased",
        max_length=8,
        choices=ErasedQuotes.choices,
        default=ErasedQuotes.MARK,
    )
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        # Granted to named people in admin: they may start programmes from the app
        # (and become the new programme's facilitator).
        permissions = [("create_programme", "May create programmes")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:programme_detail", args=[self.slug])


@history.track(programme="programme", project="pk", m2m=("partners",))
class Project(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects"
    )
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="projects",
        verbose_name="partner organisations",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[slug_validator],
        help_text="Short name used in web addresses and report commands.",
    )
    brief = models.TextField(
        "design brief",
        max_length=TEXT_LIMIT,
        help_text="What the project sets out to do, in a few sentences.",
    )
    status = models.CharField(
        max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    status_reason = models.TextField(
        "reason for discontinuing",
        blank=True,
        max_length=TEXT_LIMIT,
        help_text="Required when the project is discontinued.",
    )
    start_date = models.DateField(null=True, blank=True)
    target_end_date = models.DateField(null=True, blank=True)
    cycle_part = models.CharField(
        "commissioning-cycle part",
        max_length=16,
        choices=CyclePart.choices,
        default=CyclePart.ANALYSE,
    )
    involvement_aim = models.CharField(
        "level of involvement aimed for",
        max_length=16,
        choices=InvolvementLevel.choices,
        default=InvolvementLevel.CO_PRODUCTION,
    )
    # Changed only through projects.activity_services.stage_move / project_stop, which
    # record a StageTransition; empty means the project has not started Discover.
    current_stage = models.CharField(
        "Double Diamond stage",
        max_length=16,
        choices=DiamondStage.choices,
        blank=True,
        default="",
    )
    # Bumped on every edit; a save carrying an older number is refused (lost-update guard).
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="discontinued")
                | ~models.Q(status_reason=""),
                name="discontinued_needs_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("projects:project_detail", self.slug)


@history.track(programme="project__programme", project="project")
class BriefRevision(models.Model):
    """One version of a project's design brief; the newest is the current brief."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="briefs"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    reason = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="unique_brief_number"
            )
        ]

    def __str__(self):
        return f"{self.project} brief v{self.number}"


class SeldomHeardGroup(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


@history.track(programme="programme", person="pk", m2m=("seldom_heard_groups",))
class Stakeholder(models.Model):
    """A person involved in a programme's projects. The name may be a pseudonym."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="stakeholders"
    )
    display_name = models.CharField(max_length=120)
    is_pseudonym = models.BooleanField(
        "this name is a pseudonym",
        default=False,
        help_text="Tick if the person asked to be known by another name.",
    )
    role_category = models.CharField(max_length=24, choices=RoleCategory.choices)
    role_note = models.CharField(
        "role as the source words it",
        max_length=120,
        blank=True,
        help_text="Optional, for example 'lead commissioner' for a commissioner who "
        "led the work.",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL
    )
    email = models.EmailField(
        blank=True, help_text="Optional. Used only to send scoring or review links."
    )
    seldom_heard_groups = models.ManyToManyField(
        SeldomHeardGroup, blank=True, related_name="stakeholders"
    )
    projects = models.ManyToManyField(
        Project, through="ProjectStakeholder", related_name="stakeholders"
    )
    # Set when the person's details were erased; the row stays under a pseudonym so
    # counts (attendance, scores) keep adding up.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    edit_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    @property
    def role_shown(self) -> str:
        """The role, with the source's own words for it when given:
        "Commissioner (lead commissioner)"."""
        label = self.get_role_category_display()
        return f"{label} ({self.role_note})" if self.role_note else label

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def erased_name(self) -> str:
        """The pseudonym an erased person is known by: it names nobody."""
        return f"Erased person {self.pk}"


@history.track(programme="project__programme", project="project", person="stakeholder")
class ProjectStakeholder(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="involvements"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="involvements"
    )
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["stakeholder__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stakeholder"], name="unique_project_stakeholder"
            )
        ]

    def __str__(self):
        return f"{self.stakeholder} on {self.project}"


@history.track(programme="programme")
class ProgrammeMembership(models.Model):
    """Access to a whole programme: covers every project in it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_memberships",
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=AccessRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"], name="unique_programme_member"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) on {self.programme}"


@history.track(programme="project__programme", project="project")
class ProjectMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_memberships",
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=AccessRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project"], name="unique_project_member"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) on {self.project}"


class InvitationState(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


@history.track(programme="programme", project="project")
class Invitation(models.Model):
    """An emailed, single-use link that gives its holder a role on a programme or
    on one of its projects. Only a hash of the link's token is stored."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="invitations"
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text="Empty for an invitation to the whole programme.",
    )
    email = models.EmailField("email address")
    role = models.CharField(max_length=16, choices=AccessRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "-created_at"])]

    def __str__(self):
        return f"Invitation for {self.email} to {self.scope}"

    @property
    def scope(self):
        return self.project or self.programme

    def state(self, now=None) -> str:
        if self.withdrawn_at:
            return InvitationState.WITHDRAWN
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.WAITING

    def get_state_display(self) -> str:
        return InvitationState(self.state()).label

    @property
    def role_name(self) -> str:
        return role_name(self.role)


class MembershipChangeKind(models.TextChoices):
    INVITED = "invited", "Invited"
    INVITATION_WITHDRAWN = "withdrawn", "Invitation withdrawn"
    ACCEPTED = "accepted", "Accepted an invitation"
    ADDED = "added", "Given access"
    ROLE_CHANGED = "role_changed", "Role changed"
    REMOVED = "removed", "Access removed"


class MembershipChange(models.Model):
    """One change to who may see a programme or project: who made it and when."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="membership_changes"
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="membership_changes",
    )
    kind = models.CharField(max_length=16, choices=MembershipChangeKind.choices)
    # The account whose access changed, or the invited address before there is one.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=16, choices=AccessRole.choices, blank=True)
    previous_role = models.CharField(
        max_length=16, choices=AccessRole.choices, blank=True
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.member or self.email}"

    @property
    def role_name(self) -> str:
        return role_name(self.role)

    @property
    def previous_role_name(self) -> str:
        return role_name(self.previous_role)


@history.track(programme="project__programme", project="project")
class ProjectComment(models.Model):
    """A comment on a project, e.g. a commissioner's question to the facilitators."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL
    )
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Comment on {self.project} by {self.author}"


# --- Progress: activities, attendance and the Double Diamond ------------------------

STAGE_ORDER = {stage: position for position, stage in enumerate(DiamondStage.values)}


def stage_position(stage: str) -> int:
    """0-3 for Discover to Deliver, -1 for "not started" (an empty stage)."""
    return STAGE_ORDER.get(stage, -1)


class ActivityKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    WORKSHOP = "workshop", "Workshop"
    TRAINING = "training", "Training"
    TASTER = "taster", "Taster session"
    PANEL = "panel", "Procurement or interview panel"
    INTERVIEW = "interview", "Interview"
    FOCUS_GROUP = "focus_group", "Focus group"
    EVENT = "event", "Event"
    OTHER = "other", "Other"


class SupportKind(models.TextChoices):
    TRAVEL = "travel", "Travel costs or transport"
    PAYMENT = "payment", "Payment or vouchers"
    FOOD = "food", "Food and drink"
    CHILDCARE = "childcare", "Childcare or cover for caring"
    INTERPRETER = "interpreter", "Interpreter or translation"
    ACCESSIBILITY = "accessibility", "Accessibility adjustments"
    FAMILIAR_VENUE = "familiar_venue", "A venue familiar to participants"


class DecisionHolder(models.TextChoices):
    PROFESSIONALS = "professionals", "Professionals decided"
    SHARED = "shared", "Professionals and participants decided together"
    PARTICIPANTS = "participants", "Participants decided"
    NO_DECISIONS = "none", "No decisions were needed"


class TransitionKind(models.TextChoices):
    START = "start", "Started"
    FORWARD = "forward", "Moved forward"
    BACK = "back", "Moved back (iteration)"
    STOP = "stop", "Stopped"


@history.track(programme="project__programme", project="project")
class Activity(models.Model):
    """Something that happened on a project: a meeting, workshop, panel, event..."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="activities"
    )
    held_on = models.DateField("date")
    # "month": the source gives only the month; held_on is then its first day.
    held_on_precision = models.CharField(
        max_length=5, choices=PRECISION_CHOICES, default=DAY
    )
    ends_on = models.DateField(
        "end date", null=True, blank=True, help_text="Only if it ran over several days."
    )
    kind = models.CharField(max_length=16, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, max_length=TEXT_LIMIT)
    stage = models.CharField(
        "Double Diamond stage",
        max_length=16,
        choices=DiamondStage.choices,
        help_text="The stage this activity served.",
    )
    co_constructed = models.BooleanField(
        "co-constructed",
        default=False,
        help_text="Tick if participants helped plan the activity.",
    )
    co_constructed_by = models.CharField(
        "planned together with",
        max_length=300,
        blank=True,
        help_text="Who helped plan it, for example 'two young people from the panel'.",
    )
    chaired_by = models.CharField(
        "chaired or led by",
        max_length=24,
        choices=RoleCategory.choices,
        blank=True,
        help_text="The role of the person who chaired or led it.",
    )
    decided_by = models.CharField(
        "who made the decisions",
        max_length=16,
        choices=DecisionHolder.choices,
        blank=True,
    )
    support = models.JSONField(
        "support offered",
        default=list,
        blank=True,
        help_text="What was offered so people could take part.",
    )
    support_note = models.CharField(
        "more about the support", max_length=300, blank=True
    )
    outputs = models.TextField(
        "what came of it",
        blank=True,
        max_length=TEXT_LIMIT,
        help_text="What was produced or decided.",
    )
    reflection = models.TextField(
        blank=True, max_length=TEXT_LIMIT, help_text="What went well, and what did not."
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
        verbose_name_plural = "activities"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["project", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("held_on")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.shown_date})"

    def get_absolute_url(self):
        return reverse("projects:activity_detail", args=[self.project.slug, self.pk])

    @property
    def shown_date(self) -> str:
        """ "12 Mar 2017", or "March 2017" when only the month is known."""
        return day_or_month_shown(self.held_on, self.held_on_precision)

    def support_labels(self) -> list[str]:
        labels = dict(SupportKind.choices)
        return [labels.get(value, value) for value in self.support or []]


@history.track(
    programme="activity__project__programme",
    project="activity__project",
    person="stakeholder",
)
class Attendance(models.Model):
    """A named person at an activity. The role is copied so it survives deletion."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances"
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    role_category = models.CharField(max_length=24, choices=RoleCategory.choices)
    seldom_heard = models.BooleanField(
        default=False, help_text="Belonged to a seldom-heard group when recorded."
    )

    class Meta:
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "stakeholder"], name="unique_attendee"
            )
        ]

    def __str__(self):
        who = self.stakeholder or self.get_role_category_display()
        return f"{who} at {self.activity}"


@history.track(programme="activity__project__programme", project="activity__project")
class Headcount(models.Model):
    """People at an activity who are counted by role, not named."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="headcounts"
    )
    role_category = models.CharField(max_length=24, choices=RoleCategory.choices)
    count = models.PositiveIntegerField("number of people")
    seldom_heard_count = models.PositiveIntegerField(
        "of whom from seldom-heard groups", default=0
    )

    class Meta:
        ordering = ["role_category"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "role_category"], name="unique_headcount_role"
            ),
            models.CheckConstraint(
                condition=models.Q(seldom_heard_count__lte=models.F("count")),
                name="seldom_heard_within_count",
            ),
        ]

    def __str__(self):
        return f"{self.count} × {self.get_role_category_display()}"


@history.track(programme="project__programme", project="project")
class StageTransition(models.Model):
    """A move of a project between Double Diamond stages, or a stop at one."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stage_transitions"
    )
    from_stage = models.CharField(
        max_length=16, choices=DiamondStage.choices, blank=True
    )
    to_stage = models.CharField(max_length=16, choices=DiamondStage.choices, blank=True)
    kind = models.CharField(max_length=8, choices=TransitionKind.choices)
    status = models.CharField(
        "status after the change",
        max_length=16,
        choices=ProjectStatus.choices,
        blank=True,
    )
    happened_on = models.DateField("date")
    rationale = models.TextField("why")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "id"]

    def __str__(self):
        return f"{self.project}: {self.get_kind_display()} {self.to_stage}"

    @property
    def is_iteration(self) -> bool:
        return self.kind == TransitionKind.BACK


@history.track(programme="project__programme", project="project")
class StagePlan(models.Model):
    """What a project aimed for, what the facilitators contributed and what was
    achieved at one Double Diamond stage."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stage_plans"
    )
    stage = models.CharField(max_length=16, choices=DiamondStage.choices)
    plan = models.TextField(
        "aim or plan for this stage", blank=True, max_length=TEXT_LIMIT
    )
    contribution = models.TextField(
        "what the facilitation team contributed", blank=True, max_length=TEXT_LIMIT
    )
    achieved = models.TextField("what was achieved", blank=True, max_length=TEXT_LIMIT)
    edit_version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stage"], name="unique_stage_plan"
            )
        ]

    def __str__(self):
        return f"{self.project}: {self.get_stage_display()}"


# Communication needs (the Accessible Information Standard): how each person needs
# information and contact, so invitations reach them in a form they can use.
# Features in projects/communication/.


class InformationFormat(models.TextChoices):
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    BSL = "bsl", "British Sign Language (BSL)"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"
    READ_WITH_SUPPORTER = "supporter_reads", "A carer or supporter to read it with them"
    OTHER = "other", "Something else"


class Language(models.TextChoices):
    """A person's preferred language. The codes are Django language codes, except
    OTHER (the language is then written in ``language_other``)."""

    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh (Cymraeg)"
    OTHER = "other", "Another language"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    POST = "post", "Post"
    SUPPORTER = "supporter", "Through a supporter"


# Needs that are not information formats, with the key their "arranged" tick uses.
LANGUAGE_NEED = "language"
MEETING_NEED = "meeting"


@history.track(programme="stakeholder__programme", person="stakeholder")
class CommunicationNeeds(models.Model):
    """One person's information and communication needs (one record per person)."""

    stakeholder = models.OneToOneField(
        Stakeholder, on_delete=models.CASCADE, related_name="communication_needs"
    )
    formats = models.JSONField(
        "information formats",
        default=list,
        blank=True,
        help_text="Every format the person needs to read or take in information.",
    )
    format_other = models.CharField("other format", max_length=200, blank=True)
    language = models.CharField(
        "preferred language", max_length=8, choices=Language.choices, blank=True
    )
    language_other = models.CharField("other language", max_length=100, blank=True)
    contact_method = models.CharField(
        "preferred way to be contacted",
        max_length=16,
        choices=ContactMethod.choices,
        blank=True,
    )
    meeting_access = models.TextField(
        "access needs at meetings",
        max_length=2000,
        blank=True,
        help_text="For example step-free access, a hearing loop, breaks, a quiet room.",
    )
    supporter = models.TextField(
        "who may support them",
        max_length=1000,
        blank=True,
        help_text="A carer, family member or advocate, and how to reach them.",
    )
    edit_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # What the needs form records (the rest is bookkeeping).
    RECORDED_FIELDS = (
        "formats",
        "format_other",
        "language",
        "language_other",
        "contact_method",
        "meeting_access",
        "supporter",
    )

    class Meta:
        verbose_name = "communication needs"
        verbose_name_plural = "communication needs"

    def __str__(self):
        return f"Communication needs of {self.stakeholder}"

    def needs(self) -> list[tuple[str, str]]:
        """The needs recorded, as (key, plain description): each format, a language
        other than English, and access needs at meetings. Each can be ticked as
        arranged (NeedArrangement) under its key."""
        labels = dict(InformationFormat.choices)
        found = []
        for code in self.formats:
            if code not in labels:
                continue
            label = labels[code]
            if code == InformationFormat.OTHER and self.format_other:
                label = self.format_other
            found.append((code, label))
        if self.language == Language.WELSH:
            found.append((LANGUAGE_NEED, "Welsh language"))
        elif self.language == Language.OTHER:
            found.append(
                (LANGUAGE_NEED, f"Language: {self.language_other or 'not English'}")
            )
        if self.meeting_access.strip():
            found.append((MEETING_NEED, "Access needs at meetings"))
        return found

    @property
    def has_needs(self) -> bool:
        return bool(self.needs()) or self.contact_by_other_means

    @property
    def contact_by_other_means(self) -> bool:
        """They asked to be contacted some other way than email."""
        return self.contact_method not in ("", ContactMethod.EMAIL)

    def summary(self) -> str:
        """The needs in a few words, for flags and choice labels."""
        parts = [", ".join(label for _key, label in self.needs())]
        if self.contact_by_other_means:
            parts.append(f"contact: {self.get_contact_method_display().lower()}")
        return "; ".join(part for part in parts if part)


@history.track(programme="needs__stakeholder__programme", person="needs__stakeholder")
class NeedArrangement(models.Model):
    """A tick that one of a person's needs has been arranged (met or planned), with
    who ticked it and when. Without one, the need is listed as unmet."""

    needs = models.ForeignKey(
        CommunicationNeeds, on_delete=models.CASCADE, related_name="arrangements"
    )
    need = models.CharField(max_length=24)
    note = models.CharField("what was arranged", max_length=300, blank=True)
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    arranged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["needs", "need"]
        constraints = [
            models.UniqueConstraint(
                fields=["needs", "need"], name="unique_need_arrangement"
            )
        ]

    def __str__(self):
        return f"{self.need} arranged for {self.needs.stakeholder}"


class HistoryEvent(models.Model):
    """One change to a tracked row, written by the database's triggers, or one read
    that matters (a download, an export, an unredacted view). See coproduce/history.py.

    Programme, project and person are the ids they had when the event was written,
    not foreign keys: the history outlives the rows it describes.
    """

    created_at = models.DateTimeField()
    action = models.CharField(max_length=16, choices=history.Action.choices)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    programme_id = models.BigIntegerField(null=True, blank=True)
    project_id = models.BigIntegerField(null=True, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)
    # Created: after is the row. Deleted: before is the row. Changed: only the fields
    # whose value changed, before and after.
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    # Who and where: user, username, url, method, request_id, task or command.
    context = models.JSONField(null=True, blank=True)
    context_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["programme_id", "-id"], name="history_programme"),
            models.Index(fields=["person_id", "-id"], name="history_person"),
            models.Index(fields=["model", "object_id"], name="history_object"),
        ]

    def __str__(self):
        return f"{self.action} {self.model} {self.object_id}"


# Involvement payments: what people with lived experience are offered and paid for
# taking part (fees or vouchers, travel, expenses). Features in projects/payments/.


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", "Payment for their time"
    VOUCHER = "voucher", "Voucher"
    EXPENSES_ONLY = "expenses", "Travel and expenses only"


class PaymentStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    CLAIMED = "claimed", "Claimed"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    DECLINED = "declined", "Declined by the person"


@history.track(
    programme="activity__project__programme",
    project="activity__project",
    person="stakeholder",
)
class InvolvementPayment(models.Model):
    """What one person was offered, claimed and paid for one activity. Amounts are
    money in pounds (Decimal, two places). Kept, with the role, if the person's
    details are later deleted: finance records must add up."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="payments"
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvement_payments",
        verbose_name="person",
    )
    role_category = models.CharField(max_length=24, choices=RoleCategory.choices)
    kind = models.CharField(
        "payment or voucher", max_length=16, choices=PaymentKind.choices
    )
    fee = models.DecimalField(
        "payment or voucher (£)", max_digits=9, decimal_places=2, default=0
    )
    travel = models.DecimalField(
        "travel (£)", max_digits=9, decimal_places=2, default=0
    )
    expenses = models.DecimalField(
        "other expenses (£)",
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text="For example care cover, meals or a carer's travel.",
    )
    status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.OFFERED
    )
    offered_on = models.DateField(default=timezone.localdate)
    claimed_on = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    reference = models.CharField(
        "finance reference",
        max_length=60,
        blank=True,
        help_text="The voucher number or the finance system's reference.",
    )
    note = models.CharField(max_length=300, blank=True)
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
        ordering = ["activity", "stakeholder__display_name", "pk"]
        permissions = [
            ("view_payment_amounts", "May see and record involvement payment amounts")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "stakeholder"],
                condition=models.Q(stakeholder__isnull=False),
                name="one_payment_per_person_per_activity",
            )
        ]

    def __str__(self):
        who = self.stakeholder or self.get_role_category_display()
        return f"{self.get_kind_display()} for {who} ({self.activity})"

    @property
    def total(self):
        return self.fee + self.travel + self.expenses


# --- Personal access tokens for the API (projects/api/) ---------------------------


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    READ_WRITE = "read-write", "Read and write"


@history.track(withhold=("token_hash",))
class ApiToken(models.Model):
    """A personal access token: the API acts as its owner, with the owner's access,
    limited to reading when the scope is ``read``. Only the hash is kept; the token
    itself is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        "what it is for", max_length=100, help_text="For example “Power BI report”."
    )
    scope = models.CharField(max_length=16, choices=TokenScope.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, so its owner can tell tokens apart.
    prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE


class ApiTokenUse(models.Model):
    """When a token was last used. Kept apart from the token so that using it writes
    no history event (the token's own row records only its making and revoking)."""

    token = models.OneToOneField(
        ApiToken, primary_key=True, on_delete=models.CASCADE, related_name="use"
    )
    last_used_at = models.DateTimeField()

    def __str__(self):
        return f"{self.token} last used {self.last_used_at:%Y-%m-%d %H:%M}"


class StoryPart(models.TextChoices):
    """The parts of a case study's story, in the order a case study tells them."""

    CONTEXT = "context", "The local context"
    WHAT_WORKED = "what-worked", "What worked, for whom and why"
    KEY_ELEMENTS = "key-elements", "Key elements of the approach"
    FACTORS = "factors", "What helped and what hindered co-production"


@history.track(programme="project__programme", project="project")
class StorySection(models.Model):
    """One part of a project's story for its case study, written by the project's
    facilitators and evaluators (paragraphs and simple lists, ``coproduce.text``)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="story_sections"
    )
    part = models.CharField(max_length=16, choices=StoryPart.choices)
    text = models.TextField(blank=True, max_length=LONG_TEXT_LIMIT)
    edit_version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "part"], name="unique_story_section"
            )
        ]

    def __str__(self):
        return f"{self.get_part_display()} ({self.project})"


@history.track(programme="project__programme", project="project")
class ProjectSlugRedirect(models.Model):
    """An address a project had before its slug was changed. Pages under the old
    address answer with a permanent redirect to the new one, and report commands
    accept it, so links people saved keep working."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="old_slugs"
    )
    old_slug = models.SlugField(max_length=80, unique=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.old_slug} → {self.project.slug}"
