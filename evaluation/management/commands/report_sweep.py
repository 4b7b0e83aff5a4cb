from django.core.management.base import BaseCommand

from coproduce import history
from evaluation.reports.services import report_sweep


class Command(BaseCommand):
    help = (
        "Hand report jobs whose worker stopped to another worker and publish again "
        "jobs still waiting after a minute (for example requested while Redis was "
        "down). Celery beat runs the same sweep every few seconds "
        "(REPORT_SWEEP_SECONDS); this command is for running it by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, help="seconds")

    def handle(self, *args, older_than, **options):
        with history.context(command="report_sweep"):
            ids = report_sweep(older_than_seconds=older_than)
        self.stdout.write(f"Re-published {len(ids)} report job(s).")
