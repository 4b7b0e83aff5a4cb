from django.urls import path

from evaluation.evidence import views

P = "programmes/<slug:slug>/"
J = "projects/<slug:slug>/evidence/"

urlpatterns = [
    # Programme overview
    path("evaluation/", views.evaluation_home, name="evaluation_home"),
    path(P + "evaluation/", views.programme_evaluation, name="programme_evaluation"),
    # Factor catalogue
    path(P + "factors/", views.factor_catalogue, name="factor_catalogue"),
    path(
        P + "factors/standard/",
        views.factor_catalogue_seed,
        name="factor_catalogue_seed",
    ),
    path(
        P + "factors/groups/new/", views.factor_group_edit, name="factor_group_create"
    ),
    path(
        P + "factors/groups/<int:pk>/",
        views.factor_group_edit,
        name="factor_group_edit",
    ),
    path(P + "factors/new/", views.factor_edit, name="factor_create"),
    path(P + "factors/<int:pk>/", views.factor_edit, name="factor_edit"),
    # Cross-case analysis
    path(P + "cross-case/", views.cross_case, name="cross_case"),
    path(
        P + "cross-case/evidence/",
        views.cross_case_evidence,
        name="cross_case_evidence",
    ),
    # Theory of change, indicators and contribution
    path(P + "theory-of-change/", views.theory_of_change, name="theory_of_change"),
    path(
        P + "theory-of-change/versions/new/",
        views.theory_version_create,
        name="theory_version_create",
    ),
    path(
        P + "theory-of-change/versions/<int:pk>/",
        views.theory_version_edit,
        name="theory_version_edit",
    ),
    path(
        P + "theory-of-change/versions/<int:version_pk>/statements/new/",
        views.statement_edit,
        name="statement_create",
    ),
    path(
        P + "theory-of-change/statements/<int:pk>/",
        views.statement_edit,
        name="statement_edit",
    ),
    path(
        P + "theory-of-change/statements/<int:pk>/indicators/",
        views.statement_indicators,
        name="statement_indicators",
    ),
    path(
        P + "theory-of-change/outcomes/",
        views.contribution_rollup,
        name="contribution_rollup",
    ),
    path(
        P + "theory-of-change/outcomes/new/",
        views.indicator_edit,
        name="indicator_create",
    ),
    path(
        P + "theory-of-change/outcomes/<int:pk>/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    # Themes
    path(P + "themes/", views.theme_list, name="theme_list"),
    path(P + "themes/new/", views.theme_edit, name="theme_create"),
    path(P + "themes/<int:pk>/", views.theme_detail, name="theme_detail"),
    path(P + "themes/<int:pk>/edit/", views.theme_edit, name="theme_edit"),
    # Evaluation stages and member checking
    path(
        P + "evaluation-stages/",
        views.evaluation_stage_list,
        name="evaluation_stage_list",
    ),
    path(
        P + "evaluation-stages/new/",
        views.evaluation_stage_edit,
        name="evaluation_stage_create",
    ),
    path(
        P + "evaluation-stages/<int:pk>/",
        views.evaluation_stage_detail,
        name="evaluation_stage_detail",
    ),
    path(
        P + "evaluation-stages/<int:pk>/edit/",
        views.evaluation_stage_edit,
        name="evaluation_stage_edit",
    ),
    path(
        P + "evaluation-stages/<int:pk>/invite/",
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        P + "invitations/<int:pk>/link/",
        views.invitation_link,
        name="invitation_link",
    ),
    path(
        P + "invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        P + "invitations/<int:pk>/took-part/",
        views.invitation_took_part,
        name="invitation_took_part",
    ),
    path("review/<str:token>/", views.member_review, name="member_review"),
    # Consent, audit and exports
    path(P + "consent/", views.consent_list, name="consent_list"),
    path(P + "consent/new/", views.consent_create, name="consent_create"),
    path(P + "evidence-audit/", views.audit_log, name="audit_log"),
    path(P + "exports/quotes.csv", views.export_quotes, name="export_quotes"),
    path(
        P + "exports/factor-observations.csv",
        views.export_observations,
        name="export_observations",
    ),
    path(
        P + "exports/contribution-claims.csv",
        views.export_contribution,
        name="export_contribution",
    ),
    path(P + "exports/refi-qda.qdpx", views.export_qdpx, name="export_qdpx"),
    path(P + "exports/evaluation.xlsx", views.export_workbook, name="export_workbook"),
    # Project evidence
    path(J, views.project_evidence, name="project_evidence"),
    path(J + "observations/new/", views.observation_edit, name="observation_create"),
    path(J + "observations/<int:pk>/", views.observation_edit, name="observation_edit"),
    path(J + "quotes/", views.quote_list, name="quote_list"),
    path(J + "quotes/new/", views.quote_edit, name="quote_create"),
    path(J + "quotes/<int:pk>/", views.quote_edit, name="quote_edit"),
    path(J + "quotes/<int:pk>/delete/", views.quote_delete, name="quote_delete"),
    path(J + "documents/", views.document_list, name="document_list"),
    path(J + "documents/new/", views.document_upload, name="document_upload"),
    path(
        J + "documents/<int:pk>/download/",
        views.document_download,
        name="document_download",
    ),
    path(
        J + "documents/<int:pk>/delete/",
        views.document_delete,
        name="document_delete",
    ),
    path(J + "contribution/new/", views.claim_edit, name="claim_create"),
    path(J + "contribution/<int:pk>/", views.claim_edit, name="claim_edit"),
]
