import json

from django.core.management.base import BaseCommand, CommandError

from evaluation.demo.loadtest import LoadTestError, loadtest_run


class Command(BaseCommand):
    help = (
        "A workshop's load against gunicorn and a Celery worker on loopback, on a "
        "throwaway PostgreSQL database: participants open their personal links and "
        "send a full scoring round, report requests arrive at once, then ordinary "
        "pages; prints JSON with the times (median, p95, p99), errors, worker memory "
        "and a check that every answer and report was stored once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=200)
        parser.add_argument(
            "--reports", type=int, default=20, help="report requests sent at once"
        )
        parser.add_argument(
            "--projects", type=int, default=10, help="projects in the programme"
        )
        parser.add_argument(
            "--ramp", type=float, default=60, help="seconds over which people arrive"
        )
        parser.add_argument(
            "--pool", type=int, default=50, help="most participants at once"
        )
        parser.add_argument(
            "--mixed", type=int, default=1000, help="ordinary page requests at the end"
        )
        parser.add_argument("--port", type=int, default=8199)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--output", help="also write the JSON to this file")

    def handle(self, *args, output, **options):
        if options["participants"] < 1 or options["reports"] < 0:
            raise CommandError("--participants must be 1 or more.")
        try:
            figures = loadtest_run(
                participants=options["participants"],
                reports=options["reports"],
                projects=options["projects"],
                ramp=options["ramp"],
                pool=options["pool"],
                mixed=options["mixed"],
                port=options["port"],
                workers=options["workers"],
            )
        except LoadTestError as error:
            raise CommandError(str(error)) from None
        text = json.dumps(figures, indent=2)
        if output:
            with open(output, "w") as out:
                out.write(text + "\n")
        self.stdout.write(text)
