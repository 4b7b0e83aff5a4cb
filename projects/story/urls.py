"""A project's story for its case study (names in ``projects:``)."""

from django.urls import path

from projects.story import views

urlpatterns = [
    path(
        "projects/<slug:slug>/story/<str:part>/",
        views.story_section_edit,
        name="story_section_edit",
    ),
]
