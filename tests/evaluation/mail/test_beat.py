"""The beat schedule runs for real: a Celery beat and a worker (real processes,
Redis, PostgreSQL) send an email that failed earlier, through a real SMTP server."""

import time

import pytest
from django.utils import timezone

from evaluation.mail import services
from evaluation.models import MailKind, OutboxMessage, OutboxStatus
from tests.coproduce.test_backing_services import redis_url
from tests.workers import (
    back_to_eager,
    require_shared_database,
    start_beat,
    start_worker,
    stop_process,
    use_broker,
)

pytestmark = pytest.mark.services


def test_beat_sends_again_an_email_that_failed_once(
    transactional_db, person_with_email, smtp, settings, tmp_path
):
    require_shared_database()
    url = redis_url()
    # First try, in this process: the server refuses for now.
    smtp.refuse = "451 Try again later"
    message = services.message_queue(
        kind=MailKind.ROUND_REMINDER,
        to_email=person_with_email.email,
        subject="Reminder: your scoring link closes soon",
        template="round_reminder",
        context={"name": "Ann", "link": "https://x.example/score/t/", "project": "P"},
        dedupe_key="beat-test",
        base_url="https://coproduce.example.org",
        stakeholder=person_with_email,
    )
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and smtp.messages == []
    # The back-off wait is over; the server accepts again.
    OutboxMessage.objects.filter(pk=message.pk).update(next_try_at=timezone.now())
    smtp.refuse = None

    use_broker(url)
    log = tmp_path / "celery.log"
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": settings.EMAIL_PORT,
        "MAIL_SWEEP_SECONDS": 1,
    }
    processes = [
        start_beat(url, tmp_path / "beat-schedule", log=log, **env),
        start_worker(url, log=log, **env),
    ]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            message.refresh_from_db()
            if message.status == OutboxStatus.SENT:
                break
            time.sleep(0.2)
        assert message.status == OutboxStatus.SENT, log.read_text()[-3000:]
    finally:
        for process in processes:
            stop_process(process)
        back_to_eager()
    [received] = smtp.messages
    assert received["Subject"] == "Reminder: your scoring link closes soon"
    assert message.attempts == 2
