"""Blind double coding: rounds, coding, agreement and settling disagreements."""

from django.urls import path

from evaluation.coding import views

R = "programmes/<slug:slug>/coding/"

urlpatterns = [
    path(R, views.coding_round_list, name="coding_round_list"),
    path(R + "new/", views.coding_round_create, name="coding_round_create"),
    path(R + "<int:pk>/", views.coding_round_detail, name="coding_round_detail"),
    path(R + "<int:pk>/code/", views.coding_round_code, name="coding_round_code"),
    path(
        R + "<int:pk>/agreement/",
        views.coding_round_agreement,
        name="coding_round_agreement",
    ),
    path(
        R + "<int:pk>/disagreements/",
        views.coding_round_disagreements,
        name="coding_round_disagreements",
    ),
    path(
        R + "<int:pk>/disagreements/<int:quote_pk>/",
        views.coding_round_settle,
        name="coding_round_settle",
    ),
    path(R + "<int:pk>/close/", views.coding_round_close, name="coding_round_close"),
    path(R + "<int:pk>/finish/", views.coding_round_finish, name="coding_round_finish"),
]
