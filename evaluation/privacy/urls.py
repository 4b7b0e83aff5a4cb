from django.urls import path

from evaluation.privacy import views

urlpatterns = [
    path("people/<int:pk>/data/", views.person_data, name="person_data"),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
    path(
        "personal-data/<int:pk>/",
        views.subject_access_job,
        name="subject_access_job",
    ),
    path(
        "personal-data/<int:pk>/status/",
        views.subject_access_job_status,
        name="subject_access_job_status",
    ),
    path(
        "personal-data/<int:pk>/download/",
        views.subject_access_download,
        name="subject_access_download",
    ),
    path(
        "personal-data/<int:pk>/retry/",
        views.subject_access_retry,
        name="subject_access_retry",
    ),
    path(
        "programmes/<slug:slug>/personal-data/",
        views.programme_personal_data,
        name="programme_personal_data",
    ),
]
