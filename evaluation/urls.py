"""Evaluation URLs, gathered from one module per area."""

from evaluation.cards.urls import urlpatterns as card_urls
from evaluation.coding.urls import urlpatterns as coding_urls
from evaluation.dashboards.urls import urlpatterns as dashboard_urls
from evaluation.decisions.urls import urlpatterns as decision_urls
from evaluation.evidence.urls import urlpatterns as evidence_urls
from evaluation.factors.urls import urlpatterns as factor_urls
from evaluation.feed.urls import urlpatterns as feed_urls
from evaluation.imports.urls import urlpatterns as import_urls
from evaluation.mail.urls import urlpatterns as mail_urls
from evaluation.matrix.urls import urlpatterns as matrix_urls
from evaluation.outcomes.urls import urlpatterns as outcome_urls
from evaluation.privacy.urls import urlpatterns as privacy_urls
from evaluation.reports.urls import urlpatterns as report_urls

app_name = "evaluation"

urlpatterns = [
    *matrix_urls,
    *factor_urls,
    *outcome_urls,
    *decision_urls,
    *evidence_urls,
    *coding_urls,
    *report_urls,
    *privacy_urls,
    *import_urls,
    *dashboard_urls,
    *mail_urls,
    *feed_urls,
    *card_urls,
]
