from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from coproduce.concurrency import EditConflict, conflict_notice
from coproduce.drafts import draft_drop, draft_get, draft_save
from coproduce.forms import apply_errors as _apply_errors
from coproduce.forms import typed_initial
from coproduce.links import safe_next
from projects import selectors, services
from projects.access import (
    can_add_organisation,
    can_manage_personal_data,
    can_start_programme,
    get_new_project_programme_for_user,
    get_programme_for_user,
    get_programme_roster_for_user,
    get_project_for_user,
    get_stakeholder_for_user,
    programme_access,
    programmes_user_can_add_projects_to,
    programmes_visible_to,
)
from projects.communication import views as communication_views
from projects.forms import (
    AttachStakeholderForm,
    BriefRevisionForm,
    CommentForm,
    InvolvementForm,
    MembershipForm,
    OrganisationForm,
    ProgrammeForm,
    ProgrammeSettingsForm,
    ProjectFilterForm,
    ProjectForm,
    StakeholderForm,
)
from projects.invitations import selectors as invitation_selectors
from projects.invitations.forms import RoleForm
from projects.memo import remembered, remembered_html
from projects.models import (
    AccessRole,
    ActivityKind,
    DiamondStage,
    Programme,
    role_name,
)
from projects.progress import diagrams
from projects.story import selectors as story_selectors
from projects.story.access import can_write_story
from projects.templatetags.project_rows import project_rows

# Rows of the project table on a programme's page (the project list has them all).
PROGRAMME_PAGE_SIZE = 50


@login_required
def programme_list(request):
    programmes = (
        programmes_visible_to(request.user)
        .select_related("lead_organisation")
        .annotate(project_count=Count("projects", distinct=True))
    )
    return render(
        request,
        "projects/programme_list.html",
        {
            "programmes": programmes,
            "can_create": can_start_programme(request.user),
        },
    )


@login_required
def programme_create(request):
    if not can_start_programme(request.user):
        raise PermissionDenied(
            "Only people allowed to create programmes can start one."
        )
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = services.programme_create(
            data=form.cleaned_data, creator=request.user
        )
        messages.success(request, f"Programme “{programme}” created.")
        return redirect(programme)
    return render(request, "projects/programme_form.html", {"form": form})


@login_required
def programme_settings(request, slug):
    """The programme's name, description, lead organisation and sign-in rule."""
    programme, access = get_programme_for_user(request.user, slug, write=True)
    form = ProgrammeSettingsForm(
        request.POST or None,
        instance=programme,
        initial={"edit_version": programme.edit_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_settings_update(
                programme=programme,
                data=form.cleaned_data,
                seen_version=form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            saved = Programme.objects.get(pk=programme.pk)
            conflict = conflict_notice(request, form, saved)
        else:
            messages.success(request, "Programme settings saved.")
            return redirect("projects:programme_detail", slug=slug)
    return render(
        request,
        "projects/programme_settings.html",
        {"programme": programme, "form": form, "conflict": conflict},
    )


@login_required
def programme_detail(request, slug):
    programme, access = get_programme_for_user(request.user, slug)
    projects = selectors.project_list(request.user, programme=programme)
    number = request.GET.get("page") or "1"
    number = number if number.isdigit() else "1"

    def summary() -> dict:
        # The picture places every project (or counts them, in a big programme);
        # the table below it shows a page of them, as its rows' HTML.
        page = Paginator(projects, PROGRAMME_PAGE_SIZE).get_page(number)
        return {
            "status_summary": selectors.status_summary(projects),
            "reach": selectors.reach_counts(projects),
            "diamond": diagrams.programme_diamond(
                programme,
                selectors.programme_stage_projects(request.user, programme),
                counts=selectors.stage_status_counts(projects),
                link=diagrams.dashboard_link(programme),
            ),
            "table_rows": project_rows(page.object_list),
            "number": page.number,
            "count": page.paginator.count,
        }

    figures = remembered(
        "programme-page",
        summary,
        programme_id=programme.pk,
        user=request.user,
        parts=[number],
    )
    page = selectors.page_of_rows(
        [],
        figures.pop("number"),
        count=figures.pop("count"),
        per_page=PROGRAMME_PAGE_SIZE,
    )
    return render(
        request,
        "projects/programme_detail.html",
        {"programme": programme, "access": access, "page": page, **figures},
    )


@login_required
def programme_members(request, slug):
    programme, access = get_programme_roster_for_user(request.user, slug)
    form = MembershipForm(request.POST or None)
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied("Only facilitators can change who has access.")
        if form.is_valid():
            try:
                member = services.programme_member_set(
                    programme=programme, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"{member.user} now has access.")
                return redirect("projects:programme_members", slug=slug)
    return render(
        request,
        "projects/members.html",
        {
            "scope": programme,
            "access": access,
            "members": selectors.programme_members(programme),
            "form": form,
            **_member_history(programme=programme, access=access),
        },
    )


@login_required
@require_POST
def programme_member_remove(request, slug, pk):
    programme, _ = get_programme_roster_for_user(request.user, slug, write=True)
    member = selectors.programme_membership(programme, pk)
    services.membership_remove(membership=member, by=request.user)
    messages.success(request, f"{member.user} no longer has programme access.")
    return redirect("projects:programme_members", slug=slug)


@login_required
def project_list(request):
    programmes = programmes_visible_to(request.user)
    form = ProjectFilterForm(request.GET or None, programmes=programmes)
    filters = form.cleaned_data if form.is_valid() else {}
    projects = selectors.project_list(
        request.user,
        q=filters.get("q", ""),
        programme=filters.get("programme"),
        status=filters.get("status", ""),
    )
    page = Paginator(projects, PROGRAMME_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": programmes_user_can_add_projects_to(request.user).exists(),
        },
    )


def _organisation_detour(request, *, form_id: str, back: str):
    """ "Add an organisation" was pressed on the project form: keep what was typed
    and go to the organisation form, which comes back to ``back`` with it."""
    key = draft_save(request, form_id=form_id, data=request.POST)
    back = f"{back}{'&' if '?' in back else '?'}{urlencode({'draft': key})}"
    url = reverse("projects:organisation_create")
    return redirect(f"{url}?{urlencode({'next': back})}")


def _draft_back(request, form, *, form_id: str) -> None:
    """Back from the detour: show what was typed, with the organisation just added
    ticked among the partners."""
    data = draft_get(request, form_id=form_id, key=request.GET.get("draft", ""))
    if data is None or form.is_bound:
        return
    initial = typed_initial(form, data)
    added = request.GET.get("organisation", "")
    if added.isdigit() and "partners" in form.fields:
        initial["partners"] = [*initial.get("partners", []), added]
    form.initial.update(initial)


@login_required
def project_create(request):
    programme_slug = request.GET.get("programme") or request.POST.get("programme")
    programme = get_new_project_programme_for_user(request.user, programme_slug)
    if programme is None:
        return render(
            request,
            "projects/choose_programme.html",
            {"programmes": programmes_user_can_add_projects_to(request.user)},
        )
    form_id = f"project-new-{programme.pk}"
    if request.method == "POST" and "detour" in request.POST:
        back = reverse("projects:project_create") + f"?programme={programme.slug}"
        return _organisation_detour(request, form_id=form_id, back=back)
    form = ProjectForm(request.POST or None)
    _draft_back(request, form, form_id=form_id)
    if request.method == "POST" and form.is_valid():
        project = services.project_create(
            programme=programme,
            author=request.user,
            data=form.cleaned_data,
            partners=form.cleaned_data["partners"],
        )
        draft_drop(request, key=request.GET.get("draft", ""))
        messages.success(request, f"Project “{project}” created.")
        return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "programme": programme, "creating": True},
    )


@login_required
def project_detail(request, slug):
    project, access = get_project_for_user(request.user, slug)
    return _render_project(request, project, access, CommentForm())


def _render_project(request, project, access, comment_form):
    def context() -> dict:
        transitions = selectors.project_transitions(project)
        return {
            "project": project,
            "access": access,
            "partners": list(project.partners.all()),
            "involvements": list(selectors.project_involvements(project)),
            "briefs": list(selectors.project_briefs(project)),
            "comments": list(selectors.project_comments(project)),
            "comment_form": comment_form,
            # Progress: where the project is, its path and its latest activities.
            "transitions": transitions,
            "last_change": transitions[-1] if transitions else None,
            "path_svg": diagrams.project_path_svg(project, transitions),
            "recent_activities": list(selectors.project_activities(project)[:5]),
            "activity_kinds": ActivityKind.choices,
            "stages": DiamondStage.choices,
            "today": timezone.localdate(),
            # The case study's story, and whether this user may write it.
            "story": story_selectors.project_story(project),
            "can_write_story": can_write_story(access),
        }

    # Remembered until anything in the programme changes; a refused comment is
    # shown afresh with its message (projects/memo.py).
    body = remembered_html(
        request,
        "project-page",
        "projects/_project_body.html",
        context,
        programme_id=project.programme_id,
        fresh=comment_form.is_bound,
    )
    return render(
        request, "projects/project_detail.html", {"project": project, "body": body}
    )


@login_required
def project_edit(request, slug):
    project, access = get_project_for_user(request.user, slug, write=True)
    form_id = f"project-{project.pk}"
    if request.method == "POST" and "detour" in request.POST:
        back = reverse("projects:project_edit", args=[slug])
        return _organisation_detour(request, form_id=form_id, back=back)
    form = ProjectForm(
        request.POST or None,
        instance=project,
        editing=True,
        initial={"edit_version": project.edit_version},
    )
    _draft_back(request, form, form_id=form_id)
    conflict = None
    old_slug = project.slug
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project,
                data=form.cleaned_data,
                partners=form.cleaned_data["partners"],
                seen_version=form.cleaned_data["edit_version"] or 0,
                author=request.user,
            )
        except EditConflict:
            conflict = conflict_notice(
                request, form, selectors.project_saved(project.pk)
            )
        else:
            draft_drop(request, key=request.GET.get("draft", ""))
            messages.success(request, "Project details saved.")
            if project.slug != old_slug:
                messages.info(
                    request,
                    f"The project's web address now ends in “{project.slug}”. Links "
                    f"to the old address (“{old_slug}”) will keep working.",
                )
            return redirect("projects:project_detail", slug=project.slug)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "programme": project.programme,
            "project": project,
            "conflict": conflict,
        },
    )


@login_required
def brief_revise(request, slug):
    project, access = get_project_for_user(request.user, slug, write=True)
    form = BriefRevisionForm(
        request.POST or None,
        initial={"text": project.brief, "edit_version": project.edit_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.brief_revise(
                project=project,
                author=request.user,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                seen_version=form.cleaned_data["edit_version"] or 0,
            )
        except EditConflict:
            saved = selectors.project_saved(project.pk)
            latest = selectors.project_briefs(saved).first()
            conflict = conflict_notice(
                request,
                form,
                saved,
                extra=[
                    ("Design brief", saved.brief),
                    ("Why it last changed", latest.reason if latest else ""),
                ],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Brief revised (version {revision.number}).")
            return redirect(project)
    return render(
        request,
        "projects/brief_form.html",
        {"form": form, "project": project, "conflict": conflict},
    )


def _stakeholder_attach(request, project, available):
    """The "someone already in the programme" form: (form, redirect or None)."""
    form = AttachStakeholderForm(request.POST, prefix="attach", queryset=available)
    if form.is_valid():
        person = form.cleaned_data["stakeholder"]
        try:
            services.stakeholder_attach(
                project=project,
                stakeholder=person,
                joined_on=form.cleaned_data["joined_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{person} added to the project.")
            return form, redirect("projects:project_stakeholders", slug=project.slug)
    return form, None


def _stakeholder_new(request, project):
    """The "new person" form: (form, redirect or None)."""
    form = StakeholderForm(request.POST, prefix="new")
    if not form.is_valid():
        return form, None
    data = dict(form.cleaned_data)
    groups = data.pop("seldom_heard_groups")
    data.pop("edit_version", None)
    person = services.stakeholder_create(
        programme=project.programme, data=data, groups=groups, project=project
    )
    messages.success(request, f"{person} added to the project.")
    return form, redirect("projects:project_stakeholders", slug=project.slug)


@login_required
def project_stakeholders(request, slug):
    """Add a new person to the project, or attach someone already in the programme."""
    project, access = get_project_for_user(request.user, slug)
    available = selectors.programme_stakeholders_not_on(project)
    new_form = StakeholderForm(prefix="new")
    attach_form = AttachStakeholderForm(prefix="attach", queryset=available)
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied("Only facilitators can change who is involved.")
        if "attach-stakeholder" in request.POST:
            attach_form, done = _stakeholder_attach(request, project, available)
        else:
            new_form, done = _stakeholder_new(request, project)
        if done:
            return done
    return render(
        request,
        "projects/project_stakeholders.html",
        {
            "project": project,
            "access": access,
            "involvements": selectors.project_involvements(project),
            "personal_data": can_manage_personal_data(request.user, project.programme),
            "new_form": new_form,
            "attach_form": attach_form,
        },
    )


@login_required
def involvement_edit(request, slug, pk):
    project, access = get_project_for_user(request.user, slug, write=True)
    involvement = selectors.project_involvement(project, pk)
    form = InvolvementForm(
        request.POST or None,
        initial={"joined_on": involvement.joined_on, "left_on": involvement.left_on},
    )
    if request.method == "POST":
        if "remove" in request.POST:
            services.involvement_remove(involvement=involvement)
            messages.success(
                request, f"{involvement.stakeholder} removed from this project."
            )
            return redirect("projects:project_stakeholders", slug=slug)
        if form.is_valid():
            try:
                services.involvement_update(
                    involvement=involvement, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Dates saved.")
                return redirect("projects:project_stakeholders", slug=slug)
    return render(
        request,
        "projects/involvement_form.html",
        {"project": project, "involvement": involvement, "form": form},
    )


@login_required
def stakeholder_edit(request, pk):
    person = get_stakeholder_for_user(request.user, pk, write=True)
    if person.is_erased:  # their details are gone for good: nothing to edit
        return render(
            request,
            "projects/stakeholder_form.html",
            {
                "person": person,
                "involvements": selectors.stakeholder_involvements(person),
                "personal_data": can_manage_personal_data(
                    request.user, person.programme
                ),
            },
        )
    form = StakeholderForm(
        request.POST or None,
        instance=person,
        initial={"edit_version": person.edit_version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        groups = data.pop("seldom_heard_groups")
        seen = data.pop("edit_version") or 0
        try:
            services.stakeholder_update(
                stakeholder=person, data=data, groups=groups, seen_version=seen
            )
        except EditConflict:
            conflict = conflict_notice(request, form, selectors.stakeholder_saved(pk))
        else:
            messages.success(request, f"Details for {data['display_name']} saved.")
            return redirect("projects:stakeholder_edit", pk=pk)
    return person_page(request, person, form=form, conflict=conflict)


def person_page(request, person, *, form=None, conflict=None, **needs):
    """The person's page: their details form and their communication needs (the
    needs' own view re-renders it with its bound form, ``needs``)."""
    if form is None:
        form = StakeholderForm(
            instance=person, initial={"edit_version": person.edit_version}
        )
    return render(
        request,
        "projects/stakeholder_form.html",
        {
            "person": person,
            "form": form,
            "conflict": conflict,
            "involvements": selectors.stakeholder_involvements(person),
            "personal_data": can_manage_personal_data(request.user, person.programme),
            **communication_views.needs_context(person, **needs),
        },
    )


@login_required
def stakeholder_delete(request, pk):
    person = get_stakeholder_for_user(request.user, pk, write=True)
    contributions = services.stakeholder_contributions(person)
    if request.method == "POST":
        name = person.display_name
        services.stakeholder_delete(stakeholder=person)
        messages.success(
            request,
            f"{name}'s details were deleted. Anything they contributed is kept and "
            "shown by their role only.",
        )
        return redirect("projects:project_list")
    return render(
        request,
        "projects/stakeholder_confirm_delete.html",
        {"person": person, "contributions": contributions},
    )


@login_required
def project_members(request, slug):
    project, access = get_project_for_user(request.user, slug)
    form = MembershipForm(request.POST or None)
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied("Only facilitators can change who has access.")
        if form.is_valid():
            try:
                member = services.project_member_set(
                    project=project, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"{member.user} now has access.")
                return redirect("projects:project_members", slug=slug)
    return render(
        request,
        "projects/members.html",
        {
            "scope": project,
            "project": project,
            "access": access,
            "members": selectors.project_members(project),
            "form": form,
            # The programme's list is for people with a programme-wide role only.
            "sees_programme": bool(
                access.is_superuser
                or programme_access(request.user, project.programme).role
            ),
            **_member_history(
                programme=project.programme, project=project, access=access
            ),
        },
    )


@login_required
@require_POST
def project_member_remove(request, slug, pk):
    project, _ = get_project_for_user(request.user, slug, write=True)
    member = selectors.project_membership(project, pk)
    services.membership_remove(membership=member, by=request.user)
    messages.success(request, f"{member.user} no longer has access to this project.")
    return redirect("projects:project_members", slug=slug)


def _member_history(*, programme, access, project=None) -> dict:
    """Invitations and recorded changes, for facilitators on the members pages."""
    if not access.can_edit:
        return {}
    return {
        "invitations": invitation_selectors.invitations_for(
            programme=programme, project=project
        ),
        "changes": invitation_selectors.membership_changes_for(
            programme=programme, project=project
        ),
        "role_choices": [(role, role_name(role)) for role in AccessRole.values],
    }


def _role_change(request, member, back: str):
    form = RoleForm(request.POST)
    if form.is_valid():
        member = services.membership_role_change(
            membership=member, role=form.cleaned_data["role"], by=request.user
        )
        role = member.get_role_display().split(" (")[0]
        messages.success(request, f"{member.user} is now {role}.")
    else:
        messages.error(request, "Choose one of the roles.")
    return redirect(back)


@login_required
@require_POST
def programme_member_role(request, slug, pk):
    programme, _ = get_programme_roster_for_user(request.user, slug, write=True)
    member = selectors.programme_membership(programme, pk)
    return _role_change(
        request, member, reverse("projects:programme_members", args=[slug])
    )


@login_required
@require_POST
def project_member_role(request, slug, pk):
    project, _ = get_project_for_user(request.user, slug, write=True)
    member = selectors.project_membership(project, pk)
    return _role_change(
        request, member, reverse("projects:project_members", args=[slug])
    )


@login_required
@require_POST
def comment_add(request, slug):
    project, access = get_project_for_user(request.user, slug)
    if not access.can_comment:
        raise PermissionDenied("Your role cannot comment on this project.")
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(
            project=project, author=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, "Comment added.")
        return redirect(f"{project.get_absolute_url()}#comments")
    return _render_project(request, project, access, form)


@login_required
def organisation_create(request):
    if not can_add_organisation(request.user):
        raise PermissionDenied("Only facilitators can add organisations.")
    form = OrganisationForm(request.POST or None)
    # Used for the Cancel link and the redirect: only an address on this site.
    next_url = safe_next(request, reverse("projects:project_list"))
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(data=form.cleaned_data)
        messages.success(request, f"Organisation “{organisation}” added.")
        if "draft=" in next_url:
            # Back to a form kept as a draft: tick the new organisation there.
            joiner = "&" if "?" in next_url else "?"
            next_url += f"{joiner}organisation={organisation.pk}"
        return redirect(next_url)
    return render(
        request, "projects/organisation_form.html", {"form": form, "next": next_url}
    )
