import pytest

from evaluation.reports import services as report_services


@pytest.fixture
def no_broker(monkeypatch):
    """Requests are stored but nothing is published (as with the broker down); the
    list holds the ids that would have been published."""
    published = []
    monkeypatch.setattr(
        report_services, "_enqueue", lambda job_id, delay=0: published.append(job_id)
    )
    return published
