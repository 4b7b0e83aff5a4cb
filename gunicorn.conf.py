"""Gunicorn settings read by the Procfile's web process (``--config``); the command
line there still sets workers, bind address and timeout.

With ``--preload`` the app is imported once in the master process; ``when_ready``
then fills the caches every worker needs (URL patterns, compiled templates, static
manifest, translations: ``coproduce.warmup``) before the workers are forked, so a
fresh worker's first request costs about what later ones do. Each worker then opens
its database connection (kept for ``CONN_MAX_AGE``) and its cache connection before
it takes a request.
"""


def when_ready(server):
    from coproduce.warmup import site_warm

    done = site_warm()
    server.log.info(
        "Warmed before forking: %s templates compiled in %s s",
        done["templates"],
        done["seconds"],
    )


def post_worker_init(worker):
    """Open this worker's database and cache connections before its first request
    (the master's were closed before forking, so none is shared)."""
    from django.core.cache import cache
    from django.db import connections

    try:
        connections["default"].ensure_connection()
        cache.get("coproduce:warm")
    except Exception:  # the first request reports it, with /health/ready/
        worker.log.warning("Could not reach the database or cache yet", exc_info=True)
