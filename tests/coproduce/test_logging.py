"""JSON log lines with a request id, set per request and carried into Celery tasks."""

import json
import logging
import sys
import threading

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker

from coproduce.logging import JsonFormatter, RequestIdFilter, request_id_var


def record(message="Report %s made", *args, exc_info=None):
    return logging.LogRecord(
        "evaluation.reports", logging.INFO, __file__, 1, message, args, exc_info
    )


def test_a_log_line_is_one_json_object_with_the_request_id():
    token = request_id_var.set("abc123def456")
    try:
        line = record("Report %s made", 7)
        RequestIdFilter().filter(line)
    finally:
        request_id_var.reset(token)
    entry = json.loads(JsonFormatter().format(line))
    assert entry["message"] == "Report 7 made"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "evaluation.reports"
    assert entry["request_id"] == "abc123def456"
    assert entry["time"].endswith("+00:00")


def test_outside_a_request_the_id_is_a_dash_and_errors_keep_their_traceback():
    try:
        raise ValueError("render failed")
    except ValueError:
        line = record("Render failed", exc_info=sys.exc_info())
    RequestIdFilter().filter(line)
    entry = json.loads(JsonFormatter().format(line))
    assert entry["request_id"] == "-"
    assert "ValueError: render failed" in entry["exception"]
    assert "\n" not in JsonFormatter().format(line)


def test_each_response_carries_a_new_request_id(client, db):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_request_id_from_the_proxy_is_kept_when_it_is_well_formed(client, db):
    response = client.get("/health/", HTTP_X_REQUEST_ID="proxy-0f3a9c1e77")
    assert response["X-Request-ID"] == "proxy-0f3a9c1e77"
    forged = client.get("/health/", HTTP_X_REQUEST_ID="bad id\nlevel=ERROR")
    assert forged["X-Request-ID"] != "bad id\nlevel=ERROR"
    assert len(forged["X-Request-ID"]) == 32


def test_log_lines_written_during_a_request_carry_its_id(client, db, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-42-abcdef")
    assert response.status_code == 404
    lines = [r for r in caplog.records if r.name == "django.request"]
    assert lines and all(r.request_id == "req-42-abcdef" for r in lines)


@pytest.fixture
def memory_app():
    """A Celery app on the in-memory broker, with a real worker in a thread."""
    app = Celery("request-id-test", broker="memory://", backend="cache+memory://")
    app.conf.task_always_eager = False
    seen = {}
    done = threading.Event()

    @app.task(name="tests.record_request_id")
    def record_request_id():
        seen["request_id"] = request_id_var.get()
        done.set()

    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        yield record_request_id, seen, done
    app.close()


def test_a_task_published_during_a_request_logs_with_that_requests_id(memory_app):
    task, seen, done = memory_app
    token = request_id_var.set("click-0123456789")
    try:
        task.delay()
    finally:
        request_id_var.reset(token)
    assert done.wait(10), "the worker did not run the task"
    assert seen["request_id"] == "click-0123456789"
    # The worker forgets the id once the task is over.
    assert request_id_var.get() == "-"
