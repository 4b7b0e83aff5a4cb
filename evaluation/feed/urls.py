from django.urls import path

from evaluation.feed import views

urlpatterns = [
    path(
        "programmes/<slug:slug>/data-feed/",
        views.programme_data_feed,
        name="programme_data_feed",
    ),
]
