"""Downloads of the programme's evaluation data (CSV, REFI-QDA, Excel workbook). Each
download is noted in the audit trail."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from coproduce import history
from evaluation.evidence import exports, workbook
from evaluation.evidence.access import get_evaluation_programme_for_user

CSV = "text/csv; charset=utf-8"


def _recorded_download(request, programme, content, filename, content_type):
    history.read_record(
        instance=programme, action=history.Action.EXPORTED, note=filename
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{programme.slug}-{filename}"'
    )
    return response


def _export(request, slug, build, filename, content_type):
    programme, _ = get_evaluation_programme_for_user(request.user, slug)
    return _recorded_download(
        request, programme, build(programme), filename, content_type
    )


@login_required
def export_quotes(request, slug):
    return _export(request, slug, exports.quotes_csv, "quotes.csv", CSV)


@login_required
def export_observations(request, slug):
    return _export(
        request, slug, exports.observations_csv, "factor-observations.csv", CSV
    )


@login_required
def export_contribution(request, slug):
    return _export(request, slug, exports.claims_csv, "contribution-claims.csv", CSV)


@login_required
def export_qdpx(request, slug):
    return _export(
        request, slug, exports.qdpx_bytes, "refi-qda.qdpx", "application/zip"
    )


@login_required
def export_workbook(request, slug):
    programme, _ = get_evaluation_programme_for_user(request.user, slug)
    content = workbook.programme_workbook(programme, exported_by=request.user)
    return _recorded_download(
        request, programme, content, "evaluation.xlsx", workbook.CONTENT_TYPE
    )
