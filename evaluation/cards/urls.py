"""QR cards of personal links, for workshops."""

from django.urls import path

from evaluation.cards import views

urlpatterns = [
    path(
        "projects/<slug:slug>/scoring/<int:number>/cards/",
        views.round_cards,
        name="round_cards",
    ),
    path(
        "programmes/<slug:slug>/evaluation-stages/<int:pk>/cards/",
        views.stage_cards,
        name="stage_cards",
    ),
]
