"""Report HTML from templates/pdf/. Autoescaping is on: user text arrives escaped."""

from django.template.loader import render_to_string

from evaluation.models import ReportKind

TEMPLATES = {
    ReportKind.CASE_STUDY: "pdf/case_study.html",
    ReportKind.SUMMARY: "pdf/summary.html",
    ReportKind.PROGRAMME: "pdf/programme.html",
}


def report_html(kind: str, context: dict) -> str:
    return render_to_string(TEMPLATES[ReportKind(kind)], context)
