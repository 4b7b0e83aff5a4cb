"""Email: unsubscribe links, the account's choices, trying failed sends again."""

from django.urls import path

from evaluation.mail import views

urlpatterns = [
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="mail_unsubscribe"),
    path("account/email/", views.preferences, name="mail_preferences"),
    path(
        "projects/<slug:slug>/scoring/<int:number>/emails/retry/",
        views.round_mail_retry,
        name="round_mail_retry",
    ),
    path(
        "programmes/<slug:slug>/evaluation-stages/<int:pk>/emails/send/",
        views.stage_mail_send,
        name="stage_mail_send",
    ),
    path(
        "programmes/<slug:slug>/evaluation-stages/<int:pk>/emails/retry/",
        views.stage_mail_retry,
        name="stage_mail_retry",
    ),
]
