"""Permission cases for the email URLs (see tests/url_cases.py)."""

from evaluation.mail.services import unsubscribe_token
from evaluation.models import MailKind
from tests.url_cases import Case


def build(world):
    world["unsubscribe_token"] = unsubscribe_token(
        kind=MailKind.ROUND_REMINDER, stakeholder=world["stakeholder"]
    )
    return world


def _round(w):
    return {"slug": w["project"].slug, "number": w["matrix_round"].number}


def _stage(w):
    return {"slug": w["programme"].slug, "pk": w["evaluation_stage"].pk}


POST = {"write": True, "post_only": True}

CASES = {
    "evaluation:mail_unsubscribe": Case(
        lambda w: {"token": w["unsubscribe_token"]}, public=True
    ),
    "evaluation:mail_preferences": Case(outsider=200),
    "evaluation:round_mail_retry": Case(_round, **POST),
    "evaluation:stage_mail_send": Case(_stage, **POST),
    "evaluation:stage_mail_retry": Case(_stage, **POST),
}


CASES |= {
    "evaluation:round_cards": Case(_round, write=True),
    "evaluation:stage_cards": Case(_stage, write=True),
}
