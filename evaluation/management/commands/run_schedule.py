"""Run every job of the beat schedule once, here and now (no broker needed)."""

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from coproduce import history
from evaluation.mail.services import outbox_send_due


class Command(BaseCommand):
    help = (
        "Run each job of the Celery beat schedule (CELERY_BEAT_SCHEDULE) once, in "
        "this process, then send every email that is due. For set-ups without a "
        "broker (`make run`): run it from cron, e.g. every hour. Each job is safe to "
        "run again: reminders, digests and nudges are made once per occasion."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="NAME",
            help="run only this schedule entry (repeatable); see --list",
        )
        parser.add_argument(
            "--list", action="store_true", dest="show", help="list the entries"
        )

    def handle(self, *args, only, show, **options):
        schedule = settings.CELERY_BEAT_SCHEDULE
        if show:
            for name, entry in schedule.items():
                self.stdout.write(f"{name}: {entry['task']} ({entry['schedule']})")
            return
        unknown = set(only) - set(schedule)
        if unknown:
            raise CommandError(f"No such schedule entry: {', '.join(sorted(unknown))}")
        current_app.loader.import_default_modules()
        # Everything the jobs publish runs inside this command, not in a thread.
        with override_settings(TASKS_IN_THREAD=False):
            for name, entry in schedule.items():
                if only and name not in only:
                    continue
                with history.context(command=f"run_schedule {name}"):
                    result = current_app.tasks[entry["task"]].apply(throw=True)
                self.stdout.write(f"{name}: {result.result}")
            with history.context(command="run_schedule mail"):
                sent = outbox_send_due()
        summary = ", ".join(f"{n} {state}" for state, n in sorted(sent.items()))
        self.stdout.write(f"Emails: {summary or 'none due'}.")
