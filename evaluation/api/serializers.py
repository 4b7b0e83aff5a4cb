"""How the API shows and reads records. Reads are flat, with ids for links; writes
are checked here for shape only; the rules live in the same service functions as the
pages use."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluation.models import Factor, JobStatus, ReportJob, ReportKind
from logicmodels.models import LogicItem, LogicModel, LogicModelVersion
from projects.models import (
    Activity,
    ActivityKind,
    Attendance,
    DecisionHolder,
    DiamondStage,
    Headcount,
    Organisation,
    Programme,
    Project,
    RoleCategory,
    SeldomHeardGroup,
    StagePlan,
    StageTransition,
    Stakeholder,
    SupportKind,
)
from projects.progress.services import ACTIVITY_FIELDS

# --- Reads ----------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    lead_organisation = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = ["id", "slug", "name", "description", "lead_organisation", "closed_on"]

    def get_lead_organisation(self, programme) -> str | None:
        lead = programme.lead_organisation
        return lead.name if lead else None


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = [
            "id",
            "programme",
            "slug",
            "title",
            "brief",
            "status",
            "cycle_part",
            "involvement_aim",
            "current_stage",
            "start_date",
            "target_end_date",
            "edit_version",
            "updated_at",
        ]


class StakeholderSerializer(serializers.ModelSerializer):
    """A person as the pages show them: name (perhaps a pseudonym), role,
    organisation and seldom-heard groups. Email addresses stay on the site."""

    projects = serializers.SerializerMethodField()

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "programme",
            "display_name",
            "is_pseudonym",
            "role_category",
            "organisation",
            "seldom_heard_groups",
            "projects",
            "edit_version",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_projects(self, person) -> list[int]:
        return [i.project_id for i in person.involvements.all()]


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["stakeholder", "role_category", "seldom_heard"]


class HeadcountSerializer(serializers.ModelSerializer):
    class Meta:
        model = Headcount
        fields = ["role_category", "count", "seldom_heard_count"]


class ActivitySerializer(serializers.ModelSerializer):
    attendance = AttendanceSerializer(source="attendances", many=True, read_only=True)
    headcounts = HeadcountSerializer(many=True, read_only=True)
    total = serializers.IntegerField(read_only=True)
    seldom_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "project",
            *ACTIVITY_FIELDS,
            "attendance",
            "headcounts",
            "total",
            "seldom_total",
            "edit_version",
            "updated_at",
        ]


class StageMoveSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageTransition
        fields = [
            "id",
            "project",
            "from_stage",
            "to_stage",
            "kind",
            "status",
            "happened_on",
            "rationale",
            "created_at",
        ]


class StagePlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = StagePlan
        fields = [
            "id",
            "project",
            "stage",
            "plan",
            "contribution",
            "achieved",
            "edit_version",
            "updated_at",
        ]


class LogicItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = LogicItem
        fields = ["id", "section", "position", "text", "anticipation", "effect"]


class LogicModelVersionSerializer(serializers.ModelSerializer):
    items = LogicItemSerializer(many=True, read_only=True)

    class Meta:
        model = LogicModelVersion
        fields = ["id", "number", "status", "created_at", "agreed_at", "items"]


class LogicModelSerializer(serializers.ModelSerializer):
    versions = LogicModelVersionSerializer(many=True, read_only=True)

    class Meta:
        model = LogicModel
        fields = ["id", "project", "kind", "created_at", "versions"]


class FigureSerializer(serializers.Serializer):
    """A group's figures; empty when the group is too small to show."""

    answers = serializers.IntegerField()
    median = serializers.FloatField(allow_null=True)
    lowest = serializers.IntegerField(allow_null=True)
    highest = serializers.IntegerField(allow_null=True)
    shown = serializers.BooleanField()


class DimensionFiguresSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    target_level = serializers.IntegerField()
    everyone = FigureSerializer()
    professionals = FigureSerializer()
    lived_experience = FigureSerializer()
    distance_to_target = serializers.FloatField(allow_null=True)
    perception_gap = serializers.FloatField(allow_null=True)
    dont_know = serializers.IntegerField()


class ScoringRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    number = serializers.IntegerField()
    held_on = serializers.DateField()
    stage = serializers.CharField()
    status = serializers.CharField()
    framework = serializers.CharField(source="version.framework.name")
    framework_version = serializers.IntegerField(source="version.number")
    dimensions = DimensionFiguresSerializer(many=True)


class TableRowSerializer(serializers.Serializer):
    """One row of an export table, keyed by the export's own column headings."""

    row = serializers.DictField(child=serializers.JSONField())


# --- Writes ---------------------------------------------------------------------------


class HeadcountWriteSerializer(serializers.Serializer):
    role_category = serializers.ChoiceField(choices=RoleCategory.choices)
    count = serializers.IntegerField(min_value=0, max_value=100000)
    seldom_heard_count = serializers.IntegerField(
        min_value=0, max_value=100000, default=0
    )


@extend_schema_field(OpenApiTypes.INT)
class AttendeesField(serializers.PrimaryKeyRelatedField):
    """People on the activity's project (the page's choices)."""

    def get_queryset(self):
        return self.context.get("attendee_choices") or Stakeholder.objects.none()


class AttendanceWriteSerializer(serializers.Serializer):
    attendees = serializers.ListField(
        child=AttendeesField(), required=False, default=list, max_length=1000
    )
    headcounts = HeadcountWriteSerializer(
        many=True, required=False, default=list, max_length=len(RoleCategory.values)
    )
    edit_version = serializers.IntegerField(
        min_value=0, help_text="The activity's edit_version when it was read."
    )


class ActivityWriteSerializer(AttendanceWriteSerializer):
    project = serializers.IntegerField(
        min_value=1, max_value=2**62, help_text="Only when logging a new activity."
    )
    held_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField(max_length=200)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    stage = serializers.ChoiceField(choices=DiamondStage.choices)
    co_constructed = serializers.BooleanField(required=False, default=False)
    co_constructed_by = serializers.CharField(
        required=False, allow_blank=True, max_length=300
    )
    chaired_by = serializers.ChoiceField(
        choices=RoleCategory.choices, required=False, allow_blank=True
    )
    decided_by = serializers.ChoiceField(
        choices=DecisionHolder.choices, required=False, allow_blank=True
    )
    support = serializers.ListField(
        child=serializers.ChoiceField(choices=SupportKind.choices),
        required=False,
        default=list,
        max_length=len(SupportKind.values),
    )
    support_note = serializers.CharField(
        required=False, allow_blank=True, max_length=300
    )
    outputs = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    reflection = serializers.CharField(
        required=False, allow_blank=True, max_length=10000
    )


class StageMoveWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1, max_value=2**62)
    to_stage = serializers.ChoiceField(choices=DiamondStage.choices)
    happened_on = serializers.DateField()
    rationale = serializers.CharField(max_length=5000)
    seen_transition = serializers.IntegerField(
        min_value=0,
        max_value=2**62,
        help_text="Id of the project's last stage move you read (0 if none).",
    )


class StakeholderWriteSerializer(serializers.Serializer):
    programme = serializers.IntegerField(
        min_value=1, max_value=2**62, required=False, help_text="For a new person."
    )
    project = serializers.IntegerField(
        min_value=1,
        max_value=2**62,
        required=False,
        help_text="For a new person: also add them to this project.",
    )
    display_name = serializers.CharField(max_length=120)
    is_pseudonym = serializers.BooleanField(required=False, default=False)
    role_category = serializers.ChoiceField(choices=RoleCategory.choices)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    seldom_heard_groups = serializers.PrimaryKeyRelatedField(
        queryset=SeldomHeardGroup.objects.all(), many=True, required=False
    )
    edit_version = serializers.IntegerField(
        min_value=0, required=False, help_text="When changing a person: required."
    )


class ReportJobSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "project",
            "programme",
            "status",
            "progress",
            "progress_note",
            "page_count",
            "created_at",
            "finished_at",
            "withdrawn_at",
            "withdrawn_reason",
            "download",
        ]

    def get_download(self, job) -> str | None:
        """Where to fetch the PDF once it is made."""
        if job.status != JobStatus.DONE:
            return None
        return reverse("api:report_job_download", args=[job.pk])


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    project = serializers.IntegerField(
        min_value=1,
        max_value=2**62,
        required=False,
        help_text="For a case study or commissioner summary.",
    )
    programme = serializers.IntegerField(
        min_value=1,
        max_value=2**62,
        required=False,
        help_text="For a programme cross-case report.",
    )


class FactorSerializer(serializers.ModelSerializer):
    group = serializers.CharField(source="group.name")

    class Meta:
        model = Factor
        fields = ["id", "group", "name", "description", "position"]
