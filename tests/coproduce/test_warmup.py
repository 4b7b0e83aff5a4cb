"""The warm-up gunicorn runs before forking its workers fills the caches a first
request would otherwise fill, without touching the database (a connection opened
before the fork would be shared by every worker)."""

import importlib.util

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
