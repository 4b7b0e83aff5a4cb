from django.urls import path

from projects.payments import views

urlpatterns = [
    path(
        "projects/<slug:slug>/payments/",
        views.project_payments,
        name="project_payments",
    ),
    path("payments/<int:pk>/", views.payment_edit, name="payment_edit"),
    path(
        "programmes/<slug:slug>/payments/",
        views.programme_payments,
        name="programme_payments",
    ),
    path(
        "programmes/<slug:slug>/payments.csv",
        views.programme_payments_csv,
        name="programme_payments_csv",
    ),
    path(
        "programmes/<slug:slug>/payments.xlsx",
        views.programme_payments_xlsx,
        name="programme_payments_xlsx",
    ),
]
