"""The warm-up gunicorn runs before forking its workers fills the caches a first
request would otherwise fill, without touching the database (a connection opened
before the fork would be shared by every worker)."""

import importlib.util

import pytest
from django.conf import settings
from django.template import engines

from coproduce.warmup import site_warm


def _cached_names() -> set[str]:
    engine = engines["django"].engine
    loader = engine.template_loaders[0]
    return {key.split("-")[0] for key in getattr(loader, "get_template_cache", {})}


def test_warming_compiles_every_template_without_the_database():
    # No database for this test: any query would fail it.
    done = site_warm()

    assert done["templates"] > 100
    cached = _cached_names()
    for name in (
        "base.html",
        "evaluation/dashboards/programme_dashboard.html",
        "evaluation/factors/cross_case.html",
        "evaluation/matrix/round_detail.html",
    ):
        assert name in cached, name


def test_gunicorn_config_warms_before_forking():
    path = settings.BASE_DIR / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    lines = []

    class Log:
        def info(self, message, *args):
            lines.append(message % args)

    class Server:
        log = Log()

    config.when_ready(Server())
    assert lines and lines[0].startswith("Warmed before forking: ")
    procfile = (settings.BASE_DIR / "Procfile").read_text()
    assert "--config gunicorn.conf.py --preload" in procfile


def test_warming_hashes_the_code_for_the_memo_and_the_report_stamps():
    from evaluation.reports.stamps import templates_version
    from projects.memo import code_version

    code_version.cache_clear()
    templates_version.cache_clear()
    site_warm()
    # Each app's warm() ran: the hashes are read, and later calls take them as read.
    assert code_version.cache_info().currsize == 1
    assert templates_version.cache_info().currsize == 1


@pytest.mark.django_db(transaction=True)
def test_each_worker_opens_its_database_connection_before_its_first_request():
    from django.db import connections

    path = settings.BASE_DIR / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    database = connections["default"]
    database.close()
    if database.vendor == "postgresql":  # an in-memory SQLite database stays open
        assert database.connection is None

    class Worker:
        class log:
            @staticmethod
            def warning(*args, **kwargs):
                raise AssertionError(args)

    config.post_worker_init(Worker())
    assert database.connection is not None and database.is_usable()
