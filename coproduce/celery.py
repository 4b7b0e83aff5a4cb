"""The Celery app. Settings are read from Django settings with the CELERY_ prefix."""

import os

from celery import Celery

# Carries the web request's id into the tasks it publishes (Celery signals).
import coproduce.logging  # noqa: F401

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")

app = Celery("coproduce")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
