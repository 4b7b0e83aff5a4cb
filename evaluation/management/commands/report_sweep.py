from django.core.management.base import BaseCommand

from evaluation.reports.services import report_sweep


class Command(BaseCommand):
    help = (
        "Publish again report jobs still waiting after a minute (for example requested "
        "while Redis was down) and jobs whose worker stopped. Run every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=60, help="seconds")

    def handle(self, *args, older_than, **options):
        ids = report_sweep(older_than_seconds=older_than)
        self.stdout.write(f"Re-published {len(ids)} report job(s).")
