from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.forms import apply_errors
from projects.communication import selectors, services
from projects.communication.access import (
    get_needs_person_for_user,
    get_unmet_needs_programme_for_user,
)
from projects.communication.forms import ArrangeForm, CommunicationNeedsForm


def needs_context(person, *, needs_form=None, needs_conflict=None) -> dict:
    """What the person's page shows about their needs (projects.views.person_page)."""
    needs = selectors.needs_of(person)
    if needs_form is None:
        needs_form = CommunicationNeedsForm(
            instance=needs,
            initial={"edit_version": needs.edit_version if needs else 0},
        )
    return {
        "needs": needs,
        "needs_form": needs_form,
        "needs_conflict": needs_conflict,
        "need_rows": selectors.need_rows(needs),
    }


@login_required
@require_POST
def communication_needs_edit(request, pk):
    """Save the needs form on the person's page."""
    from projects.views import person_page  # the page this form sits on

    person = get_needs_person_for_user(request.user, pk, write=True)
    if person.is_erased:  # nothing about them is recorded any more
        return redirect("projects:stakeholder_edit", pk=pk)
    needs = selectors.needs_of(person)
    form = CommunicationNeedsForm(request.POST, instance=needs)
    conflict = None
    if form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("edit_version")
        try:
            services.communication_needs_save(
                stakeholder=person, data=data, seen_version=seen, user=request.user
            )
        except EditConflict:
            saved = selectors.needs_saved(person)
            if saved is None:  # deleted meanwhile: nothing to show beside the form
                messages.error(request, "These needs were changed; check and save.")
            else:
                conflict = conflict_notice(request, form, saved)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Communication needs of {person} saved.")
            return redirect("projects:stakeholder_edit", pk=pk)
    return person_page(request, person, needs_form=form, needs_conflict=conflict)


@login_required
@require_POST
def need_arranged(request, pk):
    """Tick a need as arranged, or take the tick off ("undo" in the form)."""
    person = get_needs_person_for_user(request.user, pk, write=True)
    needs = selectors.needs_of(person)
    form = ArrangeForm(request.POST)
    back = request.POST.get("back") == "unmet"
    if needs is None or not form.is_valid():
        messages.error(request, "Choose a need to tick.")
    elif "undo" in request.POST:
        services.need_unarrange(needs=needs, need=form.cleaned_data["need"])
        messages.success(request, f"Tick taken off for {person}.")
    else:
        try:
            services.need_arrange(
                needs=needs,
                need=form.cleaned_data["need"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Marked as arranged for {person}.")
    if back:
        return redirect("projects:unmet_needs", slug=person.programme.slug)
    return redirect("projects:stakeholder_edit", pk=pk)


@login_required
def unmet_needs(request, slug):
    """The programme's people with needs nobody has arranged yet, who are invited to
    an activity still to come or hold a link to an open round or review."""
    programme, access = get_unmet_needs_programme_for_user(request.user, slug)
    return render(
        request,
        "projects/communication/unmet_needs.html",
        {
            "programme": programme,
            "access": access,
            "rows": selectors.unmet_needs(programme),
        },
    )
