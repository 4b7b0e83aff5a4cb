from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        # Sign-in stamps for the idle and absolute session limits.
        from coproduce import sessions  # noqa: F401
