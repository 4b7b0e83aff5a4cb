"""Publishing background work, also where there is no broker.

In production (and CI) tasks go to Redis and a Celery worker runs them. ``make run`` has no
broker: Celery then runs a task inside the call (eagerly), which would hold the browser for
the whole of a report's render. With ``TASKS_IN_THREAD`` on (the default when no broker is
set) the task runs instead in a background thread of the web process, so the page answers
at once and the job page shows the same states and progress as with a worker. Tests turn
it off and run tasks inside the call.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from celery import current_app
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _background() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            # One thread: SQLite takes one writer at a time anyway.
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="task")
        return _executor


def _run_here(task, args: tuple, countdown: float | None) -> None:
    if countdown:
        time.sleep(countdown)
    try:
        task.apply(args=args, throw=False)
    except Exception:  # the task records its own failure; never kill the thread
        logger.exception("Background task %s failed", task.name)
    finally:
        connections.close_all()


def publish(task, args: tuple = (), *, countdown: float | None = None):
    """Send ``task`` to the workers, or (no broker) run it in the background thread.

    Returns the Future of the background run, or None when published to a broker or
    run inside the call."""
    if current_app.conf.task_always_eager and settings.TASKS_IN_THREAD:
        return _background().submit(_run_here, task, args, countdown)
    task.apply_async(args, countdown=countdown)
    return None
