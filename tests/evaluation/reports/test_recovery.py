"""Report jobs recover in seconds: real Redis, real Celery workers and beat, real
renders (required in CI; they need PostgreSQL so that workers share the database).

Workers started with ``HOOK_APP`` carry test-only hooks (see ``worker_app.py``): a
slow PDF step, so a worker can be killed mid-render deterministically, and a poison
marker that makes one report's render raise. The recovery times are printed (run with
``-s``) and recorded as test properties.
"""

import os
import posixpath
import signal
import time
import uuid
from datetime import timedelta

import pytest

from coproduce.celery import app as celery_app
from evaluation.models import AttemptOutcome, JobStatus, ReportJob, ReportKind
from evaluation.reports import services as report_services
from tests.coproduce.test_backing_services import redis_url
from tests.factories import ProjectFactory
from tests.workers import (
    back_to_eager,
    require_shared_database,
    start_beat,
    start_worker,
    stop_process,
    use_broker,
)

pytestmark = pytest.mark.services

HOOK_APP = "tests.evaluation.reports.worker_app"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def broker(transactional_db):
    require_shared_database()
    url = redis_url()
    use_broker(url)
    yield url
    back_to_eager()


@pytest.fixture
def processes():
    """Worker and beat processes of one test, stopped at its end."""
    started = []
    yield started
    for process in started:
        stop_process(process)


def wait_for(job_id, statuses, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {job.status} after {timeout}s")


def wait_for_workers(count, timeout=90):
    """Until ``count`` workers answer a ping: start-up (Django, WeasyPrint) takes
    a while on a busy machine and must not count as recovery time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(celery_app.control.ping(timeout=1)) >= count:
            return
    raise AssertionError(f"fewer than {count} workers answered in {timeout}s")


def request(user, kind, **scope):
    job, _ = report_services.report_request(user=user, kind=kind, **scope)
    return job


def outcomes(job):
    return list(job.tries.values_list("outcome", flat=True))


def assert_made_once(job):
    """One attempt stored the PDF, none finished a second render, one file."""
    assert outcomes(job).count(AttemptOutcome.STORED) == 1, outcomes(job)
    assert AttemptOutcome.DISCARDED not in outcomes(job)
    stem = job.filename.removesuffix(".pdf")
    _, files = job.file.storage.listdir(posixpath.dirname(job.file.name))
    mine = [name for name in files if name.split(".")[0].split("_")[0] == stem]
    assert mine == [posixpath.basename(job.file.name)]


def test_a_worker_killed_mid_render_has_its_job_done_by_another_within_30_seconds(
    broker, processes, commissioner, project, tmp_path, settings, record_property
):
    log = tmp_path / "workers.log"
    processes.append(start_beat(broker, tmp_path / "beat-schedule", log=log))
    doomed = start_worker(broker, app=HOOK_APP, log=log, TEST_REPORT_SLOW_SECONDS=100)
    processes.append(doomed)
    job = request(commissioner, ReportKind.SUMMARY, project=project)
    job = wait_for(job.pk, {JobStatus.RUNNING}, timeout=120)
    first = job.tries.get()
    assert first.worker.endswith(f":{doomed.pid}")
    processes.append(start_worker(broker, log=log))  # the one that takes over
    wait_for_workers(1)  # the new one: the busy solo worker cannot answer
    # Mid-render (the hook holds the PDF step for 100 s) and past a heartbeat.
    time.sleep(settings.REPORT_HEARTBEAT_SECONDS + 1.5)
    job.refresh_from_db()
    lease = timedelta(seconds=settings.REPORT_LEASE_SECONDS)
    assert job.lease_until > first.started_at + lease  # renewed while rendering
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait()
    killed = time.monotonic()

    job = wait_for(job.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=90)
    recovery = time.monotonic() - killed
    record_property("recovery_seconds", round(recovery, 1))
    print(f"\nkilled worker's job done by another worker {recovery:.1f} s after kill")
    assert job.status == JobStatus.DONE, log.read_text()
    assert recovery < 30
    assert outcomes(job) == [AttemptOutcome.LOST, AttemptOutcome.STORED]
    assert not job.tries.get(outcome=AttemptOutcome.STORED).worker.endswith(
        f":{doomed.pid}"
    )
    assert_made_once(job)


def test_a_poison_job_fails_within_two_minutes_while_other_jobs_complete(
    broker, processes, commissioner, programme, tmp_path, settings, record_property
):
    mark = f"POISON-{uuid.uuid4().hex[:8]}"
    poisoned = ProjectFactory(programme=programme, title=f"Poisoned {mark}")
    healthy = [ProjectFactory(programme=programme) for _ in range(3)]
    log = tmp_path / "workers.log"
    processes.append(start_beat(broker, tmp_path / "beat-schedule", log=log))
    for _ in range(2):
        processes.append(
            start_worker(broker, app=HOOK_APP, log=log, TEST_REPORT_POISON_MARK=mark)
        )
    wait_for_workers(2)
    started = time.monotonic()
    poison = request(commissioner, ReportKind.SUMMARY, project=poisoned)
    others = [request(commissioner, ReportKind.SUMMARY, project=p) for p in healthy]

    poison = wait_for(poison.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120)
    failed_after = time.monotonic() - started
    others = [
        wait_for(job.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120)
        for job in others
    ]
    record_property("poison_failed_seconds", round(failed_after, 1))
    print(f"\npoison job failed {failed_after:.1f} s after it was asked for")
    for attempt in poison.tries.all():
        offset = (attempt.started_at - poison.created_at).total_seconds()
        print(f"  attempt {attempt.number} at +{offset:.1f} s: {attempt.outcome}")
    assert poison.status == JobStatus.FAILED
    assert failed_after < 120
    assert poison.attempts == settings.REPORT_ATTEMPTS
    assert outcomes(poison) == [AttemptOutcome.RETRY] * (poison.attempts - 1) + [
        AttemptOutcome.FAILED
    ]
    # Plain words for people; the exception and traceback only in the log.
    assert poison.error == report_services.failure_message(poison.pk)
    assert mark not in poison.error and "Poison" not in poison.error
    logged = log.read_text()
    assert f"Report job {poison.pk} attempt 1" in logged
    assert "PoisonReport" in logged and "Traceback" in logged
    assert [job.status for job in others] == [JobStatus.DONE] * 3
    for job in others:
        assert outcomes(job) == [AttemptOutcome.STORED]
        assert_made_once(job)


def test_a_job_that_kills_its_worker_every_time_fails_within_two_minutes(
    broker, processes, commissioner, programme, tmp_path, settings, record_property
):
    # A prefork worker replaces the render process each time it dies; the job is
    # handed on after each lease and failed once it has used its attempts.
    mark = f"CRASH-{uuid.uuid4().hex[:8]}"
    crashing = ProjectFactory(programme=programme, title=f"Crashing {mark}")
    healthy = ProjectFactory(programme=programme)
    log = tmp_path / "workers.log"
    processes.append(start_beat(broker, tmp_path / "beat-schedule", log=log))
    processes.append(
        start_worker(
            broker, app=HOOK_APP, log=log, pool="prefork", TEST_REPORT_CRASH_MARK=mark
        )
    )
    wait_for_workers(1)
    started = time.monotonic()
    crash = request(commissioner, ReportKind.SUMMARY, project=crashing)
    other = request(commissioner, ReportKind.SUMMARY, project=healthy)

    crash = wait_for(crash.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=120)
    failed_after = time.monotonic() - started
    other = wait_for(other.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=60)
    record_property("crash_failed_seconds", round(failed_after, 1))
    print(f"\njob that kills its worker failed {failed_after:.1f} s after it was asked")
    assert crash.status == JobStatus.FAILED
    assert failed_after < 120
    assert outcomes(crash) == [AttemptOutcome.LOST] * settings.REPORT_ATTEMPTS
    assert crash.error == report_services.failure_message(crash.pk)
    assert other.status == JobStatus.DONE
    assert_made_once(other)


def test_a_render_longer_than_the_lease_is_made_once(
    broker, processes, commissioner, project, tmp_path
):
    # A 4 s lease and a render of 10 s: only the heartbeat keeps the job its own.
    short = {"REPORT_LEASE_SECONDS": 4, "REPORT_HEARTBEAT_SECONDS": 1}
    log = tmp_path / "workers.log"
    processes.append(start_beat(broker, tmp_path / "beat-schedule", log=log))
    processes.append(
        start_worker(
            broker, app=HOOK_APP, log=log, TEST_REPORT_SLOW_SECONDS=10, **short
        )
    )
    job = request(commissioner, ReportKind.SUMMARY, project=project)
    wait_for(job.pk, {JobStatus.RUNNING}, timeout=120)
    # A second worker, idle, that would take the job if its lease ran out.
    processes.append(start_worker(broker, log=log, **short))
    job = wait_for(job.pk, {JobStatus.DONE, JobStatus.FAILED}, timeout=90)
    assert job.status == JobStatus.DONE, log.read_text()
    assert job.render_seconds > 10
    assert job.attempts == 1
    assert outcomes(job) == [AttemptOutcome.STORED]
    assert_made_once(job)
