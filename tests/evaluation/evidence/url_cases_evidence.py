"""Permission cases for the evaluation evidence URLs (see tests/url_cases.py)."""

from evaluation import models
from tests.evaluation.evidence.factories import (
    ClaimFactory,
    FactorFactory,
    FactorGroupFactory,
    IndicatorFactory,
    InvitationFactory,
    ObservationFactory,
    QuoteFactory,
    StageFactory,
    StatementFactory,
    ThemeFactory,
    TheoryVersionFactory,
)
from tests.url_cases import Case, programme, project


def build(world):
    prog = world["programme"]
    proj = world["project"]
    group = FactorGroupFactory(programme=prog)
    world["factor_group"] = group
    world["factor"] = FactorFactory(group=group)
    world["observation"] = ObservationFactory(project=proj, factor=world["factor"])
    version = TheoryVersionFactory(programme=prog, number=1)
    world["theory_version"] = version
    world["statement"] = StatementFactory(version=version)
    world["indicator"] = IndicatorFactory(programme=prog)
    world["theme"] = ThemeFactory(programme=prog)
    stage = StageFactory(programme=prog)
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
    world["claim"] = ClaimFactory(project=proj, indicator=world["indicator"])
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
    "evaluation:factor_catalogue": Case(programme),
    "evaluation:factor_catalogue_seed": Case(programme, **POST),
    "evaluation:factor_group_create": Case(programme, **WRITE),
    "evaluation:factor_group_edit": Case(_pk("factor_group"), **WRITE),
    "evaluation:factor_create": Case(programme, **WRITE),
    "evaluation:factor_edit": Case(_pk("factor"), **WRITE),
    "evaluation:cross_case": Case(programme),
    "evaluation:cross_case_evidence": Case(programme),
    "evaluation:theory_of_change": Case(programme),
    "evaluation:theory_version_create": Case(programme, **WRITE),
    "evaluation:theory_version_edit": Case(_pk("theory_version"), **WRITE),
    "evaluation:statement_create": Case(_pk("theory_version", "version_pk"), **WRITE),
    "evaluation:statement_edit": Case(_pk("statement"), **WRITE),
    "evaluation:statement_indicators": Case(_pk("statement"), **POST),
    "evaluation:contribution_rollup": Case(programme),
    "evaluation:indicator_create": Case(programme, **WRITE),
    "evaluation:indicator_edit": Case(_pk("indicator"), **WRITE),
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
    "evaluation:consent_list": Case(programme),
    "evaluation:consent_create": Case(programme, **WRITE),
    "evaluation:audit_log": Case(programme, **WRITE),
    "evaluation:export_quotes": Case(programme),
    "evaluation:export_observations": Case(programme),
    "evaluation:export_contribution": Case(programme),
    "evaluation:export_qdpx": Case(programme),
    "evaluation:export_workbook": Case(programme),
    "evaluation:project_evidence": Case(project),
    "evaluation:observation_create": Case(project, **WRITE),
    "evaluation:observation_edit": Case(_project_pk("observation"), **WRITE),
    "evaluation:quote_list": Case(project),
    "evaluation:quote_create": Case(project, **WRITE),
    "evaluation:quote_edit": Case(_project_pk("quote"), **WRITE),
    "evaluation:quote_delete": Case(_project_pk("quote"), **WRITE),
    "evaluation:document_list": Case(project),
    "evaluation:document_upload": Case(project, **WRITE),
    "evaluation:document_download": Case(_project_pk("document")),
    "evaluation:document_delete": Case(_project_pk("document"), **WRITE),
    "evaluation:claim_create": Case(project, **WRITE),
    "evaluation:claim_edit": Case(_project_pk("claim"), **WRITE),
}
