"""Progress: activities, Double Diamond moves and stops, timeline. The stage table and
stage pages, which show the + / − entries, are served by the factors feature (same
paths, ``evaluation:`` names)."""

from django.urls import path

from projects.progress import views

urlpatterns = [
    path(
        "programmes/<slug:slug>/progress/",
        views.programme_progress,
        name="programme_progress",
    ),
    path(
        "projects/<slug:slug>/activities/",
        views.activity_list,
        name="activity_list",
    ),
    path(
        "projects/<slug:slug>/activities/new/",
        views.activity_create,
        name="activity_create",
    ),
    path(
        "projects/<slug:slug>/activities/<int:pk>/",
        views.activity_detail,
        name="activity_detail",
    ),
    path(
        "projects/<slug:slug>/activities/<int:pk>/edit/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "projects/<slug:slug>/activities/<int:pk>/delete/",
        views.activity_delete,
        name="activity_delete",
    ),
    path(
        "projects/<slug:slug>/stages/move/",
        views.stage_move,
        name="stage_move",
    ),
    path(
        "projects/<slug:slug>/stages/stop/",
        views.project_stop,
        name="project_stop",
    ),
    path(
        "projects/<slug:slug>/timeline/",
        views.project_timeline,
        name="project_timeline",
    ),
]
