"""The real Celery app with test-only report hooks, for the worker-recovery tests.

Never imported by the project: the tests start workers with
``-A tests.evaluation.reports.worker_app``. Environment variables choose the hooks:

- ``TEST_REPORT_SLOW_SECONDS``: wait this long before the real PDF step, so a test
  can kill the worker mid-render at a moment of its choosing;
- ``TEST_REPORT_POISON_MARK``: a report whose HTML contains this text raises instead
  of being drawn (a poison job);
- ``TEST_REPORT_CRASH_MARK``: a report whose HTML contains this text kills the
  process drawing it (a poison job that stops its worker).

Everything else (claim, heartbeat, the real WeasyPrint render, storing) is the
production code.
"""

import os
import signal
import time

from celery import signals

from coproduce.celery import app

__all__ = ["app"]

SLOW_SECONDS = float(os.environ.get("TEST_REPORT_SLOW_SECONDS", "0"))
POISON_MARK = os.environ.get("TEST_REPORT_POISON_MARK", "")
CRASH_MARK = os.environ.get("TEST_REPORT_CRASH_MARK", "")


class PoisonReport(Exception):
    pass


@signals.worker_init.connect
def _install_hooks(**kwargs):
    # After Django is set up (the services module imports models); prefork children
    # inherit the patched module.
    from evaluation.reports import services

    real_html_to_pdf = services.html_to_pdf

    def html_to_pdf_with_hooks(html):
        if POISON_MARK and POISON_MARK in html:
            raise PoisonReport(f"test poison: secret detail {POISON_MARK}")
        if CRASH_MARK and CRASH_MARK in html:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(SLOW_SECONDS)
        return real_html_to_pdf(html)

    services.html_to_pdf = html_to_pdf_with_hooks
