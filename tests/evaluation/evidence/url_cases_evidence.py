"""Permission cases for the evaluation evidence URLs (see tests/url_cases.py)."""

from evaluation import models
from tests.evaluation.evidence.factories import (
    InvitationFactory,
    QuoteFactory,
    StageFactory,
    ThemeFactory,
)
from tests.url_cases import Case, programme, project


def build(world):
    prog = world["programme"]
    proj = world["project"]
    stage = StageFactory(programme=prog)
    world["theme"] = ThemeFactory(programme=prog)
    world["evaluation_stage"] = stage
    world["invitation"] = InvitationFactory(stage=stage)
    world["quote"] = QuoteFactory(project=proj)
    world["document"] = models.Document.objects.create(
        project=proj,
        title="Notes",
        kind=models.DocumentKind.MEETING_NOTES,
        file="private/evidence/not-stored.txt",
        original_name="notes.txt",
        content_type="text/plain",
        size=10,
    )
    return world


def _pk(name, key="pk"):
    return lambda w: {"slug": w["programme"].slug, key: w[name].pk}


def _project_pk(name):
    return lambda w: {"slug": w["project"].slug, "pk": w[name].pk}


WRITE = {"write": True}
POST = {"write": True, "post_only": True}

CASES = {
    "evaluation:evaluation_home": Case(outsider=302),
    "evaluation:programme_evaluation": Case(programme),
    "evaluation:theme_list": Case(programme),
    "evaluation:theme_create": Case(programme, **WRITE),
    "evaluation:theme_detail": Case(_pk("theme")),
    "evaluation:theme_edit": Case(_pk("theme"), **WRITE),
    "evaluation:evaluation_stage_list": Case(programme),
    "evaluation:evaluation_stage_create": Case(programme, **WRITE),
    "evaluation:evaluation_stage_detail": Case(_pk("evaluation_stage")),
    "evaluation:evaluation_stage_edit": Case(_pk("evaluation_stage"), **WRITE),
    "evaluation:invitation_create": Case(_pk("evaluation_stage"), **POST),
    "evaluation:invitation_link": Case(_pk("invitation"), **POST),
    "evaluation:invitation_revoke": Case(_pk("invitation"), **POST),
    "evaluation:invitation_took_part": Case(_pk("invitation"), **POST),
    "evaluation:member_review": Case(
        lambda w: {"token": "not-a-real-token"}, public=True
    ),
    "evaluation:review_step": Case(
        lambda w: {"token": "not-a-real-token", "step": 1}, public=True
    ),
    "evaluation:review_send": Case(
        lambda w: {"token": "not-a-real-token"}, public=True
    ),
    "evaluation:consent_list": Case(programme),
    "evaluation:consent_create": Case(programme, **WRITE),
    "evaluation:export_quotes": Case(programme),
    "evaluation:export_observations": Case(programme),
    "evaluation:export_contribution": Case(programme),
    "evaluation:export_qdpx": Case(programme),
    "evaluation:export_workbook": Case(programme),
    "evaluation:project_evidence": Case(project),
    "evaluation:quote_list": Case(project),
    "evaluation:quote_create": Case(project, **WRITE),
    "evaluation:quote_edit": Case(_project_pk("quote"), **WRITE),
    "evaluation:quote_delete": Case(_project_pk("quote"), **WRITE),
    "evaluation:document_list": Case(project),
    "evaluation:document_upload": Case(project, **WRITE),
    "evaluation:document_download": Case(_project_pk("document")),
    "evaluation:document_delete": Case(_project_pk("document"), **WRITE),
}
