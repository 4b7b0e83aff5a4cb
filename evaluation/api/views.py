"""The REST API's endpoints. Each finds its objects through ``evaluation.api.access``
(the pages' access rules), writes through the pages' service functions and refuses
a stale ``edit_version`` with 409 and the record as it is now."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coproduce import history
from coproduce.concurrency import EditConflict
from evaluation.api import access
from evaluation.api import serializers as s
from evaluation.evidence.exports import observations_table, quotes_table
from evaluation.feed import tables as feed
from evaluation.matrix.selectors import rounds_dimension_results
from evaluation.models import Factor, ReportKind, ScoringRound
from evaluation.reports import services as report_services
from evaluation.reports.views import report_file_response
from logicmodels.models import LogicItem, LogicModel, LogicModelVersion
from projects import selectors as project_selectors
from projects import services as project_services
from projects.api import schema  # noqa: F401  (describes the token in the schema)
from projects.models import Activity, Attendance, StagePlan, StageTransition
from projects.progress import services as progress_services

MAX_ID = access.MAX_ID

PROGRAMME = OpenApiParameter(
    "programme", OpenApiTypes.INT, description="Only this programme (its id)."
)
PROJECT = OpenApiParameter(
    "project", OpenApiTypes.INT, description="Only this project (its id)."
)
FROM = OpenApiParameter(
    "from", OpenApiTypes.DATE, description="On or after this day (YYYY-MM-DD)."
)
TO = OpenApiParameter(
    "to", OpenApiTypes.DATE, description="On or before this day (YYYY-MM-DD)."
)
REQUIRED_PROGRAMME = OpenApiParameter(
    "programme", OpenApiTypes.INT, required=True, description="The programme's id."
)
CONFLICT = OpenApiResponse(
    description="Someone else saved it since you read it: the record as it is now."
)


def _int(request, name: str, *, required: bool = False) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        if required:
            raise ValidationError({name: "Give the id."})
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: "Give a whole number."}) from None
    if not 0 < number < MAX_ID:
        raise ValidationError({name: "No such id."})
    return number


def _date(request, name: str) -> dt.date | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: "Give a date as YYYY-MM-DD."}) from None


def _filtered(request, queryset, *, programme=None, project=None, day=None):
    """Apply the ``programme``, ``project``, ``from`` and ``to`` filters that the
    list supports (each argument is the lookup to filter on)."""
    if programme and (value := _int(request, "programme")):
        queryset = queryset.filter(**{programme: value})
    if project and (value := _int(request, "project")):
        queryset = queryset.filter(**{project: value})
    if day:
        if start := _date(request, "from"):
            queryset = queryset.filter(**{f"{day}__gte": start})
        if end := _date(request, "to"):
            queryset = queryset.filter(**{f"{day}__lte": end})
    return queryset


def _of_visible_projects(request, model, *, day=None):
    """Rows of ``model`` (which has a ``project``) on projects the caller may see,
    with the programme, project and date filters."""
    rows = model.objects.filter(project__in=access.projects(request.user))
    return _filtered(
        request,
        rows,
        programme="project__programme_id",
        project="project_id",
        day=day,
    )


class _ReadWrite:
    """One serializer to show records, another to read what is sent."""

    read_serializer = None
    write_serializer = None

    def get_serializer_class(self):
        if self.request.method in {"POST", "PUT", "PATCH"}:
            return self.write_serializer
        return self.read_serializer


# --- Programmes and projects ----------------------------------------------------------


@extend_schema(tags=["programmes"])
class ProgrammeList(generics.ListAPIView):
    serializer_class = s.ProgrammeSerializer

    def get_queryset(self):
        return (
            access.programmes(self.request.user)
            .select_related("lead_organisation")
            .order_by("name", "id")
        )


@extend_schema(tags=["programmes"])
class ProgrammeDetail(generics.RetrieveAPIView):
    serializer_class = s.ProgrammeSerializer

    def get_object(self):
        return access.programme_for(self.request.user, self.kwargs["pk"])[0]


@extend_schema(tags=["projects"], parameters=[PROGRAMME])
class ProjectList(generics.ListAPIView):
    serializer_class = s.ProjectSerializer

    def get_queryset(self):
        projects = access.projects(self.request.user).order_by("id")
        return _filtered(self.request, projects, programme="programme_id")


@extend_schema(tags=["projects"])
class ProjectDetail(generics.RetrieveAPIView):
    serializer_class = s.ProjectSerializer

    def get_object(self):
        return access.project_for(self.request.user, self.kwargs["pk"])[0]


# --- People ----------------------------------------------------------------------------


def _people(queryset):
    return queryset.select_related(None).prefetch_related(
        "involvements", "seldom_heard_groups"
    )


def _person_data(data: dict) -> tuple[dict, list]:
    values = {
        key: data[key]
        for key in (
            "display_name",
            "is_pseudonym",
            "role_category",
            "organisation",
            "email",
        )
        if key in data
    }
    return values, list(data.get("seldom_heard_groups", []))


@extend_schema(tags=["people"], parameters=[PROGRAMME, PROJECT])
class PersonList(_ReadWrite, generics.ListCreateAPIView):
    """People of the programmes and projects you may see (as their pages show
    them). Logging a new person needs facilitator rights on the project (or the
    programme)."""

    read_serializer = s.StakeholderSerializer
    write_serializer = s.StakeholderWriteSerializer

    def get_queryset(self):
        people = _filtered(
            self.request,
            access.stakeholders(self.request.user),
            programme="programme_id",
            project="involvements__project_id",
        )
        return _people(people.order_by("display_name", "id"))

    @extend_schema(
        request=s.StakeholderWriteSerializer,
        responses={201: s.StakeholderSerializer},
    )
    def post(self, request, *args, **kwargs):
        body = _incoming(request)
        project = None
        # Access first, so nobody learns more than "not found" from the answer.
        if "project" in body:
            project, _ = access.project_for(
                request.user, _body_id(request, "project"), write=True
            )
            programme = project.programme
        elif "programme" in body:
            programme, programme_access = access.programme_for(
                request.user, _body_id(request, "programme")
            )
            if not programme_access.can_edit:
                raise PermissionDenied("Only facilitators can add people.")
        else:
            raise ValidationError({"project": "Give the project (or programme)."})
        data = self._valid(request)
        values, groups = _person_data(data)
        person = project_services.stakeholder_create(
            programme=programme, data=values, groups=groups, project=project
        )
        person = _people(access.stakeholders(request.user)).get(pk=person.pk)
        return Response(s.StakeholderSerializer(person).data, status=201)

    def _valid(self, request):
        serializer = s.StakeholderWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema(tags=["people"])
class PersonDetail(_ReadWrite, generics.RetrieveUpdateAPIView):
    """One person. Changing them needs ``edit_version`` as read: a stale one gets
    409 with the person as saved now."""

    read_serializer = s.StakeholderSerializer
    write_serializer = s.StakeholderWriteSerializer

    def get_object(self):
        write = self.request.method in {"PUT", "PATCH"}
        person = access.stakeholder_for(
            self.request.user, self.kwargs["pk"], write=write
        )
        return _people(type(person).objects.filter(pk=person.pk)).get()

    @extend_schema(
        request=s.StakeholderWriteSerializer,
        responses={200: s.StakeholderSerializer, 409: s.StakeholderSerializer},
    )
    def put(self, request, *args, **kwargs):
        return self._save(request, partial=False)

    @extend_schema(
        request=s.StakeholderWriteSerializer,
        responses={200: s.StakeholderSerializer, 409: s.StakeholderSerializer},
    )
    def patch(self, request, *args, **kwargs):
        return self._save(request, partial=True)

    def _save(self, request, *, partial):
        person = self.get_object()
        if person.is_erased:
            raise ValidationError(
                {"non_field_errors": "This person's details were erased."}
            )
        current = {
            "display_name": person.display_name,
            "is_pseudonym": person.is_pseudonym,
            "role_category": person.role_category,
            "organisation": person.organisation_id,
            "email": person.email,
            "seldom_heard_groups": [g.pk for g in person.seldom_heard_groups.all()],
        }
        incoming = dict(request.data) if partial else {}
        serializer = s.StakeholderWriteSerializer(
            data={**current, **incoming} if partial else request.data
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "edit_version" not in data:
            raise ValidationError({"edit_version": "Give the version you read."})
        values, groups = _person_data(data)
        try:
            project_services.stakeholder_update(
                stakeholder=person,
                data=values,
                groups=groups,
                seen_version=data["edit_version"],
            )
        except EditConflict:
            return Response(s.StakeholderSerializer(self.get_object()).data, status=409)
        return Response(s.StakeholderSerializer(self.get_object()).data)


# --- Activities and attendance ---------------------------------------------------------


def _activities(queryset):
    return project_selectors.with_totals(queryset).prefetch_related(
        Prefetch("attendances", Attendance.objects.order_by("role_category", "id")),
        "headcounts",
    )


def _activity_read(activity_id: int):
    return _activities(Activity.objects.filter(pk=activity_id)).get()


def _activity_values(data: dict) -> dict:
    return {
        key: value
        for key, value in data.items()
        if key in progress_services.ACTIVITY_FIELDS
    }


@extend_schema(tags=["activities"], parameters=[PROGRAMME, PROJECT, FROM, TO])
class ActivityList(_ReadWrite, generics.ListCreateAPIView):
    """Activities with their attendance (named people by role) and headcounts.
    Logging one needs facilitator rights on its project."""

    read_serializer = s.ActivitySerializer
    write_serializer = s.ActivityWriteSerializer

    def get_queryset(self):
        activities = _of_visible_projects(self.request, Activity, day="held_on")
        return _activities(activities.order_by("-held_on", "-id"))

    @extend_schema(
        request=s.ActivityWriteSerializer, responses={201: s.ActivitySerializer}
    )
    def post(self, request, *args, **kwargs):
        project_id = _body_id(request, "project")
        project, _ = access.project_for(request.user, project_id, write=True)
        serializer = s.ActivityWriteSerializer(
            data={"edit_version": 0, **request.data},
            context={"attendee_choices": project_selectors.attendee_choices(project)},
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        activity = progress_services.activity_create(
            project=project,
            data=_activity_values(data),
            attendees=data["attendees"],
            headcounts=data["headcounts"],
            recorded_by=request.user,
        )
        return Response(
            s.ActivitySerializer(_activity_read(activity.pk)).data, status=201
        )


def _body_id(request, name: str) -> int:
    value = request.data.get(name) if hasattr(request.data, "get") else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({name: "Give the id as a whole number."})
    if not 0 < value < MAX_ID:
        raise ValidationError({name: "No such id."})
    return value


def _activity_current(activity) -> dict:
    values = {f: getattr(activity, f) for f in progress_services.ACTIVITY_FIELDS}
    values["attendees"] = project_selectors.activity_attendee_ids(activity)
    values["headcounts"] = [
        {
            "role_category": h.role_category,
            "count": h.count,
            "seldom_heard_count": h.seldom_heard_count,
        }
        for h in activity.headcounts.all()
    ]
    values["project"] = activity.project_id
    return values


def _activity_save(request, activity, incoming: dict, *, partial: bool):
    """Validate ``incoming`` over the saved activity (``partial``: fields left out
    keep their values) and save it through the page's service, 409 when stale."""
    current = _activity_current(activity) if partial else {}
    serializer = s.ActivityWriteSerializer(
        data={**current, "project": activity.project_id, **incoming},
        context={
            "attendee_choices": project_selectors.attendee_choices(
                activity.project, activity
            )
        },
    )
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    try:
        progress_services.activity_update(
            activity=activity,
            data=_activity_values(data),
            attendees=data["attendees"],
            headcounts=data["headcounts"],
            seen_version=data["edit_version"],
        )
    except EditConflict:
        return Response(
            s.ActivitySerializer(_activity_read(activity.pk)).data, status=409
        )
    return Response(s.ActivitySerializer(_activity_read(activity.pk)).data)


def _incoming(request) -> dict:
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": "Send a JSON object."})
    return dict(request.data)


@extend_schema(tags=["activities"])
class ActivityDetail(_ReadWrite, generics.RetrieveUpdateAPIView):
    """One activity. Changing it needs ``edit_version`` as read: a stale one gets
    409 with the activity as saved now."""

    read_serializer = s.ActivitySerializer
    write_serializer = s.ActivityWriteSerializer

    def get_object(self):
        activity = access.activity_for(self.request.user, self.kwargs["pk"])
        return _activity_read(activity.pk)

    def _writable(self):
        return access.activity_for(self.request.user, self.kwargs["pk"], write=True)

    @extend_schema(
        request=s.ActivityWriteSerializer,
        responses={200: s.ActivitySerializer, 409: s.ActivitySerializer},
    )
    def put(self, request, *args, **kwargs):
        activity = self._writable()
        return _activity_save(request, activity, _incoming(request), partial=False)

    @extend_schema(
        request=s.ActivityWriteSerializer,
        responses={200: s.ActivitySerializer, 409: s.ActivitySerializer},
    )
    def patch(self, request, *args, **kwargs):
        activity = self._writable()
        return _activity_save(request, activity, _incoming(request), partial=True)


@extend_schema(tags=["activities"])
class ActivityAttendance(generics.GenericAPIView):
    """Who came: the named people and the headcounts by role, replacing what was
    recorded (the rest of the activity stays as it is)."""

    serializer_class = s.AttendanceWriteSerializer

    @extend_schema(
        request=s.AttendanceWriteSerializer,
        responses={200: s.ActivitySerializer, 409: s.ActivitySerializer},
    )
    def put(self, request, *args, **kwargs):
        activity = access.activity_for(request.user, self.kwargs["pk"], write=True)
        incoming = _incoming(request)
        wanted = {
            key: incoming[key]
            for key in ("attendees", "headcounts", "edit_version")
            if key in incoming
        }
        wanted.setdefault("attendees", [])
        wanted.setdefault("headcounts", [])
        return _activity_save(request, activity, wanted, partial=True)


# --- Stage moves and plans -------------------------------------------------------------


@extend_schema(tags=["stages"], parameters=[PROGRAMME, PROJECT, FROM, TO])
class StageMoveList(_ReadWrite, generics.ListCreateAPIView):
    """Moves through the Double Diamond (and stops). A new move carries the id of
    the last move you read (``seen_transition``): if someone moved the project since,
    you get 409 with the project's moves as they are now."""

    read_serializer = s.StageMoveSerializer
    write_serializer = s.StageMoveWriteSerializer

    def get_queryset(self):
        moves = _of_visible_projects(self.request, StageTransition, day="happened_on")
        return moves.order_by("project_id", "happened_on", "id")

    @extend_schema(
        request=s.StageMoveWriteSerializer,
        responses={201: s.StageMoveSerializer, 409: s.StageMoveSerializer(many=True)},
    )
    def post(self, request, *args, **kwargs):
        project, _ = access.project_for(
            request.user, _body_id(request, "project"), write=True
        )
        serializer = s.StageMoveWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            move = progress_services.stage_move(
                project=project,
                to_stage=data["to_stage"],
                happened_on=data["happened_on"],
                rationale=data["rationale"],
                recorded_by=request.user,
                seen_transition=data["seen_transition"],
            )
        except EditConflict:
            moves = project_selectors.project_transitions(project)
            return Response(s.StageMoveSerializer(moves, many=True).data, status=409)
        return Response(s.StageMoveSerializer(move).data, status=201)


@extend_schema(tags=["stages"], parameters=[PROGRAMME, PROJECT])
class StagePlanList(generics.ListAPIView):
    serializer_class = s.StagePlanSerializer

    def get_queryset(self):
        plans = _of_visible_projects(self.request, StagePlan)
        return plans.order_by("project_id", "stage", "id")


# --- Logic models and scoring rounds ---------------------------------------------------


@extend_schema(tags=["logic models"], parameters=[PROGRAMME, PROJECT])
class LogicModelList(generics.ListAPIView):
    """Logic models with every version and its items."""

    serializer_class = s.LogicModelSerializer

    def get_queryset(self):
        models = _of_visible_projects(self.request, LogicModel)
        return models.order_by("project_id", "id").prefetch_related(
            Prefetch(
                "versions",
                LogicModelVersion.objects.order_by("number").prefetch_related(
                    Prefetch("items", LogicItem.objects.order_by("section", "position"))
                ),
            )
        )


class _Round:
    """A round with its figures, shaped for ``ScoringRoundSerializer``."""

    def __init__(self, scoring_round, results):
        self.id = scoring_round.pk
        self.project_id = scoring_round.project_id
        self.number = scoring_round.number
        self.held_on = scoring_round.held_on
        self.stage = scoring_round.stage
        self.status = scoring_round.status
        self.version = scoring_round.version
        self.dimensions = [_dimension(r) for r in results]


def _figure(figures) -> dict:
    shown = figures.shown
    return {
        "answers": figures.n if shown else 0,
        "median": figures.median if shown else None,
        "lowest": figures.low if shown else None,
        "highest": figures.high if shown else None,
        "shown": shown,
    }


def _dimension(result) -> dict:
    return {
        "dimension": result.dimension.name,
        "target_level": result.target_number,
        "everyone": _figure(result.overall),
        "professionals": _figure(result.professionals),
        "lived_experience": _figure(result.lived),
        "distance_to_target": result.distance,
        "perception_gap": result.gap,
        "dont_know": result.dont_know,
    }


@extend_schema(tags=["scoring"], parameters=[PROGRAMME, PROJECT, FROM, TO])
class ScoringRoundList(generics.ListAPIView):
    """Scoring rounds with the figures their results page shows for each
    dimension: groups smaller than the small-group size are not shown."""

    serializer_class = s.ScoringRoundSerializer

    def get_queryset(self):
        rounds = _of_visible_projects(self.request, ScoringRound, day="held_on")
        return rounds.select_related("version__framework").order_by(
            "project_id", "number"
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        results = rounds_dimension_results(page)
        shaped = [_Round(r, results[r.pk]) for r in page]
        return self.get_paginated_response(
            s.ScoringRoundSerializer(shaped, many=True).data
        )


# --- Evidence: quotes, factor observations, outcome claims -----------------------------


class TableList(generics.GenericAPIView):
    """A programme's export table as JSON rows (the export's own rows: consent,
    redaction and the rest applied there), paged."""

    serializer_class = s.TableRowSerializer
    build = None
    note = ""

    @extend_schema(parameters=[REQUIRED_PROGRAMME])
    def get(self, request, *args, **kwargs):
        programme, _ = access.evaluation_programme_for(
            request.user, _int(request, "programme", required=True)
        )
        table = type(self).build(programme)
        history.read_record(
            instance=programme, action=history.Action.EXPORTED, note=self.note
        )
        names = [feed.column_name(h) for h in table.header]
        rows = [{"row": dict(zip(names, row, strict=True))} for row in table.rows]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.TableRowSerializer(page, many=True).data)


@extend_schema(tags=["evidence"])
class QuoteList(TableList):
    """Quotes exactly as the quotes export has them: "may not quote" left out,
    hidden words replaced, the speaker by role only."""

    build = staticmethod(quotes_table)
    note = "API: quotes"


@extend_schema(tags=["evidence"])
class ObservationList(TableList):
    """Enablers and barriers (factor observations), as the export has them."""

    build = staticmethod(observations_table)
    note = "API: factor observations"


@extend_schema(tags=["evidence"])
class ClaimList(TableList):
    """Outcome contribution claims, as the export has them."""

    build = staticmethod(feed.claims_table)
    note = "API: outcome claims"


# --- The Power BI and Excel feed -------------------------------------------------------


class FeedRowSerializer(serializers.Serializer):
    """A flat row; columns are listed on the programme's Data feed page."""


FEED_TABLE = OpenApiParameter(
    "table",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=list(feed.FEEDS),
    description="Which table.",
)


class _FeedBase(generics.GenericAPIView):
    serializer_class = FeedRowSerializer
    pagination_class = None

    def _feed(self, request):
        build = feed.FEEDS.get(self.kwargs["table"])
        programme, _ = access.evaluation_programme_for(request.user, self.kwargs["pk"])
        if build is None:
            raise Http404("No such table.")
        table = build(programme)
        history.read_record(
            instance=programme,
            action=history.Action.EXPORTED,
            note=f"Data feed: {table.name}.{self.extension}",
        )
        return programme, table


@extend_schema(
    tags=["feed"],
    parameters=[FEED_TABLE],
    responses={
        (200, "application/json"): OpenApiResponse(
            response={"type": "array", "items": {"type": "object"}},
            description="Every row of the table (not paged).",
        )
    },
)
class FeedJson(_FeedBase):
    """A whole table of the programme as JSON, for Power BI and Excel."""

    extension = "json"

    def get(self, request, *args, **kwargs):
        _, table = self._feed(request)
        return Response(table.as_dicts())


@extend_schema(
    tags=["feed"],
    parameters=[FEED_TABLE],
    responses={
        (200, "text/csv"): OpenApiResponse(
            response=OpenApiTypes.STR, description="The table as CSV."
        )
    },
)
class FeedCsv(_FeedBase):
    """A whole table of the programme as CSV (formula-guarded), for Excel."""

    extension = "csv"

    def get(self, request, *args, **kwargs):
        programme, table = self._feed(request)
        response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'inline; filename="{programme.slug}-{table.name}.csv"'
        )
        return response


@extend_schema(tags=["evidence"], parameters=[REQUIRED_PROGRAMME])
class FactorList(generics.ListAPIView):
    """The programme's factor catalogue (what observations are linked to), for
    the same people as its catalogue page."""

    serializer_class = s.FactorSerializer

    def get_queryset(self):
        programme, _ = access.evaluation_programme_for(
            self.request.user, _int(self.request, "programme", required=True)
        )
        return (
            Factor.objects.filter(group__programme=programme)
            .select_related("group")
            .order_by("group__position", "position", "name", "id")
        )


# --- Report jobs ------------------------------------------------------------------------


@extend_schema(tags=["reports"], parameters=[PROGRAMME, PROJECT])
class ReportJobList(_ReadWrite, generics.ListCreateAPIView):
    """Reports made in the background: ask for one (as the reports pages do), then
    follow its ``status`` and fetch ``download`` when it is done."""

    read_serializer = s.ReportJobSerializer
    write_serializer = s.ReportRequestSerializer

    def get_queryset(self):
        jobs = _filtered(
            self.request,
            access.report_jobs(self.request.user),
            programme="programme_id",
            project="project_id",
        )
        return jobs.order_by("-created_at", "-id")

    @extend_schema(
        request=s.ReportRequestSerializer,
        responses={201: s.ReportJobSerializer, 200: s.ReportJobSerializer},
    )
    def post(self, request, *args, **kwargs):
        body = _incoming(request)
        kind = body.get("kind")
        if kind == ReportKind.PROGRAMME:
            programme, _ = access.reports_programme_for(
                request.user, _body_id(request, "programme")
            )
            scope = {"programme": programme}
        else:
            project, _ = access.project_for(request.user, _body_id(request, "project"))
            scope = {"project": project}
        serializer = s.ReportRequestSerializer(data=body)
        serializer.is_valid(raise_exception=True)
        job, created = report_services.report_request(
            user=request.user, kind=serializer.validated_data["kind"], **scope
        )
        return Response(s.ReportJobSerializer(job).data, status=201 if created else 200)


@extend_schema(tags=["reports"])
class ReportJobDetail(generics.RetrieveAPIView):
    serializer_class = s.ReportJobSerializer

    def get_object(self):
        return access.report_job_for(self.request.user, self.kwargs["pk"])


@extend_schema(
    tags=["reports"],
    responses={
        (200, "application/pdf"): OpenApiResponse(
            response=OpenApiTypes.BINARY, description="The report as a PDF."
        ),
        410: OpenApiResponse(description="Withdrawn: the job says why."),
    },
)
class ReportJobDownload(generics.GenericAPIView):
    """The finished PDF, through the same checked path as the page's download."""

    serializer_class = s.ReportJobSerializer

    def get(self, request, *args, **kwargs):
        job = access.report_job_for(request.user, self.kwargs["pk"])
        if job.is_withdrawn:
            return Response(s.ReportJobSerializer(job).data, status=410)
        return report_file_response(job)


class NotFound(generics.GenericAPIView):
    """Any other address under /api/: 404 in JSON, like every API answer."""

    serializer_class = FeedRowSerializer
    permission_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise Http404("There is nothing at this address.")

    post = put = patch = delete = get
