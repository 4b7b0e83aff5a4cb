"""The account's "API tokens" page: make a token (shown once) and revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from coproduce.forms import apply_errors
from projects.api import selectors, services
from projects.api.forms import TokenForm
from projects.models import ApiToken


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_token = services.token_create(
                user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = TokenForm()
            messages.success(
                request,
                f"Token “{token.name}” made. Copy it now: it is not shown again.",
            )
    return render(
        request,
        "projects/api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": selectors.user_tokens(request.user),
        },
    )


@require_POST
@login_required
def token_revoke(request, pk):
    # Only the owner's own tokens: anyone else's is "not found".
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    return redirect("projects:api_tokens")
