from django.urls import path

from evaluation.dashboards import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/facilitator/", views.facilitator_home, name="facilitator_home"),
    path("dashboard/evaluator/", views.evaluator_home, name="evaluator_home"),
    path(
        "programmes/<slug:slug>/dashboard/",
        views.programme_dashboard,
        name="commissioner_dashboard",
    ),
]
