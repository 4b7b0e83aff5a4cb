"""Checks that need the real services: PostgreSQL, Redis and a Celery worker.

They fail under CI (REQUIRE_SERVICES=1) when a service is missing, and skip on a
laptop without one.
"""

import time

import pytest
from django.conf import settings
from django.db import connection

from projects.tasks import project_count
from tests.conftest import service_missing
from tests.factories import ProjectFactory
from tests.workers import back_to_eager, start_worker, stop_process, use_broker


def redis_url() -> str:
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        service_missing("no Redis broker configured (CELERY_BROKER_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        service_missing(f"Redis at {url} does not answer: {error}")
    return url


def test_suite_runs_on_postgresql(db):
    if connection.vendor != "postgresql":
        service_missing("DATABASE_URL does not point at PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 15


@pytest.fixture
def worker(transactional_db):
    """A real Celery worker process using the test database."""
    url = redis_url()
    process = start_worker(url)
    use_broker(url)
    try:
        yield process
    finally:
        back_to_eager()
        stop_process(process)


def test_a_task_runs_through_redis_and_a_real_worker(worker):
    project = ProjectFactory()
    ProjectFactory(programme=project.programme)
    started = time.monotonic()
    result = project_count.delay(project.programme_id)
    assert result.get(timeout=60) == 2
    assert worker.poll() is None
    assert time.monotonic() - started < 60
