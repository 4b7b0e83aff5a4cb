from django.contrib import admin
from django.urls import include, path

from coproduce import views
from evaluation.dashboards.views import dashboard

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("health/", views.health, name="health"),
    # Readiness for probes and CI: every part the site needs answers (public, no secrets).
    path("health/ready/", views.ready, name="health_ready"),
    # Each user starts on the dashboard that fits their strongest role.
    path("", dashboard, name="home"),
    path("", include("projects.urls")),
    path("", include("logicmodels.urls")),
    path("", include("evaluation.urls")),
]
