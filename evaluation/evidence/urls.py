"""Evidence: the evaluation overview, quotes, documents, themes, evaluation stages
and member checking, consent, audit and exports."""

from django.urls import path

from evaluation.evidence.views import (
    consent,
    documents,
    exports,
    member_checking,
    overview,
    quotes,
    themes,
)

P = "programmes/<slug:slug>/"
J = "projects/<slug:slug>/evidence/"

urlpatterns = [
    # Programme overview
    path("evaluation/", overview.evaluation_home, name="evaluation_home"),
    path(P + "evaluation/", overview.programme_evaluation, name="programme_evaluation"),
    # Themes
    path(P + "themes/", themes.theme_list, name="theme_list"),
    path(P + "themes/new/", themes.theme_edit, name="theme_create"),
    path(P + "themes/<int:pk>/", themes.theme_detail, name="theme_detail"),
    path(P + "themes/<int:pk>/edit/", themes.theme_edit, name="theme_edit"),
    # Evaluation stages and member checking
    path(
        P + "evaluation-stages/",
        member_checking.evaluation_stage_list,
        name="evaluation_stage_list",
    ),
    path(
        P + "evaluation-stages/new/",
        member_checking.evaluation_stage_edit,
        name="evaluation_stage_create",
    ),
    path(
        P + "evaluation-stages/<int:pk>/",
        member_checking.evaluation_stage_detail,
        name="evaluation_stage_detail",
    ),
    path(
        P + "evaluation-stages/<int:pk>/edit/",
        member_checking.evaluation_stage_edit,
        name="evaluation_stage_edit",
    ),
    path(
        P + "evaluation-stages/<int:pk>/invite/",
        member_checking.invitation_create,
        name="invitation_create",
    ),
    path(
        P + "evaluation-stages/<int:pk>/counts/new/",
        member_checking.invitation_count_create,
        name="invitation_count_create",
    ),
    path(
        P + "invitation-counts/<int:pk>/edit/",
        member_checking.invitation_count_edit,
        name="invitation_count_edit",
    ),
    path(
        P + "invitation-counts/<int:pk>/delete/",
        member_checking.invitation_count_delete,
        name="invitation_count_delete",
    ),
    path(
        P + "invitations/<int:pk>/link/",
        member_checking.invitation_link,
        name="invitation_link",
    ),
    path(
        P + "invitations/<int:pk>/revoke/",
        member_checking.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        P + "invitations/<int:pk>/took-part/",
        member_checking.invitation_took_part,
        name="invitation_took_part",
    ),
    path("review/<str:token>/", member_checking.member_review, name="member_review"),
    path("review/<str:token>/send/", member_checking.review_send, name="review_send"),
    path(
        "review/<str:token>/<int:step>/",
        member_checking.review_step,
        name="review_step",
    ),
    # Consent, audit and exports
    path(P + "consent/", consent.consent_list, name="consent_list"),
    path(P + "consent/new/", consent.consent_create, name="consent_create"),
    path(P + "exports/quotes.csv", exports.export_quotes, name="export_quotes"),
    path(
        P + "exports/factor-observations.csv",
        exports.export_observations,
        name="export_observations",
    ),
    path(
        P + "exports/contribution-claims.csv",
        exports.export_contribution,
        name="export_contribution",
    ),
    path(P + "exports/refi-qda.qdpx", exports.export_qdpx, name="export_qdpx"),
    path(
        P + "exports/evaluation.xlsx",
        exports.export_workbook,
        name="export_workbook",
    ),
    # Project evidence
    path(J, overview.project_evidence, name="project_evidence"),
    path(J + "quotes/", quotes.quote_list, name="quote_list"),
    path(J + "quotes/new/", quotes.quote_edit, name="quote_create"),
    path(J + "quotes/<int:pk>/", quotes.quote_edit, name="quote_edit"),
    path(J + "quotes/<int:pk>/delete/", quotes.quote_delete, name="quote_delete"),
    path(J + "documents/", documents.document_list, name="document_list"),
    path(J + "documents/new/", documents.document_upload, name="document_upload"),
    path(
        J + "documents/<int:pk>/download/",
        documents.document_download,
        name="document_download",
    ),
    path(
        J + "documents/<int:pk>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
]
