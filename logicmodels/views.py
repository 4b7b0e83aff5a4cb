from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from coproduce.concurrency import EditConflict, conflict_show
from coproduce.forms import apply_errors as _apply_errors
from logicmodels import selectors, services
from logicmodels.compare import (
    compare_item_lists,
    compare_versions,
    item_data,
    trace_check,
)
from logicmodels.diagrams import logic_model_svg
from logicmodels.forms import (
    CompareForm,
    CribSheetForm,
    LinkForm,
    RowAction,
    StartForm,
    VersionForm,
    item_formset,
    item_formsets,
    posted_rows,
    row_action_apply,
    rows_from,
    typed_rows,
)
from logicmodels.models import CLOSING_CHECKS, KIND_MEANING, ModelKind, Section
from projects.access import get_programme_for_user, get_project_for_user
from projects.memo import remembered_html


def _kind(kind: str) -> ModelKind:
    if kind not in ModelKind.values:
        raise Http404("No such kind of logic model.")
    return ModelKind(kind)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "someone"


@login_required
def model_list(request, slug):
    project, access = get_project_for_user(request.user, slug)
    versions = list(selectors.project_versions(project))
    models = []
    for kind in ModelKind:
        own = [v for v in versions if v.logic_model.kind == kind]
        models.append(
            {
                "kind": kind,
                "label": kind.label,
                "meaning": KIND_MEANING[kind],
                "versions": own,
                "latest": own[0] if own else None,
            }
        )
    return render(
        request,
        "logicmodels/model_list.html",
        {
            "project": project,
            "access": access,
            "models": models,
            "can_compare": len(versions) >= 2,
            "can_start": access.can_edit_evaluation
            and any(not m["versions"] for m in models),
        },
    )


@login_required
def model_start(request, slug):
    project, access = get_project_for_user(request.user, slug, evaluation=True)
    source = selectors.copy_source(project)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        copy_from = None
        if kind == ModelKind.POST_FACTO and form.cleaned_data["copy_a_priori"]:
            copy_from = source
            if source is None:
                form.add_error(
                    "copy_a_priori",
                    "There is no a priori model to copy yet. Untick this to start "
                    "from a blank model.",
                )
        if not form.errors:
            try:
                version = services.logic_model_start(
                    project=project, kind=kind, author=request.user, copy_from=copy_from
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{version.logic_model.get_kind_display()} logic model started "
                    "as a draft.",
                )
                return redirect("logicmodels:draft_edit", project.slug, kind)
    return render(
        request,
        "logicmodels/start.html",
        {"project": project, "form": form, "source": source},
    )


def _version_or_404(project, kind, number):
    version = selectors.version_for(project, _kind(kind), number)
    if version is None:
        raise Http404("No such version.")
    return version


@login_required
def version_detail(request, slug, kind, number):
    project, access = get_project_for_user(request.user, slug)
    version = _version_or_404(project, kind, number)
    items = selectors.version_items(version)
    links = selectors.version_links(version)
    trace = trace_check(items, links)
    by_id = {item.pk: item for item in items}
    siblings = [
        v
        for v in selectors.project_versions(project)
        if v.logic_model_id == version.logic_model_id
    ]
    return render(
        request,
        "logicmodels/version_detail.html",
        {
            "project": project,
            "access": access,
            "version": version,
            "sections": selectors.version_sections(
                version, selectors.crib_sheet(project.programme)
            ),
            "trace": trace,
            "links": [(by_id[k.source_id], by_id[k.target_id]) for k in links],
            "diagram": mark_safe(logic_model_svg(version, gap_ids=trace["gap_ids"])),
            "checks": [
                (
                    question,
                    getattr(version, f"get_{key}_answer_display")(),
                    getattr(version, f"{key}_note"),
                )
                for key, question in CLOSING_CHECKS
            ],
            "versions": siblings,
            "is_latest": siblings and siblings[0].pk == version.pk,
            "meaning": KIND_MEANING[version.logic_model.kind],
        },
    )


@login_required
def version_svg(request, slug, kind, number):
    project, _ = get_project_for_user(request.user, slug)
    version = _version_or_404(project, kind, number)
    response = HttpResponse(
        logic_model_svg(version), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'inline; filename="{project.slug}-{kind}-v{number}.svg"'
    )
    return response


_CHANGE_WORDING = {
    "dropped": "Only in their save: “{old}”",
    "added": "Only in your text: “{new}”",
    "reworded": "Worded differently. Theirs: “{old}”. Yours: “{new}”",
}


def _conflict(current, formsets, form) -> dict:
    """The conflict notice for a draft: what the other person's save holds that
    differs from the user's typed text, one row per section that differs."""
    theirs = {section: [] for section in Section}
    for item in selectors.version_items(current):
        theirs[Section(item.section)].append(item_data(item))
    rows = []
    for section, formset in formsets.items():
        result = compare_item_lists(theirs[section], typed_rows(formset))
        values = [
            _CHANGE_WORDING[row["change"]].format(
                old=(row["old"] or {}).get("text"), new=(row["new"] or {}).get("text")
            )
            for row in result["rows"]
            if row["change"] != "kept"
        ]
        their_reflection = current.reflection_for(section)
        typed = form.data.get(f"{section.key}_reflection", "")
        if " ".join(their_reflection.split()) != " ".join(typed.split()):
            values.append(f"Their reflection: {their_reflection or '(empty)'}")
        if values:
            rows.append({"label": section.label, "values": values})
    at = timezone.localtime(current.updated_at).strftime("%H:%M")
    return {
        "heading": f"What {_person(current.updated_by)} saved at {at}, compared "
        "with your text",
        "rows": rows,
        "note": ""
        if rows
        else "Their items and reflections match what you typed. Save again to keep "
        "your version.",
    }


def _problems(form, formsets) -> list[tuple[str, str]]:
    """(field id, message) for the error summary at the top of the edit page."""
    problems = [("", message) for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != "__all__":
            label = form.fields[name].label if name in form.fields else name
            problems += [(form[name].id_for_label, f"{label}: {e}") for e in errors]
    for section, formset in formsets.items():
        problems += [
            (f"section-{section.key}", f"{section.label}: {e}")
            for e in formset.non_form_errors()
        ]
        for n, item_form in enumerate(formset.forms, start=1):
            for name, errors in item_form.errors.items():
                field_id = item_form[name].id_for_label if name != "__all__" else ""
                problems += [
                    (field_id, f"{section.label}, item {n}: {e}") for e in errors
                ]
    return problems


def _row_action(data) -> RowAction | None:
    """The add, move or remove button pressed, if any (``row`` in the post)."""
    if "row" not in data:
        return None
    try:
        return RowAction(data["row"])
    except ValueError:
        raise BadRequest("Not a row button.") from None


def _mark_errors(formsets) -> None:
    """Tie each item's error message to its text box for screen readers."""
    for formset in formsets.values():
        for item_form in formset.forms:
            if item_form.errors.get("text"):
                item_form.fields["text"].widget.attrs.update(
                    {
                        "aria-invalid": "true",
                        "aria-describedby": f"{item_form['text'].auto_id}-error",
                    }
                )


def _posted_formsets(post, action: RowAction | None):
    """The item formsets as posted; after a row button (no JavaScript), with that
    section's rows moved, added or removed. Returns (formsets, focus, status)."""
    if action is None:
        return item_formsets(post), None, ""
    rows, focus, status = row_action_apply(posted_rows(post, action.section), action)
    formsets = {
        section: item_formset(section, rows, focus=focus)
        if section == action.section
        else item_formset(section, posted_rows(post, section))
        for section in Section
    }
    return formsets, focus, status


def _draft_save(request, project, kind, draft, latest, form, formsets):
    """Save a valid posted draft. Returns (redirect or None, the version now being
    edited, the conflict notice, the agreed version the text was typed against)."""
    seen = form.cleaned_data["edit_version"] or 0
    if draft is None and "start_new" in request.POST:
        # Agreed while they typed: carry their text into the next version.
        draft = services.version_start_next(
            logic_model=latest.logic_model, author=request.user
        )
        seen = draft.edit_version
    elif draft is None:
        return None, latest, None, latest
    elif draft.number != _int(request.POST.get("version_number")):
        seen = -1  # a newer draft than the one they opened
    try:
        services.draft_save(
            version=draft,
            author=request.user,
            fields={n: form.cleaned_data[n] for n in services.VERSION_FIELDS},
            sections={s: rows_from(fs) for s, fs in formsets.items()},
            seen_version=seen,
        )
    except EditConflict:
        current = selectors.draft_for(project, kind)
        conflict = _conflict(current, formsets, form)
        conflict_show(request, form, current.edit_version)
        form.data["version_number"] = current.number
        return None, draft, conflict, None
    except ValidationError as error:
        _apply_errors(form, error)
        return None, draft, None, None
    messages.success(request, f"Draft version {draft.number} saved.")
    if "save_and_view" in request.POST:
        return redirect(draft), draft, None, None
    return redirect("logicmodels:draft_edit", project.slug, kind), draft, None, None


def _draft_sections(project, form, formsets, action, state) -> list[dict]:
    """One entry per section of the edit page: its rows, reflection and prompts."""
    crib = selectors.crib_sheet(project.programme)
    return [
        {
            "section": section,
            "key": section.key,
            "label": section.label,
            "formset": formsets[section],
            "focus": state.get("focus")
            if action and action.section == section
            else None,
            "reflection": form[f"{section.key}_reflection"],
            "questions": crib[section].question_list(),
            "prompts": crib[section].prompt_list(),
        }
        for section in Section
    ]


def _draft_page(request, project, kind, editing, form, formsets, **state):
    """The edit page. ``state``: the row ``action`` pressed with its ``focus`` and
    ``status``, and a save's ``conflict`` notice or ``frozen`` agreed version."""
    action, conflict, frozen = (state.get(k) for k in ("action", "conflict", "frozen"))
    posted = request.method == "POST"
    problems = []
    if posted and action is None:
        problems = _problems(form, formsets)
        _mark_errors(formsets)
    return render(
        request,
        "logicmodels/draft_edit.html",
        {
            "project": project,
            "version": editing,
            "form": form,
            "sections": _draft_sections(project, form, formsets, action, state),
            "rows_url": reverse("logicmodels:draft_rows", args=[project.slug, kind]),
            "status": state.get("status", ""),
            "checks": [
                (question, form[f"{key}_answer"], form[f"{key}_note"])
                for key, question in CLOSING_CHECKS
            ],
            "conflict": conflict,
            "problems": problems,
            "frozen": frozen,
            "frozen_message": services.frozen_error(frozen).messages[0]
            if frozen
            else "",
            "version_number": _int(request.POST.get("version_number"))
            if posted and conflict is None
            else editing.number,
        },
    )


def _draft_or_latest(project, kind):
    """(the draft, None), or (None, the agreed version) when there is no draft."""
    draft = selectors.draft_for(project, kind)
    if draft is not None:
        return draft, None
    latest = selectors.latest_agreed(project, kind)
    if latest is None:
        raise Http404("No such logic model.")
    return None, latest


def _draft_opened(request, project, kind, draft, latest):
    """The page as opened: the draft's form, or back to the agreed version."""
    if draft is None:
        messages.info(
            request,
            f"Version {latest.number} is agreed and can no longer be changed. "
            f"Use “Start version {latest.number + 1}” to make changes.",
        )
        return redirect(latest)
    form = VersionForm(instance=draft, initial={"edit_version": draft.edit_version})
    return _draft_page(
        request, project, kind, draft, form, item_formsets(version=draft)
    )


@login_required
def draft_edit(request, slug, kind):
    project, access = get_project_for_user(request.user, slug, evaluation=True)
    kind = _kind(kind)
    draft, latest = _draft_or_latest(project, kind)
    if request.method != "POST":
        return _draft_opened(request, project, kind, draft, latest)
    action = _row_action(request.POST)
    form = VersionForm(request.POST, instance=draft or latest)
    formsets, focus, status = _posted_formsets(request.POST, action)
    editing, conflict, frozen = draft or latest, None, None
    if (
        action is None
        and form.is_valid()
        and all(f.is_valid() for f in formsets.values())
    ):
        response, editing, conflict, frozen = _draft_save(
            request, project, kind, draft, latest, form, formsets
        )
        if response:
            return response
    return _draft_page(
        request,
        project,
        kind,
        editing,
        form,
        formsets,
        action=action,
        focus=focus,
        status=status,
        conflict=conflict,
        frozen=frozen,
    )


@login_required
@require_POST
def draft_rows(request, slug, kind):
    """One section's rows after an add, move or remove button, for htmx to swap in.

    Built from the posted form, so text typed anywhere stays as it is; nothing is
    saved (the draft's own checks run when the whole form is saved).
    """
    get_project_for_user(request.user, slug, evaluation=True)
    _kind(kind)
    action = _row_action(request.POST)
    if action is None:
        raise BadRequest("No row button was pressed.")
    rows, focus, status = row_action_apply(
        posted_rows(request.POST, action.section), action
    )
    response = render(
        request,
        "logicmodels/_item_rows.html",
        {
            "s": {
                "key": action.section.key,
                "label": action.section.label,
                "formset": item_formset(action.section, rows, focus=focus),
                "focus": focus,
            },
            "rows_url": request.path,
            "status": status,
        },
    )
    # The page's script swaps in only answers that carry this header (not, say, a
    # sign-in page reached by a redirect).
    response["X-Logic-Model-Rows"] = action.section.key
    return response


@login_required
@require_POST
def draft_new(request, slug, kind):
    project, _ = get_project_for_user(request.user, slug, evaluation=True)
    latest = selectors.latest_agreed(project, _kind(kind))
    if latest is None:
        raise Http404("No such logic model.")
    version = services.version_start_next(
        logic_model=latest.logic_model, author=request.user
    )
    messages.success(
        request,
        f"Version {version.number} started as a draft copy of version "
        f"{version.number - 1}.",
    )
    return redirect("logicmodels:draft_edit", project.slug, kind)


@login_required
@require_POST
def draft_agree(request, slug, kind):
    project, _ = get_project_for_user(request.user, slug, evaluation=True)
    draft = selectors.draft_for(project, _kind(kind))
    if draft is None:
        messages.error(request, "There is no draft to agree.")
        return redirect("logicmodels:model_list", project.slug)
    try:
        services.version_agree(
            version=draft,
            author=request.user,
            seen_version=_int(request.POST.get("edit_version")),
        )
    except EditConflict:
        # Not a form save (nothing typed to keep), so its own wording.
        messages.error(
            request,
            "The draft changed after you opened this page, so it was not agreed. "
            "Check the latest draft below, then agree it.",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Version {draft.number} agreed. It is now read-only; the next change "
            f"starts version {draft.number + 1}.",
        )
    return redirect(draft)


@login_required
def links_edit(request, slug, kind):
    project, access = get_project_for_user(request.user, slug, evaluation=True)
    kind = _kind(kind)
    draft = selectors.draft_for(project, kind)
    if draft is None:
        latest = selectors.latest_agreed(project, kind)
        if latest is None:
            raise Http404("No such logic model.")
        messages.error(request, services.frozen_error(latest).messages[0])
        return redirect(latest)
    items = selectors.version_items(draft)
    form = LinkForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_add(
                version=draft,
                source_id=form.cleaned_data["source"],
                target_id=form.cleaned_data["target"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Link added.")
            return redirect("logicmodels:links_edit", project.slug, kind)
    links = selectors.version_links(draft)
    by_id = {item.pk: item for item in items}
    return render(
        request,
        "logicmodels/links_edit.html",
        {
            "project": project,
            "version": draft,
            "form": form,
            "links": [
                (link, by_id[link.source_id], by_id[link.target_id]) for link in links
            ],
            "trace": trace_check(items, links),
        },
    )


@login_required
@require_POST
def link_remove(request, slug, kind, pk):
    project, _ = get_project_for_user(request.user, slug, evaluation=True)
    kind = _kind(kind)
    draft = selectors.draft_for(project, kind)
    if draft is None:
        raise Http404("No draft to change.")
    try:
        services.link_remove(version=draft, link_id=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Link removed.")
    return redirect("logicmodels:links_edit", project.slug, kind)


def _default_pair(versions) -> tuple[int, int] | None:
    """Latest a priori against latest post facto; else the two newest of one kind."""
    newest = {}
    for version in versions:  # newest first within each kind
        newest.setdefault(version.logic_model.kind, version)
    if len(newest) == 2:
        return newest[ModelKind.A_PRIORI].pk, newest[ModelKind.POST_FACTO].pk
    if len(versions) >= 2:
        return versions[1].pk, versions[0].pk
    return None


@login_required
def compare(request, slug):
    project, access = get_project_for_user(request.user, slug)

    def context() -> dict:
        versions = list(selectors.project_versions(project))
        pair = _default_pair(versions)
        form = CompareForm(
            request.GET if "a" in request.GET else None,
            versions=versions,
            initial={"a": pair[0], "b": pair[1]} if pair else None,
        )
        if form.is_bound and form.is_valid():
            pair = form.cleaned_data["a"], form.cleaned_data["b"]
        comparison = diagram_a = diagram_b = None
        if pair:
            loaded = selectors.versions_by_id(project, pair)
            if len(loaded) == len(set(pair)):
                a, b = loaded[pair[0]], loaded[pair[1]]
                comparison = compare_versions(a, b)
                diagram_a = mark_safe(logic_model_svg(a))
                if b.pk != a.pk:
                    diagram_b = mark_safe(logic_model_svg(b))
        return {
            "project": project,
            "access": access,
            "form": form,
            "comparison": comparison,
            "diagram_a": diagram_a,
            "diagram_b": diagram_b,
            "same": pair and pair[0] == pair[1],
        }

    # Remembered until anything in the programme changes (projects/memo.py).
    body = remembered_html(
        request,
        "logic-model-compare",
        "logicmodels/_compare_body.html",
        context,
        programme_id=project.programme_id,
    )
    return render(
        request, "logicmodels/compare.html", {"project": project, "body": body}
    )


@login_required
def crib_sheet(request, slug):
    programme, access = get_programme_for_user(
        request.user, slug, write=request.method == "POST"
    )
    crib = selectors.crib_sheet(programme)
    form = CribSheetForm(request.POST or None, crib=crib)
    if request.method == "POST" and form.is_valid():
        try:
            services.crib_sheet_save(
                programme=programme, author=request.user, entries=form.entries()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Guiding questions saved.")
            return redirect("logicmodels:crib_sheet", programme.slug)
    return render(
        request,
        "logicmodels/crib_sheet.html",
        {
            "programme": programme,
            "access": access,
            "form": form,
            "crib": [(Section(s).label, row) for s, row in crib.items()],
        },
    )
