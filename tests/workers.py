"""Start real Celery workers and Redis servers for the service tests."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from coproduce.celery import app as celery_app
from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parent.parent


def require_shared_database() -> None:
    """Skip (fail in CI) unless a worker process can use the test's database.

    A worker is a separate process: it sees the rows a test wrote only when both talk
    to one database server. SQLite test databases live in this process's memory.
    """
    if connection.vendor != "postgresql":
        service_missing(
            "a worker process can share the test database only on PostgreSQL "
            "(set DATABASE_URL to a PostgreSQL server)"
        )


def redis_server_path() -> str:
    """The redis-server program, for tests that start and stop a Redis of their own."""
    path = shutil.which("redis-server")
    if not path:
        service_missing("redis-server is not installed (not found on PATH)")
    return path


def database_url_for_subprocess() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        return (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}"
            f"/{db['NAME']}"
        )
    return f"sqlite:///{db['NAME']}"


def _celery(broker_url, arguments, *, app, log, extra_env) -> subprocess.Popen:
    env = {
        **os.environ,
        "CELERY_BROKER_URL": broker_url,
        "DATABASE_URL": database_url_for_subprocess(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **{k: str(v) for k, v in extra_env.items()},
    }
    output = open(log, "ab") if log else None  # the child keeps its own copy
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", app, *arguments],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
    finally:
        if output:
            output.close()


def start_worker(
    broker_url: str,
    *,
    app: str = "coproduce",
    log=None,
    pool: str = "solo",
    **extra_env,
) -> subprocess.Popen:
    """A real worker process (solo pool by default: its pid is the one rendering;
    ``pool="prefork"`` renders in child processes the worker replaces when they die).

    ``app`` is the Celery app module (a test may wrap the real app with test-only
    hooks); ``log`` a file that receives the worker's output; ``extra_env`` settings
    read from the environment, e.g. ``REPORT_LEASE_SECONDS``."""
    require_shared_database()
    return _celery(
        broker_url,
        [
            "worker",
            f"--pool={pool}",
            *(["--concurrency=1"] if pool == "prefork" else []),
            "--loglevel=" + os.environ.get("TEST_WORKER_LOGLEVEL", "WARNING"),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        app=app,
        log=log,
        extra_env=extra_env,
    )


def start_beat(broker_url: str, schedule, *, log=None, **extra_env) -> subprocess.Popen:
    """A real Celery beat process publishing CELERY_BEAT_SCHEDULE (state in
    ``schedule``, a file path of the test's own)."""
    require_shared_database()
    return _celery(
        broker_url,
        [
            "beat",
            "--schedule",
            str(schedule),
            "--loglevel=" + os.environ.get("TEST_WORKER_LOGLEVEL", "WARNING"),
        ],
        app="coproduce",
        log=log,
        extra_env=extra_env,
    )


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _reset_connections() -> None:
    # kombu keeps one pool per broker URL; forget ours so the next publish picks the
    # pool of the URL now configured.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


def use_broker(url: str) -> None:
    """Point this test process's Celery app at a real broker (no eager tasks)."""
    _reset_connections()
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = url
    celery_app.conf.broker_read_url = url
    celery_app.conf.broker_write_url = url
    celery_app.conf.result_backend = url


def back_to_eager() -> None:
    _reset_connections()
    celery_app.conf.task_always_eager = True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throwaway redis-server of our own, so a test can stop and start it."""

    def __init__(self):
        # Both checks come before anything starts, so a missing part skips at once.
        require_shared_database()
        self.program = redis_server_path()
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="coproduce-redis-")
        self.pidfile = Path(self.dir) / "redis.pid"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                self.program,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.pidfile),
                "--save",
                "",
                "--dir",
                self.dir,
            ],
            check=True,
            capture_output=True,
        )
        self.wait(up=True)

    def stop(self) -> None:
        if self.pidfile.exists():
            pid = int(self.pidfile.read_text().strip())
            os.kill(pid, 15)
            self.wait(up=False)

    def wait(self, *, up: bool, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    if up:
                        return
            except OSError:
                if not up:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis on {self.port} did not {'start' if up else 'stop'}")
