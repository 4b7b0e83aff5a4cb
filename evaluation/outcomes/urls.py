"""Outcomes: theory of change, outcome indicators and contribution claims."""

from django.urls import path

from evaluation.outcomes import views

P = "programmes/<slug:slug>/theory-of-change/"
J = "projects/<slug:slug>/evidence/"

urlpatterns = [
    path(P, views.theory_of_change, name="theory_of_change"),
    path(
        P + "versions/new/",
        views.theory_version_create,
        name="theory_version_create",
    ),
    path(
        P + "versions/<int:pk>/",
        views.theory_version_edit,
        name="theory_version_edit",
    ),
    path(
        P + "versions/<int:version_pk>/statements/new/",
        views.statement_edit,
        name="statement_create",
    ),
    path(P + "statements/<int:pk>/", views.statement_edit, name="statement_edit"),
    path(
        P + "statements/<int:pk>/indicators/",
        views.statement_indicators,
        name="statement_indicators",
    ),
    path(P + "outcomes/", views.contribution_rollup, name="contribution_rollup"),
    path(P + "indicators/", views.indicator_list, name="indicator_list"),
    path(P + "indicators/<int:pk>/move/", views.indicator_move, name="indicator_move"),
    path(
        P + "indicators/<int:pk>/retire/",
        views.indicator_retire,
        name="indicator_retire",
    ),
    path(P + "outcomes/new/", views.indicator_edit, name="indicator_create"),
    path(P + "outcomes/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path(J + "contribution/new/", views.claim_edit, name="claim_create"),
    path(J + "contribution/<int:pk>/", views.claim_edit, name="claim_edit"),
]
