"""Page pieces shared by the evaluation pages: breadcrumbs and the one form page."""

from django.shortcuts import render
from django.urls import reverse


def programme_crumbs(programme, *extra):
    return [
        (programme.name, programme.get_absolute_url()),
        (
            "Evaluation",
            reverse("evaluation:programme_evaluation", args=[programme.slug]),
        ),
        *extra,
    ]


def project_crumbs(project, *extra):
    return [
        (project.title, project.get_absolute_url()),
        ("Evidence", reverse("evaluation:project_evidence", args=[project.slug])),
        *extra,
    ]


def form_page(request, *, title, form, crumbs, submit="Save", cancel="", **extra):
    """Every evaluation edit form is shown on this one page."""
    return render(
        request,
        "evaluation/evidence/form.html",
        {
            "title": title,
            "form": form,
            "crumbs": crumbs,
            "submit": submit,
            "cancel": cancel,
            **extra,
        },
    )


def confirm_delete_page(request, *, crumbs, title, what, cancel):
    return render(
        request,
        "evaluation/evidence/confirm_delete.html",
        {"crumbs": crumbs, "title": title, "what": what, "cancel": cancel},
    )
