from django.urls import path

from evaluation.reports import views

urlpatterns = [
    path(
        "projects/<slug:slug>/reports/", views.project_reports, name="project_reports"
    ),
    path(
        "projects/<slug:slug>/learning/",
        views.learning_point_add,
        name="learning_point_add",
    ),
    path(
        "projects/<slug:slug>/learning/<int:pk>/delete/",
        views.learning_point_delete,
        name="learning_point_delete",
    ),
    path(
        "programmes/<slug:slug>/reports/",
        views.programme_reports,
        name="programme_reports",
    ),
    path("reports/<int:pk>/", views.report_job, name="report_job"),
    path("reports/<int:pk>/status/", views.report_job_status, name="report_job_status"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
]
