"""The REST API's routes for the URL walk. Anonymous callers get 401 (the docs page
sends them to sign in); outsiders get 404 for objects and empty lists. Writes, read
tokens and expired tokens are tested route by route in ``test_permissions.py``."""

import datetime as dt

from django.utils import timezone

from projects.api.services import token_create
from tests.projects.factories import ActivityFactory
from tests.url_cases import Case


def build(world):
    world["activity"] = ActivityFactory(project=world["project"])
    world["api_token"], _ = token_create(
        user=world["facilitator"],
        name="Walk",
        scope="read",
        expires_on=timezone.localdate() + dt.timedelta(days=5),
    )


def _programme(w):
    return {"pk": w["programme"].pk}


API = {"anonymous": 401}

CASES = {
    "api:schema": Case(outsider=200, **API),
    "api:docs": Case(outsider=200),
    "api:programme_list": Case(outsider=200, **API),
    "api:programme_detail": Case(_programme, **API),
    "api:feed_csv": Case(lambda w: {**_programme(w), "table": "projects"}, **API),
    "api:feed_json": Case(lambda w: {**_programme(w), "table": "activities"}, **API),
    "api:project_list": Case(outsider=200, **API),
    "api:project_detail": Case(lambda w: {"pk": w["project"].pk}, **API),
    "api:person_list": Case(outsider=200, **API),
    "api:person_detail": Case(lambda w: {"pk": w["stakeholder"].pk}, **API),
    "api:activity_list": Case(outsider=200, **API),
    "api:activity_detail": Case(lambda w: {"pk": w["activity"].pk}, **API),
    "api:activity_attendance": Case(
        lambda w: {"pk": w["activity"].pk}, outsider=405, **API
    ),
    "api:stage_move_list": Case(outsider=200, **API),
    "api:stage_plan_list": Case(outsider=200, **API),
    "api:logic_model_list": Case(outsider=200, **API),
    "api:scoring_round_list": Case(outsider=200, **API),
    # These need ?programme=<id>; without it the answer is 400 (with it, 404).
    "api:quote_list": Case(outsider=400, **API),
    "api:observation_list": Case(outsider=400, **API),
    "api:factor_list": Case(outsider=400, **API),
    "api:claim_list": Case(outsider=400, **API),
    # The account's own token page, and revoking someone else's token.
    "projects:api_tokens": Case(outsider=200),
    "projects:api_token_revoke": Case(
        lambda w: {"pk": w["api_token"].pk}, post_only=True
    ),
}

CASES["evaluation:programme_data_feed"] = Case(lambda w: {"slug": w["programme"].slug})


def _job(w):
    from evaluation.models import ReportJob, ReportKind

    if "report_job" not in w:
        w["report_job"] = ReportJob.objects.create(
            kind=ReportKind.CASE_STUDY,
            project=w["project"],
            programme=w["programme"],
            dedupe_key="api-walk",
        )
    return {"pk": w["report_job"].pk}


CASES["api:report_job_list"] = Case(outsider=200, **API)
CASES["api:report_job_detail"] = Case(_job, **API)
CASES["api:report_job_download"] = Case(_job, **API)
