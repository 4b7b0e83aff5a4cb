"""The REST API under /api/ (namespace ``api``), its schema and its docs page."""

from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from evaluation.api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs page loads its script from a file, so it keeps the site's CSP.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path("programmes/", views.ProgrammeList.as_view(), name="programme_list"),
    path(
        "programmes/<int:pk>/", views.ProgrammeDetail.as_view(), name="programme_detail"
    ),
    path(
        "programmes/<int:pk>/feed/<str:table>.csv",
        views.FeedCsv.as_view(),
        name="feed_csv",
    ),
    path(
        "programmes/<int:pk>/feed/<str:table>.json",
        views.FeedJson.as_view(),
        name="feed_json",
    ),
    path("projects/", views.ProjectList.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectDetail.as_view(), name="project_detail"),
    path("people/", views.PersonList.as_view(), name="person_list"),
    path("people/<int:pk>/", views.PersonDetail.as_view(), name="person_detail"),
    path("activities/", views.ActivityList.as_view(), name="activity_list"),
    path(
        "activities/<int:pk>/", views.ActivityDetail.as_view(), name="activity_detail"
    ),
    path(
        "activities/<int:pk>/attendance/",
        views.ActivityAttendance.as_view(),
        name="activity_attendance",
    ),
    path("stage-moves/", views.StageMoveList.as_view(), name="stage_move_list"),
    path("stage-plans/", views.StagePlanList.as_view(), name="stage_plan_list"),
    path("logic-models/", views.LogicModelList.as_view(), name="logic_model_list"),
    path(
        "scoring-rounds/", views.ScoringRoundList.as_view(), name="scoring_round_list"
    ),
    path("quotes/", views.QuoteList.as_view(), name="quote_list"),
    path("factors/", views.FactorList.as_view(), name="factor_list"),
    path("observations/", views.ObservationList.as_view(), name="observation_list"),
    path("outcome-claims/", views.ClaimList.as_view(), name="claim_list"),
    path("report-jobs/", views.ReportJobList.as_view(), name="report_job_list"),
    path(
        "report-jobs/<int:pk>/",
        views.ReportJobDetail.as_view(),
        name="report_job_detail",
    ),
    path(
        "report-jobs/<int:pk>/download/",
        views.ReportJobDownload.as_view(),
        name="report_job_download",
    ),
    # Last: an address that matches nothing above still answers in JSON.
    re_path(r"^.*$", views.NotFound.as_view()),
]
