"""Evaluation URLs, gathered from one module per area."""

from .urls_dashboards import urlpatterns as dashboard_urls
from .urls_evidence import urlpatterns as evidence_urls
from .urls_matrix import urlpatterns as matrix_urls
from .urls_reports import urlpatterns as report_urls

app_name = "evaluation"

urlpatterns = [*matrix_urls, *evidence_urls, *report_urls, *dashboard_urls]
