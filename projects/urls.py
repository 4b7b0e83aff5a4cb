from django.urls import path

from . import progress_views, views

app_name = "projects"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path(
        "programmes/<slug:slug>/members/",
        views.programme_members,
        name="programme_members",
    ),
    path(
        "programmes/<slug:slug>/members/<int:pk>/remove/",
        views.programme_member_remove,
        name="programme_member_remove",
    ),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<slug:slug>/", views.project_detail, name="project_detail"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("projects/<slug:slug>/brief/", views.brief_revise, name="brief_revise"),
    path(
        "projects/<slug:slug>/people/",
        views.project_stakeholders,
        name="project_stakeholders",
    ),
    path(
        "projects/<slug:slug>/people/<int:pk>/",
        views.involvement_edit,
        name="involvement_edit",
    ),
    path(
        "projects/<slug:slug>/members/", views.project_members, name="project_members"
    ),
    path(
        "projects/<slug:slug>/members/<int:pk>/remove/",
        views.project_member_remove,
        name="project_member_remove",
    ),
    path("projects/<slug:slug>/comments/", views.comment_add, name="comment_add"),
    # Progress: activities, Double Diamond stages, timeline
    path(
        "programmes/<slug:slug>/progress/",
        progress_views.programme_progress,
        name="programme_progress",
    ),
    path(
        "projects/<slug:slug>/activities/",
        progress_views.activity_list,
        name="activity_list",
    ),
    path(
        "projects/<slug:slug>/activities/new/",
        progress_views.activity_create,
        name="activity_create",
    ),
    path(
        "projects/<slug:slug>/activities/<int:pk>/",
        progress_views.activity_detail,
        name="activity_detail",
    ),
    path(
        "projects/<slug:slug>/activities/<int:pk>/edit/",
        progress_views.activity_edit,
        name="activity_edit",
    ),
    path(
        "projects/<slug:slug>/activities/<int:pk>/delete/",
        progress_views.activity_delete,
        name="activity_delete",
    ),
    path(
        "projects/<slug:slug>/stages/",
        progress_views.stage_table,
        name="stage_table",
    ),
    path(
        "projects/<slug:slug>/stages/move/",
        progress_views.stage_move,
        name="stage_move",
    ),
    path(
        "projects/<slug:slug>/stages/stop/",
        progress_views.project_stop,
        name="project_stop",
    ),
    path(
        "projects/<slug:slug>/stages/<str:stage>/",
        progress_views.stage_detail,
        name="stage_detail",
    ),
    path(
        "projects/<slug:slug>/stages/<str:stage>/entries/",
        progress_views.stage_entry_add,
        name="stage_entry_add",
    ),
    path(
        "projects/<slug:slug>/entries/<int:pk>/delete/",
        progress_views.stage_entry_delete,
        name="stage_entry_delete",
    ),
    path(
        "projects/<slug:slug>/timeline/",
        progress_views.project_timeline,
        name="project_timeline",
    ),
    path("people/<int:pk>/", views.stakeholder_edit, name="stakeholder_edit"),
    path(
        "people/<int:pk>/delete/", views.stakeholder_delete, name="stakeholder_delete"
    ),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
]
