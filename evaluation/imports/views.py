"""Spreadsheet import pages: upload with templates and samples, the preview (which
follows a background check as it goes), and confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from evaluation.imports import kinds, selectors, services
from evaluation.imports.access import (
    get_import_job_for_user,
    get_import_project_for_user,
    get_import_stage_for_user,
)
from evaluation.imports.forms import ImportUploadForm
from evaluation.models import ImportKind

T = "evaluation/imports/"
ROWS_PER_PAGE = 200
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _scope(kind, *, project=None, stage=None, programme=None) -> dict:
    """Where the import goes, and the page it comes back to."""
    if kind == ImportKind.COUNTS:
        return {
            "title": f"Import counts into “{stage.name}”",
            "back": reverse(
                "evaluation:evaluation_stage_detail", args=[programme.slug, stage.pk]
            ),
            "back_label": stage.name,
            "programme": programme,
        }
    name = "project_stakeholders" if kind == ImportKind.PEOPLE else "activity_list"
    return {
        "title": f"Import {ImportKind(kind).label.lower()} into “{project.title}”",
        "back": reverse(f"projects:{name}", args=[project.slug]),
        "back_label": "People" if kind == ImportKind.PEOPLE else "Activities",
        "programme": project.programme,
    }


def _start_page(request, kind, *, project=None, stage=None, programme=None):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_start(
                kind=kind,
                programme=programme or project.programme,
                project=project,
                stage=stage,
                uploaded=form.cleaned_data["file"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("evaluation:import_job", slug=job.programme.slug, pk=job.pk)
    scope = _scope(kind, project=project, stage=stage, programme=programme)
    return render(
        request,
        T + "start.html",
        {
            **scope,
            "kind": kind,
            "project": project,
            "stage": stage,
            "form": form,
            "columns": kinds.COLUMNS[kind],
            "key": kinds.KEYS[kind],
            "rules": kinds.RULES,
            "background_rows": services.BACKGROUND_ROWS,
            "jobs": selectors.recent_jobs(kind=kind, project=project, stage=stage),
        },
    )


@login_required
def import_people(request, slug):
    project, _ = get_import_project_for_user(request.user, slug)
    return _start_page(request, ImportKind.PEOPLE, project=project)


@login_required
def import_activities(request, slug):
    project, _ = get_import_project_for_user(request.user, slug)
    return _start_page(request, ImportKind.ACTIVITIES, project=project)


@login_required
def import_counts(request, slug, pk):
    stage, programme, _ = get_import_stage_for_user(request.user, slug, pk)
    return _start_page(request, ImportKind.COUNTS, stage=stage, programme=programme)


def _file_response(kind: str, fmt: str, rows, stem: str) -> HttpResponse:
    if kind not in ImportKind.values or fmt not in FORMATS:
        raise Http404("No such template.")
    body = (
        kinds.workbook_bytes(kind, rows)
        if fmt == "xlsx"
        else kinds.csv_text(kind, rows).encode("utf-8-sig")
    )
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{kind}.{fmt}"'
    return response


@login_required
def import_template(request, kind, fmt):
    """An empty template: the header row and how to fill it in."""
    return _file_response(kind, fmt, (), "coproduce-template")


@login_required
def import_sample(request, kind, fmt):
    """The template with a few made-up rows, to try an import with."""
    return _file_response(kind, fmt, kinds.SAMPLES.get(kind, ()), "coproduce-sample")


def _job_context(request, job) -> dict:
    scope = _scope(
        job.kind, project=job.project, stage=job.stage, programme=job.programme
    )
    context = {**scope, "job": job, "rules": kinds.RULES}
    if not job.is_pending:
        rows = selectors.job_rows(job)
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "problems": [r for r in rows if r.get("problems")],
            "writes": job.summary.get("create", 0) + job.summary.get("change", 0),
        }
    return context


@login_required
def import_job(request, slug, pk):
    job = get_import_job_for_user(request.user, slug, pk)
    return render(request, T + "job.html", _job_context(request, job))


@login_required
def import_job_status(request, slug, pk):
    """The live part of the job page, polled while a big file is checked or
    imported."""
    job = get_import_job_for_user(request.user, slug, pk)
    return render(request, T + "_job_status.html", _job_context(request, job))


@login_required
@require_POST
def import_confirm(request, slug, pk):
    job = get_import_job_for_user(request.user, slug, pk)
    try:
        job = services.import_confirm(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if job.status == "done":
            messages.success(request, "Import finished.")
    return redirect("evaluation:import_job", slug=slug, pk=pk)
