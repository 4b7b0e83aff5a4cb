from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from coproduce import history
from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from projects.payments import exports, selectors, services
from projects.payments.access import (
    get_payment_for_user,
    get_payments_programme_for_user,
    get_payments_project_for_user,
)
from projects.payments.forms import PaymentForm

T = "projects/payments/"


def _form(project, data=None, **kwargs) -> PaymentForm:
    return PaymentForm(
        data,
        activities=selectors.payment_activity_choices(project),
        people=selectors.payment_people_choices(project),
        **kwargs,
    )


@login_required
def project_payments(request, slug):
    """The project's ledger: who was offered, claimed and paid, per activity."""
    project, access, amounts = get_payments_project_for_user(
        request.user, slug, write=request.method == "POST"
    )
    can_record = access.can_edit and amounts
    form = None
    if can_record:
        initial = {"activity": request.GET.get("activity"), "edit_version": 0}
        form = _form(project, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("edit_version", None)
        try:
            payment = services.payment_record(
                project=project, data=data, user=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Payment for {payment.stakeholder} recorded.")
            return redirect("projects:project_payments", slug=slug)
    payments = selectors.project_payments(project)
    return render(
        request,
        T + "project_payments.html",
        {
            "project": project,
            "access": access,
            "amounts": amounts,
            "can_record": can_record,
            "form": form,
            "payments": payments,
            "totals": selectors.payments_total(payments),
            "by_person": selectors.totals_by_person(payments),
            "statuses": selectors.status_counts(payments),
        },
    )


@login_required
def payment_edit(request, pk):
    payment, project, access, amounts = get_payment_for_user(
        request.user, pk, write=True
    )
    form = _form(
        project,
        request.POST or None,
        instance=payment,
        initial={"edit_version": payment.edit_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("edit_version")
        try:
            services.payment_update(
                payment=payment, data=data, seen_version=seen, user=request.user
            )
        except EditConflict:
            conflict = conflict_notice(request, form, selectors.payment_saved(pk))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Payment saved.")
            return redirect("projects:project_payments", slug=project.slug)
    return render(
        request,
        T + "payment_form.html",
        {"project": project, "payment": payment, "form": form, "conflict": conflict},
    )


@login_required
def programme_payments(request, slug):
    """Totals per project and per person for the whole programme."""
    programme, access, amounts = get_payments_programme_for_user(request.user, slug)
    payments = selectors.programme_payments(programme)
    return render(
        request,
        T + "programme_payments.html",
        {
            "programme": programme,
            "access": access,
            "amounts": amounts,
            "totals": selectors.payments_total(payments),
            "by_project": selectors.totals_by_project(payments),
            "by_person": selectors.totals_by_person(payments),
            "statuses": selectors.status_counts(payments),
        },
    )


def _download(content: bytes, *, programme, name: str, content_type: str):
    history.read_record(instance=programme, action=history.Action.EXPORTED, note=name)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def programme_payments_csv(request, slug):
    programme, _access, _amounts = get_payments_programme_for_user(
        request.user, slug, finance=True
    )
    return _download(
        exports.payments_csv(programme),
        programme=programme,
        name=f"{programme.slug}-payments-{timezone.localdate():%Y-%m-%d}.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
def programme_payments_xlsx(request, slug):
    programme, _access, _amounts = get_payments_programme_for_user(
        request.user, slug, finance=True
    )
    return _download(
        exports.payments_xlsx(programme),
        programme=programme,
        name=f"{programme.slug}-payments-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
