from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.models import ReportKind
from evaluation.reports.services import report_pdf
from projects.models import Programme, Project

KINDS = {
    "case-study": ReportKind.CASE_STUDY,
    "summary": ReportKind.SUMMARY,
    "programme": ReportKind.PROGRAMME,
}


class Command(BaseCommand):
    help = (
        "Write a report as PDF, through the same code as the web: "
        "report case-study|summary <project-slug> -o FILE.pdf, "
        "report programme <programme-slug> -o FILE.pdf"
    )
    # The system checks import every URL pattern and view module (the API schema,
    # the health checks, sign-in ...), about a second a PDF never needs: `manage.py
    # check` and every deploy run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")

    def handle(self, *args, kind, slug, output, **options):
        kind = KINDS[kind]
        if kind == ReportKind.PROGRAMME:
            programme = Programme.objects.filter(slug=slug).first()
            if programme is None:
                raise CommandError(f"No programme with slug {slug!r}.")
            result = report_pdf(kind, programme=programme)
        else:
            projects = Project.objects.select_related("programme")
            # A slug the project had before it was changed works too.
            project = (
                projects.filter(slug=slug).first()
                or projects.filter(old_slugs__old_slug=slug).first()
            )
            if project is None:
                raise CommandError(f"No project with slug {slug!r}.")
            result = report_pdf(kind, project=project)
        Path(output).write_bytes(result.content)
        self.stdout.write(
            f"Wrote {output}: {result.page_count} pages, {len(result.content)} bytes."
        )
