"""Evaluation URLs, gathered from one module per area."""

from evaluation.dashboards.urls import urlpatterns as dashboard_urls
from evaluation.evidence.urls import urlpatterns as evidence_urls
from evaluation.matrix.urls import urlpatterns as matrix_urls
from evaluation.reports.urls import urlpatterns as report_urls

app_name = "evaluation"

urlpatterns = [*matrix_urls, *evidence_urls, *report_urls, *dashboard_urls]
