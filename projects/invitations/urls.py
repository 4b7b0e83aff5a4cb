from django.urls import path

from projects.invitations import views

urlpatterns = [
    path(
        "programmes/<slug:slug>/invite/",
        views.programme_invite,
        name="programme_invite",
    ),
    path("projects/<slug:slug>/invite/", views.project_invite, name="project_invite"),
    path(
        "invitations/<int:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
