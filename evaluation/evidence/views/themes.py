"""The programme's themes (coding of quotes): the tree with counts per role, one
theme's quotes, adding and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from coproduce import disclosure, history
from coproduce.forms import apply_errors
from evaluation.evidence import selectors, services
from evaluation.evidence.access import (
    get_evaluation_programme_for_user,
    get_theme_for_user,
)
from evaluation.evidence.forms import ThemeForm
from evaluation.evidence.views.common import form_page, programme_crumbs


@login_required
def theme_list(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    roles, rows, grouping = selectors.theme_table(programme, access)
    return render(
        request,
        "evaluation/evidence/theme_list.html",
        {
            "programme": programme,
            "access": access,
            "rows": rows,
            "roles": roles,
            "grouping": grouping,
            "disclosure": disclosure.explanation(),
        },
    )


@login_required
def theme_detail(request, slug, pk):
    theme, programme, access = get_theme_for_user(request.user, slug, pk)
    history.read_record(
        instance=theme,
        action=history.Action.VIEWED,
        note=f"Quotes of theme “{theme.name}”",
    )
    return render(
        request,
        "evaluation/evidence/theme_detail.html",
        {
            "programme": programme,
            "access": access,
            "theme": theme,
            "children": theme.children.all(),
            "groups": selectors.theme_quotes_by_role(theme, access),
        },
    )


@login_required
def theme_edit(request, slug, pk=None):
    if pk:
        theme, programme, _ = get_theme_for_user(request.user, slug, pk, write=True)
    else:
        theme = None
        programme, _ = get_evaluation_programme_for_user(request.user, slug, write=True)
    form = ThemeForm(
        request.POST or None,
        instance=theme,
        programme=programme,
        initial={"parent": request.GET.get("parent")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_save(
                programme=programme, data=form.cleaned_data, theme=theme
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Theme “{theme}” saved.")
            return redirect("evaluation:theme_list", slug=slug)
    themes_url = reverse("evaluation:theme_list", args=[slug])
    return form_page(
        request,
        title=f"Edit theme: {theme}" if theme else "Add a theme",
        form=form,
        crumbs=programme_crumbs(programme, ("Themes", themes_url)),
        cancel=themes_url,
    )
