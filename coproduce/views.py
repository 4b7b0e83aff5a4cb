import datetime

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from health_check import Cache, Database, Storage
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu.exceptions import OperationalError
from redis.asyncio import Redis as RedisClient


def health(request):
    """Liveness for the load balancer: the app answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# The readiness page is public, so each check is named plainly: no host names, ports,
# addresses or credentials (django-health-check's own names include some of them).
class DatabaseCheck(Database):
    def __repr__(self):
        return "Database"


class CacheCheck(Cache):
    def __repr__(self):
        return "Cache"


class StorageCheck(Storage):
    def __repr__(self):
        return "Storage"


class BrokerCheck(Redis):
    def __repr__(self):
        return "Redis"


class WorkerCheck(Ping):
    """At least one Celery worker answers, and one consumes the task queue.

    Beat answers pings too (it runs with remote control on), so its node is left out.
    """

    def __repr__(self):
        return "Celery worker"

    def run(self):
        try:
            super().run()
        except OperationalError as error:  # kombu: the broker cannot be reached
            raise ServiceUnavailable("Cannot reach the task broker") from error

    def active_workers(self, ping_result):
        workers = [
            worker
            for worker in super().active_workers(ping_result)
            if not worker.startswith("celerybeat@")
        ]
        if not workers:
            raise ServiceUnavailable("Celery workers unavailable")
        return workers


def _broker_client():
    return RedisClient.from_url(
        settings.CELERY_BROKER_URL, socket_timeout=2, socket_connect_timeout=2
    )


class ReadinessView(HealthCheckView):
    """Readiness: database, cache, file storage and, with a broker, Redis and a worker.

    Without a broker (``make run``) tasks run inside the web process, so there is no
    worker to wait for.
    """

    def get_checks(self):
        from coproduce.celery import app

        yield DatabaseCheck()
        yield CacheCheck()
        yield StorageCheck()
        broker = settings.CELERY_BROKER_URL
        if broker:
            if broker.startswith(("redis://", "rediss://")):
                yield BrokerCheck(client_factory=_broker_client)
            yield WorkerCheck(app=app, timeout=datetime.timedelta(seconds=2))


ready = ReadinessView.as_view()
