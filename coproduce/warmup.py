"""Fill the per-process caches a web worker would otherwise fill on its first
requests: the URL patterns and every view module behind them, the compiled
templates, the static files manifest, the translation catalogues and date formats, the modules the first query
and the cache would import, and whatever each app's config names in a ``warm()``
method (``projects``: the memo's code hash; ``evaluation``: the PDF templates' hash).

``gunicorn.conf.py`` calls ``site_warm`` once in the master process after the app is
preloaded, before the workers are forked, so every worker starts with them (shared
copy-on-write) instead of paying a second or more on its first page. It never
touches the database, and leaves no connection open to be shared by the workers.
"""

import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connections
from django.template import engines
from django.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import get_resolver
from django.utils import formats, translation
from django.utils.module_loading import import_string


def _template_names(directory: Path) -> list[str]:
    return sorted(
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if path.suffix in {".html", ".txt", ".svg", ".xml"} and path.is_file()
    )


def templates_compile() -> int:
    """Compile every template of the project's own folder into the cached loader;
    the number compiled."""
    compiled = 0
    for engine in engines.all():
        for directory in getattr(engine, "dirs", []) or []:
            for name in _template_names(Path(directory)):
                try:
                    engine.get_template(name)
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    continue  # a fragment that is not a template on its own
                compiled += 1
    return compiled


def site_warm() -> dict:
    """Warm the caches; what was done and how long it took (for the log)."""
    started = time.perf_counter()
    resolver = get_resolver()
    resolver._populate()  # imports every view module and builds the reverse table
    templates = templates_compile()
    try:  # the static files manifest (with DEBUG off) is read on first use
        staticfiles_storage.url("css/coproduce.css")
    except ValueError:  # not collected yet: the page would fail the same way
        pass
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Sign in")
            formats.get_format("DATE_FORMAT")  # imports the locale's formats
    # Imported on first use otherwise: the cache backend (no connection is made
    # here) and pghistory's query wrapper.
    for backend in {c["BACKEND"] for c in settings.CACHES.values()}:
        import_string(backend)
    import pghistory.runtime  # noqa: F401

    for config in apps.get_app_configs():
        warm = getattr(config, "warm", None)
        if callable(warm):
            warm()
    connections.close_all()  # the workers open their own
    return {
        "templates": templates,
        "seconds": round(time.perf_counter() - started, 2),
    }
