from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects.access import get_programme_for_user, get_project_for_user

from . import report_services
from .models import JobStatus, ReportJob, ReportKind
from .report_access import get_report_job_for_user

PROJECT_KINDS = [ReportKind.CASE_STUDY, ReportKind.SUMMARY]


def _jobs(**scope):
    return ReportJob.objects.filter(**scope).select_related(
        "requested_by", "project", "programme"
    )[:20]


@login_required
def project_reports(request, slug):
    project, access = get_project_for_user(request.user, slug)
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind not in PROJECT_KINDS:
            messages.error(request, "Choose which report to make.")
            return redirect("evaluation:project_reports", slug=slug)
        job, created = report_services.report_request(
            user=request.user, kind=kind, project=project
        )
        if not created:
            messages.info(request, "That report is already being made; here it is.")
        return redirect(job)
    return render(
        request,
        "evaluation/reports/project_reports.html",
        {
            "project": project,
            "access": access,
            "kinds": PROJECT_KINDS,
            "jobs": _jobs(project=project),
        },
    )


@login_required
def programme_reports(request, slug):
    programme, access = get_programme_for_user(request.user, slug)
    if not (access.role or access.is_superuser):
        raise Http404("No such programme.")
    if request.method == "POST":
        job, created = report_services.report_request(
            user=request.user, kind=ReportKind.PROGRAMME, programme=programme
        )
        if not created:
            messages.info(request, "That report is already being made; here it is.")
        return redirect(job)
    return render(
        request,
        "evaluation/reports/programme_reports.html",
        {
            "programme": programme,
            "jobs": _jobs(programme=programme, project=None),
        },
    )


@login_required
def report_job(request, pk):
    job = get_report_job_for_user(request.user, pk)
    return render(request, "evaluation/reports/job.html", {"job": job})


@login_required
def report_job_status(request, pk):
    """The live part of the job page, polled by htmx while the job is pending."""
    job = get_report_job_for_user(request.user, pk)
    return render(request, "evaluation/reports/_job_status.html", {"job": job})


@login_required
def report_download(request, pk):
    job = get_report_job_for_user(request.user, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("This report is not ready.")
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type="application/pdf",
    )


@login_required
@require_POST
def report_retry(request, pk):
    job = get_report_job_for_user(request.user, pk)
    job = report_services.report_retry(job=job, user=request.user)
    messages.success(request, "The report has been queued again.")
    return redirect(job)
