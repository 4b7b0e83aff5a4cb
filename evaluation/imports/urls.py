"""Spreadsheet import: upload pages per kind, templates and samples, the job page."""

from django.urls import path

from evaluation.imports import views

urlpatterns = [
    path(
        "projects/<slug:slug>/import/people/",
        views.import_people,
        name="import_people",
    ),
    path(
        "projects/<slug:slug>/import/activities/",
        views.import_activities,
        name="import_activities",
    ),
    path(
        "programmes/<slug:slug>/evaluation-stages/<int:pk>/import/",
        views.import_counts,
        name="import_counts",
    ),
    path(
        "imports/template/<str:kind>.<str:fmt>",
        views.import_template,
        name="import_template",
    ),
    path(
        "imports/sample/<str:kind>.<str:fmt>",
        views.import_sample,
        name="import_sample",
    ),
    path(
        "programmes/<slug:slug>/imports/<int:pk>/",
        views.import_job,
        name="import_job",
    ),
    path(
        "programmes/<slug:slug>/imports/<int:pk>/status/",
        views.import_job_status,
        name="import_job_status",
    ),
    path(
        "programmes/<slug:slug>/imports/<int:pk>/confirm/",
        views.import_confirm,
        name="import_confirm",
    ),
]
