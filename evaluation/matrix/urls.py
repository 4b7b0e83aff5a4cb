"""Matrix scoring URLs: programme frameworks, project rounds, participant links."""

from django.urls import path

from evaluation.matrix import views

ROUND = "projects/<slug:slug>/scoring/<int:number>/"

urlpatterns = [
    path("scoring/", views.scoring_home, name="scoring_home"),
    path(
        "programmes/<slug:slug>/frameworks/",
        views.framework_list,
        name="framework_list",
    ),
    path(
        "programmes/<slug:slug>/frameworks/<int:pk>/",
        views.framework_detail,
        name="framework_detail",
    ),
    path(
        "programmes/<slug:slug>/frameworks/<int:pk>/versions/<int:number>/",
        views.framework_detail,
        name="framework_version",
    ),
    path(
        "programmes/<slug:slug>/frameworks/<int:pk>/edit/",
        views.framework_edit,
        name="framework_edit",
    ),
    path(
        "programmes/<slug:slug>/frameworks/<int:pk>/texts/",
        views.framework_texts,
        name="framework_texts",
    ),
    path(
        "programmes/<slug:slug>/scoring/",
        views.programme_scoring,
        name="programme_scoring",
    ),
    path("projects/<slug:slug>/scoring/", views.round_list, name="round_list"),
    path("projects/<slug:slug>/scoring/new/", views.round_open, name="round_open"),
    path(ROUND, views.round_detail, name="round_detail"),
    path(ROUND + "respond/", views.round_respond, name="round_respond"),
    path(ROUND + "links/", views.round_links, name="round_links"),
    path(
        ROUND + "links/<int:pk>/revoke/",
        views.round_link_revoke,
        name="round_link_revoke",
    ),
    path(
        ROUND + "links/<int:pk>/renew/",
        views.round_link_renew,
        name="round_link_renew",
    ),
    path(
        ROUND + "closing-date/",
        views.round_closing_date,
        name="round_closing_date",
    ),
    path(ROUND + "close/", views.round_close, name="round_close"),
    path(ROUND + "reopen/", views.round_reopen, name="round_reopen"),
    path(ROUND + "results.csv", views.round_export, name="round_export"),
    path("score/<str:token>/", views.score_start, name="score_start"),
    path("score/<str:token>/check/", views.score_check, name="score_check"),
    path("score/<str:token>/<int:step>/", views.score_step, name="score_step"),
]
