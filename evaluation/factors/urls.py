"""Factors: the catalogue, cross-case analysis, observations, and the Double Diamond
stage table with its + / − entries (paths under projects/, names in ``evaluation:``)."""

from django.urls import path

from evaluation.factors import views

P = "programmes/<slug:slug>/"
J = "projects/<slug:slug>/"

urlpatterns = [
    # Factor catalogue
    path(P + "factors/", views.factor_catalogue, name="factor_catalogue"),
    path(
        P + "factors/standard/",
        views.factor_catalogue_seed,
        name="factor_catalogue_seed",
    ),
    path(
        P + "factors/groups/new/", views.factor_group_edit, name="factor_group_create"
    ),
    path(
        P + "factors/groups/<int:pk>/",
        views.factor_group_edit,
        name="factor_group_edit",
    ),
    path(P + "factors/new/", views.factor_edit, name="factor_create"),
    path(P + "factors/<int:pk>/", views.factor_edit, name="factor_edit"),
    # Cross-case analysis
    path(P + "cross-case/", views.cross_case, name="cross_case"),
    path(
        P + "cross-case/evidence/",
        views.cross_case_evidence,
        name="cross_case_evidence",
    ),
    # Observations, as evaluators grade them
    path(
        J + "evidence/observations/new/",
        views.observation_edit,
        name="observation_create",
    ),
    path(
        J + "evidence/observations/<int:pk>/",
        views.observation_edit,
        name="observation_edit",
    ),
    # The stage table and its + / − entries
    path(J + "stages/", views.stage_table, name="stage_table"),
    path(J + "stages/<str:stage>/", views.stage_detail, name="stage_detail"),
    path(
        J + "stages/<str:stage>/entries/",
        views.stage_entry_add,
        name="stage_entry_add",
    ),
    path(
        J + "entries/<int:pk>/delete/",
        views.stage_entry_delete,
        name="stage_entry_delete",
    ),
]
