from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coproduce import history
from evaluation.models import JobStatus, LearningPoint, ReportJob, ReportKind
from evaluation.reports import context as report_context
from evaluation.reports import services as report_services
from evaluation.reports.access import (
    can_retry_report,
    can_see_who_withdrew,
    get_programme_for_reports,
    get_report_job_for_user,
)
from evaluation.reports.forms import LearningPointForm
from projects.access import get_project_for_user

PROJECT_KINDS = [ReportKind.CASE_STUDY, ReportKind.SUMMARY]


def _jobs(**scope):
    return ReportJob.objects.filter(**scope).select_related(
        "requested_by", "project", "programme", "replacement"
    )[:20]


def _not_created_note(job) -> str:
    if job.is_pending:
        return "That report is already being made; here it is."
    return "Nothing in that report has changed since it was made; here it is."


@login_required
def project_reports(request, slug):
    project, access = get_project_for_user(request.user, slug)
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind not in PROJECT_KINDS:
            messages.error(request, "Choose which report to make.")
            return redirect("evaluation:project_reports", slug=slug)
        try:
            job, created = report_services.report_request(
                user=request.user, kind=kind, project=project
            )
        except ValidationError as error:  # over the hourly limit
            messages.error(request, " ".join(error.messages))
            return redirect("evaluation:project_reports", slug=slug)
        if not created:
            messages.info(request, _not_created_note(job))
        return redirect(job)
    return _render_project_reports(request, project, access, LearningPointForm())


def _render_project_reports(request, project, access, form):
    return render(
        request,
        "evaluation/reports/project_reports.html",
        {
            "project": project,
            "access": access,
            "kinds": PROJECT_KINDS,
            "jobs": _jobs(project=project),
            "learning_points": LearningPoint.objects.filter(project=project),
            "learning_form": form,
        },
    )


@login_required
@require_POST
def learning_point_add(request, slug):
    project, access = get_project_for_user(request.user, slug, evaluation=True)
    form = LearningPointForm(request.POST)
    if form.is_valid():
        try:
            report_services.learning_point_add(
                project=project, text=form.cleaned_data["text"], author=request.user
            )
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            messages.success(request, "Learning point added.")
            return redirect("evaluation:project_reports", slug=slug)
    return _render_project_reports(request, project, access, form)


@login_required
@require_POST
def learning_point_delete(request, slug, pk):
    project, _ = get_project_for_user(request.user, slug, evaluation=True)
    point = get_object_or_404(LearningPoint, pk=pk, project=project)
    point.delete()
    messages.success(request, "Learning point removed.")
    return redirect("evaluation:project_reports", slug=slug)


@login_required
def programme_reports(request, slug):
    programme, _ = get_programme_for_reports(request.user, slug)
    if request.method == "POST":
        try:
            job, created = report_services.report_request(
                user=request.user, kind=ReportKind.PROGRAMME, programme=programme
            )
        except ValidationError as error:  # over the hourly limit
            messages.error(request, " ".join(error.messages))
            return redirect("evaluation:programme_reports", slug=slug)
        if not created:
            messages.info(request, _not_created_note(job))
        return redirect(job)
    return render(
        request,
        "evaluation/reports/programme_reports.html",
        {
            "programme": programme,
            "jobs": _jobs(programme=programme, project=None),
            "detail_max": report_context.REPORT_DETAIL_MAX,
            "scores_shown": report_context.SUMMARY_SCORES_SHOWN,
        },
    )


def _job_context(user, job: ReportJob) -> dict:
    can_retry = job.status == JobStatus.FAILED and can_retry_report(user, job)
    return {
        "job": job,
        "can_retry": can_retry,
        "replaces": list(job.replaces.order_by("pk")),
        "sees_who_withdrew": job.is_withdrawn and can_see_who_withdrew(user, job),
    }


@login_required
def report_job(request, pk):
    job = get_report_job_for_user(request.user, pk)
    return render(
        request, "evaluation/reports/job.html", _job_context(request.user, job)
    )


@login_required
def report_job_status(request, pk):
    """The live part of the job page, polled by htmx while the job is pending."""
    job = get_report_job_for_user(request.user, pk)
    return render(
        request, "evaluation/reports/_job_status.html", _job_context(request.user, job)
    )


@login_required
def report_download(request, pk):
    job = get_report_job_for_user(request.user, pk)
    if job.is_withdrawn:  # gone for good: say why and point to the replacement
        return render(
            request,
            "evaluation/reports/job.html",
            _job_context(request.user, job),
            status=410,
        )
    return report_file_response(job)


def report_file_response(job: ReportJob) -> FileResponse:
    """The finished report's PDF, streamed from storage and recorded as downloaded
    (404 while it is not ready). The page and the API both download through here,
    after their access check and the withdrawn case."""
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("This report is not ready.")
    try:  # read through the storage API (a local folder or a private S3 bucket)
        handle = job.file.open("rb")
    except OSError as error:
        raise Http404("The report file is missing from storage.") from error
    history.read_record(
        instance=job, action=history.Action.DOWNLOADED, note=job.filename
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename,
        content_type="application/pdf",
    )


@login_required
@require_POST
def report_retry(request, pk):
    job = get_report_job_for_user(request.user, pk, retry=True)
    try:
        job = report_services.report_retry(job=job, user=request.user)
    except ValidationError as error:  # over the hourly limit
        messages.error(request, " ".join(error.messages))
        return redirect(job)
    messages.success(request, "The report has been queued again.")
    return redirect(job)
