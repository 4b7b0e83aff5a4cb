import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.demo.benchmark import benchmark_run


class Command(BaseCommand):
    help = (
        "Build a synthetic programme in a throwaway database (the configured "
        "database is not touched), then print JSON with each page's query count and "
        "median time and the median render time of a case study and a programme "
        "report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=25)
        parser.add_argument(
            "--requests", type=int, default=7, help="timed requests per page"
        )
        parser.add_argument(
            "--report-runs", type=int, default=3, help="renders per report kind"
        )
        parser.add_argument("--output", help="also write the JSON to this file")

    def handle(self, *args, projects, requests, report_runs, output, **options):
        if projects < 1 or requests < 1 or report_runs < 1:
            raise CommandError("--projects, --requests and --report-runs must be 1+.")
        figures = benchmark_run(
            projects=projects, requests=requests, report_runs=report_runs
        )
        text = json.dumps(figures, indent=2)
        if output:
            Path(output).write_text(text + "\n")
        self.stdout.write(text)
