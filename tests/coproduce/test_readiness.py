"""/health/ is a cheap liveness answer; /health/ready/ checks every part the site needs.
Anyone may call both, so neither may reveal how the site is set up."""

import os

import pytest

from tests.conftest import service_missing
from tests.workers import (
    back_to_eager,
    free_port,
    start_worker,
    stop_process,
    use_broker,
)


def test_liveness_answers_anyone_with_a_plain_ok(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_without_a_broker_readiness_checks_database_cache_and_storage(
    client, db, settings, tmp_path
):
    settings.CELERY_BROKER_URL = ""
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/health/ready/", HTTP_ACCEPT="text/plain")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "Database: OK",
        "Cache: OK",
        "Storage: OK",
    ]
    # The storage check cleans up after itself.
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert response["Cache-Control"].startswith("max-age=0")


def test_readiness_page_for_people_is_html(client, db, settings, tmp_path):
    settings.CELERY_BROKER_URL = ""
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/health/ready/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "System status" in response.content.decode()


@pytest.fixture
def dead_broker(settings):
    url = f"redis://:broker-password-1234@127.0.0.1:{free_port()}/5"
    settings.CELERY_BROKER_URL = url
    use_broker(url)
    yield url
    back_to_eager()


def test_a_missing_broker_and_worker_fail_readiness_without_revealing_where_they_are(
    client, db, settings, tmp_path, dead_broker
):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/health/ready/?format=text")
    assert response.status_code == 500
    body = response.content.decode()
    lines = dict(line.split(": ", 1) for line in body.splitlines())
    assert lines["Database"] == "OK" and lines["Storage"] == "OK"
    assert lines["Redis"].startswith("Unavailable")
    assert lines["Celery worker"].startswith("Unavailable")
    port = dead_broker.rsplit(":", 1)[1].split("/")[0]
    for secret in ("broker-password-1234", port, "127.0.0.1", "redis://"):
        assert secret not in body
    html = client.get("/health/ready/", HTTP_ACCEPT="text/html").content.decode()
    assert "broker-password-1234" not in html and port not in html


@pytest.mark.services
def test_with_a_running_worker_every_part_is_ready(client, transactional_db, settings):
    broker = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL")
    if not broker:
        service_missing("no Redis (set CELERY_BROKER_URL)")
    settings.CELERY_BROKER_URL = broker
    use_broker(broker)
    worker = start_worker(broker)
    try:
        for _ in range(30):
            response = client.get("/health/ready/?format=text")
            if response.status_code == 200:
                break
        body = response.content.decode()
        assert response.status_code == 200, body
        assert body.splitlines() == [
            "Database: OK",
            "Cache: OK",
            "Storage: OK",
            "Redis: OK",
            "Celery worker: OK",
        ]
    finally:
        stop_process(worker)
        back_to_eager()
