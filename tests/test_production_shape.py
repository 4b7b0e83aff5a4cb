"""The production shape on paper: the Procfile is the one definition of the processes,
and docker-compose.yml and the Dockerfile run exactly those (there is no Docker engine
on CI machines, so the files are parsed; .ci/production_shape.sh boots the real thing)."""

import http.server
import re
import shlex
import socket
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = {"migrate", "web", "worker", "beat"}


def procfile() -> dict[str, str]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_-]+):\s*(.+)$", line)
        if match:
            processes[match[1]] = match[2]
    return processes


@pytest.fixture(scope="module")
def services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def command_of(service: dict) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_procfile_defines_web_worker_beat_and_a_migrate_step():
    processes = procfile()
    assert set(processes) == APP_SERVICES
    assert processes["migrate"] == "python manage.py migrate --no-input"
    web = processes["web"]
    assert web.startswith("gunicorn coproduce.wsgi:application ")
    assert "--preload" in web
    assert "--workers ${WEB_CONCURRENCY:-2}" in web
    assert ":${PORT:-8000}" in web
    assert "migrate" not in web
    assert processes["worker"].startswith("celery -A coproduce worker ")
    assert "--concurrency ${WORKER_CONCURRENCY:-2}" in processes["worker"]
    assert processes["beat"].startswith("celery -A coproduce beat ")
    assert "--enable-remote-control" in processes["beat"]


def test_every_application_service_runs_its_own_procfile_line(services):
    processes = procfile()
    for name in APP_SERVICES:
        command = command_of(services[name])
        assert command[:2] == ["honcho", "start"], name
        assert command[-1] == name and name in processes, name
        assert services[name]["image"] == "coproduce:latest"


def test_no_service_runs_migrations_except_the_migrate_step(services):
    for name, service in services.items():
        if name != "migrate" and "command" in service:
            assert "migrate" not in " ".join(command_of(service)), name


def test_web_worker_and_beat_wait_for_the_migrate_step(services):
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}
        assert depends["db"] == {"condition": "service_healthy"}
        assert depends["redis"] == {"condition": "service_healthy"}
    assert services["migrate"]["restart"] == "no"
    assert set(services["migrate"]["depends_on"]) == {"db"}


def test_every_long_running_service_has_a_health_check(services):
    checks = {
        name: " ".join(service["healthcheck"]["test"])
        for name, service in services.items()
        if not service.get("healthcheck", {}).get("disable")
    }
    assert set(checks) == {"db", "redis", "web", "worker", "beat"}
    assert "pg_isready" in checks["db"]
    assert "redis-cli ping" in checks["redis"]
    assert "coproduce.probe web" in checks["web"]
    assert "inspect ping" in checks["worker"]
    assert "--destination celery@$$HOSTNAME" in checks["worker"]
    assert "--destination celerybeat@$$HOSTNAME" in checks["beat"]
    # One-shot services say so rather than inheriting the image's web check.
    for name in ("migrate", "backup"):
        assert services[name]["healthcheck"] == {"disable": True}


def test_the_web_probe_asks_for_readiness_as_the_https_proxy_would(monkeypatch):
    from coproduce import probe

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, dict(self.headers)))
            self.send_response(200 if len(seen) == 1 else 500)
            self.end_headers()
            self.wfile.write(b"Database: OK\n")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("PORT", str(server.server_port))
        monkeypatch.setenv("ALLOWED_HOSTS", ".coproduce.example.org,localhost")
        assert probe.main(["web", "--quiet"]) == 0
        assert probe.main(["web", "--quiet"]) == 1
    finally:
        server.shutdown()
    path, headers = seen[0]
    assert path == "/health/ready/"
    assert headers["Host"] == "coproduce.example.org"
    assert headers["X-Forwarded-Proto"] == "https"


def test_the_web_probe_fails_when_nothing_answers(monkeypatch, capsys):
    from coproduce import probe

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("PORT", str(port))
    assert probe.main(["web", "--timeout", "2"]) == 1
    assert "not reachable" in capsys.readouterr().out


def test_processes_read_their_sizes_and_log_format_from_the_environment(services):
    env = services["web"]["environment"]
    assert env["DEBUG"] == "0"
    assert env["LOG_FORMAT"] == "json"
    assert env["PORT"] == "8000"
    assert env["WEB_CONCURRENCY"] == "${WEB_CONCURRENCY:-2}"
    assert env["WORKER_CONCURRENCY"] == "${WORKER_CONCURRENCY:-2}"
    assert env["CACHE_URL"].startswith("redis://")
    assert "SECRET_KEY" in env and "SENTRY_DSN" in env


def test_backup_service_dumps_the_database_and_the_media_volume(services):
    backup = services["backup"]
    assert backup["profiles"] == ["backup"]
    script = " ".join(command_of(backup))
    assert "pg_dump" in script and "/backups/" in script
    assert "tar -C /media" in script
    assert "media:/media:ro" in backup["volumes"]
    assert "backups:/backups" in backup["volumes"]
    volumes = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["volumes"]
    assert {"pgdata", "media", "backups"} <= set(volumes)


def test_dockerfile_checks_readiness_and_starts_the_web_process():
    dockerfile = (ROOT / "Dockerfile").read_text()
    healthcheck = re.search(r"^HEALTHCHECK .*\n\s+CMD (.+)$", dockerfile, re.M)
    assert healthcheck and "coproduce.probe" in healthcheck[1]
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.M)[1]
    assert cmd == '["honcho", "start", "--no-prefix", "web"]'
    assert "migrate" not in cmd
    # Honcho runs the Procfile inside the image, so it is a runtime dependency.
    assert re.search(r"^honcho==", (ROOT / "requirements/base.lock").read_text(), re.M)
    assert ".env" in (ROOT / ".dockerignore").read_text().split()


def test_ci_boots_the_same_procfile_processes_as_compose():
    script = (ROOT / ".ci" / "production_shape.sh").read_text()
    assert "honcho start --no-colour migrate" in script
    assert "honcho start --no-colour web worker beat" in script
    # No process command of its own: gunicorn and Celery start only from the Procfile.
    assert not re.search(r"^\s*(gunicorn|celery) ", script, re.M)
    assert "bash .ci/production_shape.sh" in (ROOT / ".ci" / "run").read_text()
