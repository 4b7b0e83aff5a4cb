from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        # Sign-in stamps for the idle and absolute session limits.
        from coproduce import sessions  # noqa: F401

    def warm(self):
        """Called before gunicorn forks its workers (``coproduce.warmup``)."""
        from projects.memo import code_version

        code_version()
