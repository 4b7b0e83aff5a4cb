from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.http import require_POST

from coproduce.forms import apply_errors
from projects.access import (
    can_invite,
    get_invitation_for_user,
    get_programme_for_user,
    get_project_for_user,
)
from projects.accounts.policy import mfa_enrolment_mark
from projects.invitations import selectors, services
from projects.invitations.forms import AccountForm, InvitationForm

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _client_ip(request) -> str:
    """The sender's address as the sign-in throttles see it (allauth's adapter,
    which trusts ``TRUSTED_PROXY_COUNT`` proxies' X-Forwarded-For)."""
    return get_adapter(request).get_client_ip(request)


def _invite(request, *, programme, project, access, projects, back):
    if not can_invite(access):
        raise PermissionDenied("Only facilitators can invite people.")
    form = InvitationForm(
        request.POST or None, projects=projects, days=settings.INVITATION_DAYS
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invitation_send(
                programme=programme,
                project=project or data.get("project"),
                email=data["email"],
                role=data["role"],
                invited_by=request.user,
                site=f"{request.scheme}://{request.get_host()}",
                ip=_client_ip(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"Invitation sent to {invitation.email}. It works once."
            )
            return redirect(back)
    return render(
        request,
        "projects/invitations/invite.html",
        {"form": form, "scope": project or programme, "back": back},
    )


@login_required
def programme_invite(request, slug):
    programme, access = get_programme_for_user(request.user, slug)
    return _invite(
        request,
        programme=programme,
        project=None,
        access=access,
        projects=programme.projects.order_by("title"),
        back=resolve_url("projects:programme_members", slug=slug),
    )


@login_required
def project_invite(request, slug):
    project, access = get_project_for_user(request.user, slug)
    return _invite(
        request,
        programme=project.programme,
        project=project,
        access=access,
        projects=None,
        back=resolve_url("projects:project_members", slug=slug),
    )


@login_required
@require_POST
def invitation_withdraw(request, pk):
    invitation = get_invitation_for_user(request.user, pk)
    try:
        services.invitation_withdraw(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Invitation to {invitation.email} withdrawn.")
    if invitation.project_id:
        return redirect("projects:project_members", slug=invitation.project.slug)
    return redirect("projects:programme_members", slug=invitation.programme.slug)


def _refused(request, message: str, status: int):
    return render(
        request,
        "projects/invitations/refused.html",
        {"message": message},
        status=status,
    )


def _welcome(request, invitation):
    services.invitation_forget(session=request.session)
    messages.success(request, f"Welcome. You now have access to {invitation.scope}.")
    # The new role may belong to a programme that asks for a second sign-in step.
    if mfa_enrolment_mark(request):
        return redirect("mfa_index")
    return redirect(invitation.scope)


def _accept_signed_in(request, invitation):
    """The signed-in account takes the invitation (its address must match)."""
    try:
        services.invitation_check(invitation, user=request.user)
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=request.user)
            return _welcome(request, invitation)
    except ValidationError as error:
        return _refused(request, error.messages[0], 403)
    return None


def _accept_new_account(request, invitation, form):
    """Make the invited person's account and sign them in."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        user = services.invitation_account_create(
            invitation=invitation,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            full_name=form.cleaned_data["full_name"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None
    login(request, user, backend=MODEL_BACKEND)
    return _welcome(request, invitation)


def invitation_accept(request, token):
    """The emailed link: accept with the signed-in account, or make an account."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return _refused(
            request,
            "This invitation link is not recognised. Check that you copied the whole "
            "link from the email, or ask the person who invited you for a new one.",
            404,
        )
    try:
        services.invitation_check(invitation)
    except ValidationError as error:
        return _refused(request, error.messages[0], 410)
    services.invitation_remember(session=request.session, invitation=invitation)
    form = None
    if request.user.is_authenticated:
        done = _accept_signed_in(request, invitation)
    else:
        form = AccountForm(request.POST or None)
        done = _accept_new_account(request, invitation, form)
    if done is not None:
        return done
    return render(
        request,
        "projects/invitations/accept.html",
        {
            "invitation": invitation,
            "form": form,
            "login_url": f"{resolve_url(settings.LOGIN_URL)}?next={request.path}",
        },
    )
