"""Logs as JSON lines, and the request id that ties one request's lines together.

The request id is set by ``coproduce.middleware.request_id`` for each web request (and
echoed in the ``X-Request-ID`` response header). It travels with every Celery task the
request publishes, in the message headers, and is restored while the worker runs the
task, so a report's render logs carry the id of the click that asked for it.
"""

import contextvars
import datetime
import json
import logging
import os

from celery.signals import before_task_publish, task_postrun, task_prerun
from gunicorn import glogging

NO_REQUEST = "-"
HEADER = "request_id"

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=NO_REQUEST
)


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id``: the current request's or task's id, or ``-``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id (+ error)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class GunicornLogger(glogging.Logger):
    """Gunicorn's own lines (start-up, worker restarts, timeouts) in our log format.

    Set with ``--logger-class`` in the Procfile; JSON when ``LOG_FORMAT=json``.
    """

    def setup(self, cfg):
        super().setup(cfg)
        if os.environ.get("LOG_FORMAT") == "json":
            for handler in self.error_log.handlers + self.access_log.handlers:
                handler.setFormatter(JsonFormatter())
                handler.addFilter(RequestIdFilter())


@before_task_publish.connect(weak=False)
def _publish_request_id(headers=None, **kwargs):
    request_id = request_id_var.get()
    if headers is not None and request_id != NO_REQUEST:
        headers.setdefault(HEADER, request_id)


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect(weak=False)
def _restore_request_id(task_id=None, task=None, **kwargs):
    # Custom message headers appear as attributes of the task's request context.
    request_id = getattr(task.request, HEADER, None) if task is not None else None
    if request_id and task_id:
        _task_tokens[task_id] = request_id_var.set(str(request_id))


@task_postrun.connect(weak=False)
def _forget_request_id(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)
