"""The way into the evaluation: the programme's overview and a project's evidence."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from evaluation.evidence import selectors, workbook
from evaluation.evidence.access import (
    get_evaluation_programme_for_user,
    get_evidence_project_for_user,
)
from evaluation.factors import selectors as factor_selectors
from evaluation.outcomes import selectors as outcome_selectors
from projects.access import programmes_visible_to


@login_required
def evaluation_home(request):
    """The top-level "Evaluation" link: straight to the programme when there is one."""
    programmes = list(programmes_visible_to(request.user).order_by("name")[:50])
    if len(programmes) == 1:
        return redirect("evaluation:programme_evaluation", slug=programmes[0].slug)
    return render(
        request, "evaluation/evidence/evaluation_home.html", {"programmes": programmes}
    )


@login_required
def programme_evaluation(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    return render(
        request,
        "evaluation/evidence/programme_evaluation.html",
        {
            "programme": programme,
            "access": access,
            "counts": selectors.programme_evaluation_counts(programme),
            "workbook_size": workbook.workbook_size_estimate(programme),
        },
    )


@login_required
def project_evidence(request, slug):
    project, access = get_evidence_project_for_user(request.user, slug)
    observations = factor_selectors.project_observation_summary(project, access)
    return render(
        request,
        "evaluation/evidence/project_evidence.html",
        {
            "project": project,
            "access": access,
            **observations,
            "claims": outcome_selectors.project_claims(project, access),
            "quote_count": selectors.project_quote_count(project, access),
            "document_count": selectors.project_document_count(project),
        },
    )
