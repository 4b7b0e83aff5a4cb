"""A project's documents: list, upload (type and size checked), download through the
permission check only, delete. Downloads are noted in the audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from coproduce import history
from evaluation.evidence import selectors, services
from evaluation.evidence.access import (
    get_document_for_user,
    get_evidence_project_for_user,
)
from evaluation.evidence.forms import DocumentForm
from evaluation.evidence.views.common import (
    confirm_delete_page,
    form_page,
    project_crumbs,
)


@login_required
def document_list(request, slug):
    project, access = get_evidence_project_for_user(request.user, slug)
    return render(
        request,
        "evaluation/evidence/document_list.html",
        {
            "project": project,
            "access": access,
            "documents": selectors.project_documents(project),
        },
    )


@login_required
def document_upload(request, slug):
    project, _ = get_evidence_project_for_user(request.user, slug, write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploaded = data.pop("file")
        try:
            document = services.document_upload(
                project=project, uploaded=uploaded, data=data, user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, f"“{document.title}” uploaded.")
            return redirect("evaluation:document_list", slug=slug)
    documents_url = reverse("evaluation:document_list", args=[slug])
    return form_page(
        request,
        title="Upload a document",
        form=form,
        crumbs=project_crumbs(project, ("Documents", documents_url)),
        cancel=documents_url,
        submit="Upload",
        multipart=True,
    )


@login_required
def document_download(request, slug, pk):
    """Files are served only here, after the permission check; never by URL."""
    document, project, _ = get_document_for_user(request.user, slug, pk)
    try:
        handle = document.file.open("rb")
    except OSError as error:
        raise Http404("The file is missing from storage.") from error
    history.read_record(
        instance=document, action=history.Action.DOWNLOADED, note=document.title
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
def document_delete(request, slug, pk):
    document, project, _ = get_document_for_user(request.user, slug, pk, write=True)
    documents_url = reverse("evaluation:document_list", args=[slug])
    if request.method == "POST":
        services.document_delete(document=document, user=request.user)
        messages.success(request, "Document deleted.")
        return redirect(documents_url)
    return confirm_delete_page(
        request,
        crumbs=project_crumbs(project, ("Documents", documents_url)),
        title="Delete this document?",
        what=f"{document.title} ({document.original_name})",
        cancel=documents_url,
    )
