"""Consent records of the programme's people, and the evidence audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from coproduce.forms import apply_errors
from evaluation.evidence import selectors, services
from evaluation.evidence.access import get_evaluation_programme_for_user
from evaluation.evidence.forms import ConsentForm
from evaluation.evidence.views.common import form_page, programme_crumbs


@login_required
def consent_list(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    return render(
        request,
        "evaluation/evidence/consent_list.html",
        {
            "programme": programme,
            "access": access,
            "records": selectors.consent_records(programme),
        },
    )


@login_required
def consent_create(request, slug):
    programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    form = ConsentForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record_create(
                programme=programme, data=form.cleaned_data, user=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                "Consent recorded. Any of this person's quotes that were more open "
                "have been made to match it.",
            )
            return redirect("evaluation:consent_list", slug=slug)
    consent_url = reverse("evaluation:consent_list", args=[slug])
    return form_page(
        request,
        title="Record consent",
        form=form,
        crumbs=programme_crumbs(programme, ("Consent", consent_url)),
        cancel=consent_url,
    )
