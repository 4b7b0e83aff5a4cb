"""The workshop load test: many participants scoring on their phones at once, and
report requests arriving together, against gunicorn and a Celery worker on loopback.

``loadtest_run`` builds a synthetic programme (the benchmark's) in a throwaway
PostgreSQL database, opens a scoring round with one personal link per participant,
starts gunicorn (the Procfile's settings: ``gunicorn.conf.py``, ``--preload``) and a
Celery worker against that database, then:

1. measures the first request on the fresh workers against warm ones;
2. lets every participant open their link, answer every question and send the
   round, arriving evenly over ``ramp`` seconds, each with a bounded pool of threads
   (one thread is one phone);
3. sends the report requests all at once (each case study asked for twice) while
   a few threads keep reading pages, and waits until every report is made;
4. sends ``mixed`` ordinary page requests and reads each web worker's memory;

and finally checks the database: every answer stored once, every response sent,
every report made once. Only loopback addresses are used.
"""

import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings
from django.db import connections
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluation.demo.benchmark import (
    machine_load,
    programme_build,
    programme_change,
    tables_analyse,
    throwaway_database,
)
from evaluation.matrix import services as matrix_services
from evaluation.models import (
    AttemptOutcome,
    DimensionScore,
    FrameworkVersion,
    JobStatus,
    ReportAttempt,
    ReportJob,
    ReportKind,
    RoundResponse,
)
from projects.models import AccessRole, Project, RoleCategory

ANSWER = re.compile(r'name="answer"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="answer"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoadTestError(Exception):
    """The load test could not run (not its figures: those are returned)."""


@dataclass
class Timings:
    """Request times and failures, shared by the threads."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, problem: str = "") -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)
            if problem:
                self.errors.append(problem)

    def summary(self) -> dict:
        every = [s for values in self.samples.values() for s in values]
        return {
            "requests": len(every),
            "errors": len(self.errors),
            "first_errors": self.errors[:5],
            **_percentiles(every),
            "by_kind": {k: _percentiles(v) for k, v in sorted(self.samples.items())},
        }


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def at(share: float) -> float:
        index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
        return round(ordered[index] * 1000, 1)

    return {
        "count": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


class Browser:
    """One phone or laptop: its own connection pool and cookies. Cookies are sent by
    hand because with DEBUG off they are marked Secure and this is plain HTTP on
    loopback (``SECURE_SSL_REDIRECT=0`` for the server)."""

    def __init__(self, base: str, timings: Timings, cookies: dict | None = None):
        self.base, self.timings = base, timings
        self.session = requests.Session()
        self.cookies = dict(cookies or {})

    def request(
        self, kind: str, method: str, path: str, data=None
    ) -> requests.Response:
        headers = {"Referer": self.base + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        problem = ""
        try:
            response = self.session.request(
                method,
                self.base + path,
                data=data,
                headers=headers,
                allow_redirects=False,
                timeout=60,
            )
        except requests.RequestException as error:
            self.timings.add(kind, time.perf_counter() - started, f"{path}: {error}")
            raise
        if response.status_code >= 400:
            problem = f"{method} {path}: {response.status_code}"
        self.timings.add(kind, time.perf_counter() - started, problem)
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, kind: str, path: str) -> requests.Response:
        return self.request(kind, "GET", path)

    def post(self, kind: str, path: str, data: dict) -> requests.Response:
        return self.request(kind, "POST", path, data)


def _token_of(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


def participant_flow(base: str, token: str, steps: int, timings: Timings) -> None:
    """Open the link, answer every question (the first level offered), send."""
    browser = Browser(base, timings)
    browser.get("participant_start", reverse("evaluation:score_start", args=[token]))
    for step in range(1, steps + 1):
        path = reverse("evaluation:score_step", args=[token, step])
        page = browser.get("participant_step", path).text
        choice = ANSWER.search(page)
        if choice is None:
            timings.add("participant_step", 0, f"{path}: no answer offered")
            return
        browser.post(
            "participant_answer",
            path,
            {
                "csrfmiddlewaretoken": _token_of(page),
                "answer": choice.group(1) or choice.group(2),
                "comment": "",
            },
        )
    check = reverse("evaluation:score_check", args=[token])
    page = browser.get("participant_check", check).text
    sent = browser.post(
        "participant_send", check, {"csrfmiddlewaretoken": _token_of(page)}
    )
    if sent.status_code != 302:
        timings.add("participant_send", 0, f"{check}: not sent ({sent.status_code})")


def _signed_in_cookies(user) -> dict:
    client = Client()
    client.force_login(user)
    return {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value
    }


def report_ask(base: str, cookies: dict, project: Project, timings: Timings) -> None:
    browser = Browser(base, timings, cookies)
    path = reverse("evaluation:project_reports", args=[project.slug])
    page = browser.get("report_page", path).text
    asked = browser.post(
        "report_request",
        path,
        {"csrfmiddlewaretoken": _token_of(page), "kind": ReportKind.CASE_STUDY},
    )
    if asked.status_code != 302:
        timings.add("report_request", 0, f"{path}: not accepted ({asked.status_code})")


# --- The servers ---------------------------------------------------------------------


def _database_url() -> str:
    s = connections["default"].settings_dict
    return (
        f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}"
    )


def _server_env() -> dict:
    """The servers' environment: production settings on the throwaway database, and
    (as in the production shape) one cache in Redis shared by every process, under a
    prefix of this run's own, as the new database's ids start again from 1."""
    return {
        "CACHE_URL": os.environ.get("CELERY_BROKER_URL", ""),
        **os.environ,
        "CACHE_KEY_PREFIX": f"loadtest-{uuid.uuid4().hex[:12]}",
        "DATABASE_URL": _database_url(),
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "60",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
    }


def servers_start(port: int, workers: int, report_workers: int) -> list:
    env = _server_env()
    base_dir = str(settings.BASE_DIR)
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "coproduce.wsgi:application",
            "--config",
            "gunicorn.conf.py",
            "--preload",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=base_dir,
        env=env,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coproduce",
            "worker",
            "--concurrency",
            str(report_workers),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=base_dir,
        env=env,
        start_new_session=True,
    )
    return [web, worker]


def servers_stop(processes: list) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _wait_ready(base: str, web, seconds: float = 90) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if web.poll() is not None:
            raise LoadTestError("gunicorn stopped while starting (see its log above).")
        try:
            if requests.get(base + "/health/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise LoadTestError(f"gunicorn did not answer {base}/health/ in {seconds} s.")


def worker_pids(master_pid: int) -> list[int]:
    """The children of the gunicorn master."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid):
            pids.append(int(entry.name))
    return sorted(pids)


def worker_memory_mb(master_pid: int) -> list[float]:
    """Resident memory of each child of the gunicorn master, in MB."""
    sizes = []
    for pid in worker_pids(master_pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        kb = int(fields.get("VmRSS", "0 kB").split()[0])
        sizes.append(round(kb / 1024, 1))
    return sorted(sizes)


def workers_renew(base: str, web, workers: int, seconds: float = 60) -> None:
    """Have gunicorn fork fresh workers from its (preloaded, warmed) master, as it
    does after a deploy's HUP or a worker's restart, and wait until only they
    answer."""
    old = set(worker_pids(web.pid))
    web.send_signal(signal.SIGHUP)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        pids = set(worker_pids(web.pid))
        if len(pids) == workers and not pids & old:
            _wait_ready(base, web)
            return
        time.sleep(0.2)
    raise LoadTestError(f"gunicorn did not renew its workers in {seconds} s.")


# --- The run ---------------------------------------------------------------------------


def _spread(count: int, ramp: float, pool: int, job: Callable[[int], None]) -> float:
    """Run ``job(i)`` for i in range(count), starting them evenly over ``ramp``
    seconds on ``pool`` threads; the seconds it took."""
    started = time.monotonic()

    def later(i: int) -> None:
        wait = started + ramp * i / max(count, 1) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            job(i)
        except requests.RequestException:
            pass  # counted as an error by the browser

    with ThreadPoolExecutor(max_workers=pool) as executor:
        list(executor.map(later, range(count)))
    return round(time.monotonic() - started, 1)


def _cold_start(base: str, cookies: dict, pages: dict, project, renew) -> dict:
    """The first request to each page on fresh workers against warm ones.

    Each page is asked for once first, so the figures shared through the cache (a
    round's results, say) are there, as on a running site; then ``renew`` gives
    fresh workers. Every timed request is made just after a recorded change to the
    programme, so none finds the page itself remembered (``projects/memo.py``): the
    first and the warm requests do the same work, and what is left between them is
    what a fresh process fills on demand. With two workers the first two requests
    may each meet a fresh one, so the slower of the two is "first"."""
    browser = Browser(base, Timings(), cookies)
    for path in pages.values():
        browser.get("cold", path)
    renew()

    def timed(path: str) -> float:
        programme_change(project)
        started = time.perf_counter()
        browser.get("cold", path)
        return time.perf_counter() - started

    figures = {}
    for name, path in pages.items():
        firsts = [timed(path), timed(path)]
        first = max(firsts)
        warm = [timed(path) for _ in range(7)]
        figures[name] = {
            "page": path,
            "first_ms": round(first * 1000, 1),
            "first_two_ms": [round(t * 1000, 1) for t in firsts],
            "warm_ms": [round(t * 1000, 1) for t in warm],
            "warm_median_ms": round(statistics.median(warm) * 1000, 1),
            "ratio": round(first / statistics.median(warm), 2),
        }
    return figures


def _reports_wait(job_count: int, seconds: float) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        done = ReportJob.objects.filter(status=JobStatus.DONE).count()
        failed = ReportJob.objects.filter(status=JobStatus.FAILED).count()
        if done + failed >= job_count and job_count:
            return failed == 0
        time.sleep(0.5)
    return False


def loadtest_run(
    *,
    participants: int,
    reports: int,
    projects: int = 10,
    ramp: float = 60,
    pool: int = 50,
    mixed: int = 1000,
    port: int = 8199,
    workers: int = 2,
    report_workers: int = 2,
    report_timeout: float = 600,
) -> dict:
    if connections["default"].vendor != "postgresql":
        raise LoadTestError(
            "The load test needs PostgreSQL (set DATABASE_URL): gunicorn's workers "
            "and the Celery worker share its throwaway database."
        )
    base = f"http://127.0.0.1:{port}"
    with throwaway_database():
        built = programme_build(projects)
        tables_analyse(connections["default"])
        programme, project = built["programme"], built["project"]
        facilitator = built["users"][AccessRole.FACILITATOR]
        version = FrameworkVersion.objects.filter(framework__programme=programme)[0]
        scoring_round, _ = matrix_services.round_open(
            project=project,
            version=version,
            held_on=timezone.localdate(),
            stage=project.current_stage,
            author=facilitator,
        )
        # A batch of links per workshop table, as a facilitator makes them (the
        # form makes at most MAX_UNNAMED_LINKS at a time).
        tokens = []
        batch = matrix_services.MAX_UNNAMED_LINKS
        for table, first in enumerate(range(0, participants, batch), start=1):
            links = matrix_services.invitations_create(
                scoring_round=scoring_round,
                role_category=RoleCategory.SERVICE_USER,
                count=min(batch, participants - first),
                label=f"Workshop table {table}",
            )
            tokens += [token for _, token in links]
        steps = version.dimensions.count()
        report_projects = list(
            Project.objects.filter(programme=programme).order_by("pk")[
                : max(1, (reports + 1) // 2)
            ]
        )
        cookies = _signed_in_cookies(facilitator)
        connections.close_all()  # the servers get the rows; no open transaction

        processes = servers_start(port, workers, report_workers)
        figures: dict = {"machine": {"before": machine_load()}}
        try:
            _wait_ready(base, processes[0])
            dashboard = reverse(
                "evaluation:commissioner_dashboard", args=[programme.slug]
            )
            figures["cold_start"] = _cold_start(
                base,
                cookies,
                {
                    "dashboard": dashboard,
                    "project_page": reverse(
                        "projects:project_detail", args=[project.slug]
                    ),
                },
                project,
                lambda: workers_renew(base, processes[0], workers),
            )

            workshop = Timings()
            seconds = _spread(
                participants,
                ramp,
                pool,
                lambda i: participant_flow(base, tokens[i], steps, workshop),
            )
            figures["workshop"] = {
                "participants": participants,
                "questions": steps,
                "ramp_seconds": ramp,
                "seconds": seconds,
                **workshop.summary(),
            }

            figures["reports"] = (
                _reports_measure(
                    base,
                    cookies,
                    report_projects,
                    reports,
                    project,
                    tokens,
                    report_timeout,
                )
                if reports
                else {"requests": 0, "distinct_reports": 0}
            )

            mixed_timings = Timings()
            paths = [
                dashboard,
                reverse("projects:programme_detail", args=[programme.slug]),
                reverse("evaluation:cross_case", args=[programme.slug]),
                reverse("projects:project_detail", args=[project.slug]),
                reverse("evaluation:facilitator_home"),
            ]
            participant_page = reverse("evaluation:score_start", args=[tokens[0]])

            def one(i: int) -> None:
                if i % 3 == 2:
                    Browser(base, mixed_timings).get("participant", participant_page)
                else:
                    Browser(base, mixed_timings, cookies).get("page", paths[i % 5])

            figures["mixed"] = {
                "seconds": _spread(mixed, 0, min(pool, 8), one),
                **mixed_timings.summary(),
                "worker_rss_mb": worker_memory_mb(processes[0].pid),
            }
            figures["machine"]["after"] = machine_load()
        finally:
            servers_stop(processes)
            connections.close_all()
        figures["stored"] = _stored_check(
            scoring_round, participants, steps, figures["reports"]
        )
        return figures


def _reports_measure(base, cookies, report_projects, reports, project, tokens, limit):
    """Ask for the reports all at once (each project's case study twice) while
    four readers keep loading pages; wait for every report."""
    asked, reading = Timings(), Timings()
    finished = threading.Event()
    pages = [
        reverse("projects:project_detail", args=[project.slug]),
        reverse("evaluation:score_start", args=[tokens[-1]]),
    ]

    def reader(n: int) -> None:
        browser = Browser(base, reading, cookies)
        while not finished.is_set():
            try:
                browser.get("page", pages[n % len(pages)])
            except requests.RequestException:
                pass

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in readers:
        thread.start()
    started = time.monotonic()
    try:
        _spread(
            reports,
            0,
            reports,
            lambda i: report_ask(
                base, cookies, report_projects[i % len(report_projects)], asked
            ),
        )
        complete = _reports_wait(len(report_projects), limit)
    finally:
        finished.set()
        for thread in readers:
            thread.join()
    return {
        "requests": reports,
        "distinct_reports": len(report_projects),
        "all_made": complete,
        "seconds_until_all_made": round(time.monotonic() - started, 1),
        "requests_timing": asked.summary(),
        "pages_meanwhile": reading.summary(),
    }


def _stored_check(scoring_round, participants: int, steps: int, reports: dict) -> dict:
    responses = RoundResponse.objects.filter(round=scoring_round)
    scores = DimensionScore.objects.filter(response__round=scoring_round)
    doubled = (
        scores.values("response_id", "dimension_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    jobs = ReportJob.objects.all()
    stored = ReportAttempt.objects.filter(outcome=AttemptOutcome.STORED)
    return {
        "responses": responses.count(),
        "responses_sent": responses.filter(submitted_at__isnull=False).count(),
        "answers": scores.count(),
        "answers_expected": participants * steps,
        "answers_stored_twice": doubled,
        "every_answer_stored_once": scores.count() == participants * steps
        and not doubled,
        "report_jobs": jobs.count(),
        "report_renders_stored": stored.count(),
        "reports_rendered_once": jobs.count() == reports["distinct_reports"]
        and stored.count() == jobs.count()
        and not stored.values("job_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists(),
    }
