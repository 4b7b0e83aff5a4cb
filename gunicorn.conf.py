"""Gunicorn settings read by the Procfile's web process (``--config``); the command
line there still sets workers, bind address and timeout.

With ``--preload`` the app is imported once in the master process; ``when_ready``
then fills the caches every worker needs (URL patterns, compiled templates, static
manifest, translations: ``coproduce.warmup``) before the workers are forked, so a
fresh worker's first request costs about what later ones do.
"""


def when_ready(server):
    from coproduce.warmup import site_warm

    done = site_warm()
    server.log.info(
        "Warmed before forking: %s templates compiled in %s s",
        done["templates"],
        done["seconds"],
    )
