"""A project's quotes: the list (consent applied), adding, editing with redaction, and
deleting. Opening the unredacted text is noted in the audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from coproduce import history
from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from evaluation.evidence import selectors, services
from evaluation.evidence.access import (
    get_evidence_project_for_user,
    get_quote_for_user,
)
from evaluation.evidence.forms import QuoteForm
from evaluation.evidence.views.common import (
    confirm_delete_page,
    form_page,
    project_crumbs,
)
from evaluation.models import Quote
from projects.models import RoleCategory


def _quotes_crumbs(project):
    url = reverse("evaluation:quote_list", args=[project.slug])
    return project_crumbs(project, ("Quotes", url))


@login_required
def quote_list(request, slug):
    project, access = get_evidence_project_for_user(request.user, slug)
    quotes = selectors.project_quotes(project, access)
    role = request.GET.get("role", "")
    if role in RoleCategory.values:
        quotes = quotes.filter(role_category=role)
    page = Paginator(quotes, 50).get_page(request.GET.get("page"))
    history.read_record(
        instance=project, action=history.Action.VIEWED, note="The project's quotes"
    )
    return render(
        request,
        "evaluation/evidence/quote_list.html",
        {
            "project": project,
            "access": access,
            "page": page,
            "role": role,
            "roles": RoleCategory.choices,
        },
    )


def _quote_save(request, form, project, quote) -> None:
    """Create or update from a valid form; raises EditConflict or ValidationError."""
    data = dict(form.cleaned_data)
    extra = {
        "redaction_text": data.pop("redactions"),
        "themes": data.pop("themes"),
        "observations": data.pop("observations"),
        "user": request.user,
    }
    seen_version = data.pop("edit_version")
    if quote:
        services.quote_update(
            quote=quote, data=data, seen_version=seen_version, **extra
        )
    else:
        services.quote_create(project=project, data=data, **extra)


@login_required
def quote_edit(request, slug, pk=None):
    if pk:
        quote, project, _ = get_quote_for_user(request.user, slug, pk, write=True)
    else:
        quote = None
        project, _ = get_evidence_project_for_user(request.user, slug, write=True)
    form = QuoteForm(
        request.POST or None,
        instance=quote,
        project=project,
        initial={"edit_version": quote.edit_version} if quote else None,
    )
    conflict = ()
    if request.method == "POST" and form.is_valid():
        try:
            _quote_save(request, form, project, quote)
        except EditConflict:
            saved = Quote.objects.get(pk=quote.pk)
            conflict = conflict_notice(request, form, saved)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Quote saved.")
            return redirect("evaluation:quote_list", slug=slug)
    elif quote:
        history.read_record(
            instance=quote,
            action=history.Action.VIEWED,
            note="The whole text, hidden words included, to edit it",
        )
    return form_page(
        request,
        title="Edit a quote" if quote else "Add a quote",
        form=form,
        crumbs=_quotes_crumbs(project),
        cancel=reverse("evaluation:quote_list", args=[slug]),
        preview=quote.shown_text() if quote else "",
        conflict=conflict,
    )


@login_required
def quote_delete(request, slug, pk):
    quote, project, _ = get_quote_for_user(request.user, slug, pk, write=True)
    if request.method == "POST":
        services.quote_delete(quote=quote, user=request.user)
        messages.success(request, "Quote deleted.")
        return redirect("evaluation:quote_list", slug=slug)
    return confirm_delete_page(
        request,
        crumbs=_quotes_crumbs(project),
        title="Delete this quote?",
        what=f"“{quote.shown_text()}” ({quote.attribution})",
        cancel=reverse("evaluation:quote_list", args=[slug]),
    )
