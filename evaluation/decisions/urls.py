"""The decision log of each project and the programme's decisions."""

from django.urls import path

from evaluation.decisions import views

J = "projects/<slug:slug>/decisions/"
D = J + "<int:pk>/"

urlpatterns = [
    path(J, views.decision_log, name="decision_log"),
    path(J + "new/", views.decision_edit, name="decision_create"),
    path(D, views.decision_detail, name="decision_detail"),
    path(D + "edit/", views.decision_edit, name="decision_edit"),
    path(D + "delete/", views.decision_delete, name="decision_delete"),
    path(D + "inputs/new/", views.decision_input_edit, name="decision_input_create"),
    path(
        D + "inputs/<int:input_pk>/",
        views.decision_input_edit,
        name="decision_input_edit",
    ),
    path(
        D + "inputs/<int:input_pk>/delete/",
        views.decision_input_delete,
        name="decision_input_delete",
    ),
    path(
        "programmes/<slug:slug>/decisions/",
        views.programme_decisions,
        name="programme_decisions",
    ),
]
