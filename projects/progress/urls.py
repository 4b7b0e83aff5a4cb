"""Progress: activities, Double Diamond stages and plans, timeline."""

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
        "projects/<slug:slug>/stages/",
        views.stage_table,
        name="stage_table",
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
        "projects/<slug:slug>/stages/<str:stage>/",
        views.stage_detail,
        name="stage_detail",
    ),
    path(
        "projects/<slug:slug>/stages/<str:stage>/entries/",
        views.stage_entry_add,
        name="stage_entry_add",
    ),
    path(
        "projects/<slug:slug>/entries/<int:pk>/delete/",
        views.stage_entry_delete,
        name="stage_entry_delete",
    ),
    path(
        "projects/<slug:slug>/timeline/",
        views.project_timeline,
        name="project_timeline",
    ),
]
