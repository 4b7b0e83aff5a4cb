"""The audit pages (the history of a programme's data, and of one person's)."""

from django.urls import path

from projects.audit import views

urlpatterns = [
    path(
        "programmes/<slug:slug>/audit/",
        views.programme_audit,
        name="programme_audit",
    ),
    path("people/<int:pk>/audit/", views.person_audit, name="person_audit"),
]
