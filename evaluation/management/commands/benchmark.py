import argparse
import json as json_module
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from evaluation.demo.benchmark import benchmark_sizes, figures_table, report_child


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(
            "--sizes takes whole numbers, such as 25,500,2000."
        ) from None
    if not sizes or min(sizes) < 1:
        raise CommandError("--sizes takes whole numbers of 1 or more.")
    return sizes


class Command(BaseCommand):
    help = (
        "Build a synthetic programme at each size in a throwaway database (the "
        "configured database is not touched), measure a floor page and every page "
        "that must stay fast, and print each page's query count, median time and "
        "requests per CPU second as a share of the floor's; then the render time of "
        "a case study and a programme report."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes", help="numbers of projects, comma-separated (e.g. 25,500,2000)"
        )
        parser.add_argument(
            "--projects", type=int, help="one size (the same as --sizes N)"
        )
        parser.add_argument(
            "--requests", type=int, default=7, help="timed requests per page"
        )
        parser.add_argument(
            "--report-runs",
            type=int,
            default=3,
            help="renders per report kind (0: no reports)",
        )
        parser.add_argument(
            "--report-max",
            type=int,
            default=500,
            help="render reports only at sizes up to this many projects",
        )
        parser.add_argument(
            "--json", action="store_true", help="print JSON instead of a table"
        )
        parser.add_argument("--output", help="also write the JSON to this file")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep each size's database and use it again next time "
            "(PostgreSQL; building 2,000 projects takes many minutes)",
        )
        # The benchmark's own child process that renders a report as a worker
        # would (evaluation/demo/benchmark.py report_in_worker).
        parser.add_argument("--report-child", help=argparse.SUPPRESS)

    def handle(
        self,
        *args,
        sizes,
        projects,
        requests,
        report_runs,
        report_max,
        json: bool,
        output,
        keep: bool = False,
        **options,
    ):
        if options.get("report_child"):
            self.stdout.write(json_module.dumps(report_child(options["report_child"])))
            return
        if sizes and projects:
            raise CommandError("Give --sizes or --projects, not both.")
        chosen = _sizes(sizes) if sizes else [projects or 25]
        if min(chosen) < 1 or requests < 1 or report_runs < 0:
            raise CommandError(
                "Sizes and --requests must be 1 or more, --report-runs 0 or more."
            )

        if keep and connection.vendor != "postgresql":
            raise CommandError("--keep needs PostgreSQL (DATABASE_URL).")

        def written_so_far(runs: dict) -> None:
            if output:
                Path(output).write_text(_dumps({"sizes": chosen, "runs": runs}) + "\n")

        figures = benchmark_sizes(
            sizes=chosen,
            requests=requests,
            report_runs=report_runs,
            report_max=report_max,
            on_run=written_so_far,
            keep=keep,
        )
        text = _dumps(figures)
        if output:
            Path(output).write_text(text + "\n")
        self.stdout.write(text if json else figures_table(figures))


def _dumps(figures: dict) -> str:
    return json_module.dumps(figures, indent=2)
