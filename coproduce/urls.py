from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("health/", views.health, name="health"),
    path("", include("projects.urls")),
    path("", include("logicmodels.urls")),
    path("", include("evaluation.urls")),
]
