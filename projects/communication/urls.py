from django.urls import path

from projects.communication import views

urlpatterns = [
    path(
        "people/<int:pk>/communication/",
        views.communication_needs_edit,
        name="communication_needs_edit",
    ),
    path(
        "people/<int:pk>/communication/arranged/",
        views.need_arranged,
        name="need_arranged",
    ),
    path(
        "programmes/<slug:slug>/unmet-needs/",
        views.unmet_needs,
        name="unmet_needs",
    ),
]
