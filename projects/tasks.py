"""Background tasks for projects."""

from celery import shared_task

from projects.models import Project


@shared_task(ignore_result=False)
def project_count(programme_id: int) -> int:
    """How many projects a programme has: a small real task that proves the worker
    reaches the database (used by the Celery round-trip test)."""
    return Project.objects.filter(programme_id=programme_id).count()
