from django.urls import include, path

from projects import views

app_name = "projects"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path(
        "programmes/<slug:slug>/settings/",
        views.programme_settings,
        name="programme_settings",
    ),
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
    path("people/<int:pk>/", views.stakeholder_edit, name="stakeholder_edit"),
    path(
        "people/<int:pk>/delete/", views.stakeholder_delete, name="stakeholder_delete"
    ),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path(
        "programmes/<slug:slug>/members/<int:pk>/role/",
        views.programme_member_role,
        name="programme_member_role",
    ),
    path(
        "projects/<slug:slug>/members/<int:pk>/role/",
        views.project_member_role,
        name="project_member_role",
    ),
    path("", include("projects.progress.urls")),
    path("", include("projects.story.urls")),
    path("", include("projects.audit.urls")),
    path("", include("projects.invitations.urls")),
    path("", include("projects.communication.urls")),
    path("", include("projects.payments.urls")),
    path("", include("projects.api.urls")),
]
