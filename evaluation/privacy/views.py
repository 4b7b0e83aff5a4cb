"""Pages for a person's data (download everything held, erase) and a programme's
personal-data settings. Every view gets its object through ``privacy.access``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from evaluation.models import JobStatus, SubjectAccessJob
from evaluation.privacy import selectors, services
from evaluation.privacy.access import (
    get_person_for_personal_data,
    get_programme_for_personal_data,
    get_subject_access_job_for_user,
)
from evaluation.privacy.forms import ErasureConfirmForm, PersonalDataSettingsForm
from projects.access import can_edit_stakeholder
from projects.models import Programme


@login_required
def person_data(request, pk):
    """What is held about the person: downloads made so far, a button for a new
    one, and the way to erase them."""
    person = get_person_for_personal_data(request.user, pk)
    if request.method == "POST":
        job, created = services.subject_access_request(
            stakeholder=person, user=request.user
        )
        if not created:
            messages.info(request, "A download is already being made; here it is.")
        return redirect(job)
    return render(
        request,
        "evaluation/privacy/person_data.html",
        {
            "person": person,
            "person_link": can_edit_stakeholder(request.user, person),
            "jobs": SubjectAccessJob.objects.filter(stakeholder=person).select_related(
                "requested_by"
            )[:10],
            "erasure": selectors.erasure_for(person),
            "retention_ends_on": selectors.retention_ends_on(person.programme),
        },
    )


@login_required
def person_erase(request, pk):
    person = get_person_for_personal_data(request.user, pk)
    if person.is_erased:
        messages.info(request, "This person's details have already been erased.")
        return redirect("evaluation:person_data", pk=pk)
    form = ErasureConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_confirmation_check(
                stakeholder=person, typed=form.cleaned_data["confirm"]
            )
            services.stakeholder_erase(stakeholder=person, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"The person's details were erased. They are now known as "
                f"“{person.display_name}”.",
            )
            return redirect("evaluation:person_data", pk=pk)
    return render(
        request,
        "evaluation/privacy/person_erase.html",
        {
            "person": person,
            "person_link": can_edit_stakeholder(request.user, person),
            "form": form,
            "policy": person.programme.get_erased_quotes_display(),
            "documents": selectors.person_documents(person),
            "counts": selectors.erasure_preview(person),
            "naming": selectors.records_naming(person),
        },
    )


def _job_context(job: SubjectAccessJob, user=None) -> dict:
    # The breadcrumb links the person's page only for those who may open it.
    person_link = user is not None and can_edit_stakeholder(user, job.stakeholder)
    return {"job": job, "person": job.stakeholder, "person_link": person_link}


@login_required
def subject_access_job(request, pk):
    job = get_subject_access_job_for_user(request.user, pk)
    return render(
        request, "evaluation/privacy/job.html", _job_context(job, request.user)
    )


@login_required
def subject_access_job_status(request, pk):
    """The live part of the job page, polled while the download is being made."""
    job = get_subject_access_job_for_user(request.user, pk)
    return render(request, "evaluation/privacy/_job_status.html", _job_context(job))


@login_required
def subject_access_download(request, pk):
    job = get_subject_access_job_for_user(request.user, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("This download is not ready.")
    try:
        handle = job.file.open("rb")
    except OSError as error:
        raise Http404("The file is missing from storage.") from error
    services.subject_access_download_record(job=job, user=request.user)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename,
        content_type="application/zip",
    )


@login_required
@require_POST
def subject_access_retry(request, pk):
    job = get_subject_access_job_for_user(request.user, pk)
    job = services.subject_access_retry(job=job, user=request.user)
    messages.success(request, "The download has been queued again.")
    return redirect(job)


@login_required
def programme_personal_data(request, slug):
    """The programme's closing date, retention period and what erasure does to
    quotes."""
    programme = get_programme_for_personal_data(request.user, slug)
    form = PersonalDataSettingsForm(
        request.POST or None,
        instance=programme,
        initial={"edit_version": programme.edit_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("edit_version")
        try:
            services.programme_personal_data_update(
                programme=programme, data=data, seen_version=seen
            )
        except EditConflict:
            saved = Programme.objects.get(pk=programme.pk)
            conflict = conflict_notice(request, form, saved)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Personal data settings saved.")
            return redirect("evaluation:programme_personal_data", slug=slug)
    programme.refresh_from_db()
    return render(
        request,
        "evaluation/privacy/programme_settings.html",
        {
            "programme": programme,
            "form": form,
            "conflict": conflict,
            "retention_ends_on": selectors.retention_ends_on(programme),
            "erasures": selectors.programme_erasures(programme),
        },
    )
