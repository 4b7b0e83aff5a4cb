from django.contrib import admin
from django.urls import include, path

from coproduce import views
from evaluation.dashboards.views import dashboard

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("health/", views.health, name="health"),
    # Each user starts on the dashboard that fits their strongest role.
    path("", dashboard, name="home"),
    path("", include("projects.urls")),
    path("", include("logicmodels.urls")),
    path("", include("evaluation.urls")),
]
