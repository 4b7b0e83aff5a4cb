"""Permission cases for the logic model pages (see tests/url_cases.py)."""

from logicmodels.models import ModelKind, Section
from tests.logicmodels.factories import SMALL_LINKS, SMALL_MODEL, build_version
from tests.url_cases import Case, programme, project


def kind(w):
    return {**project(w), "kind": ModelKind.A_PRIORI}


def version(w):
    return {**kind(w), "number": 1}


def link(w):
    return {**kind(w), "pk": w["logic_link"].pk}


CASES = {
    "logicmodels:model_list": Case(project),
    "logicmodels:model_start": Case(project, write=True),
    "logicmodels:compare": Case(project),
    "logicmodels:draft_edit": Case(kind, write=True),
    "logicmodels:draft_rows": Case(kind, write=True, post_only=True),
    "logicmodels:draft_new": Case(kind, write=True, post_only=True),
    "logicmodels:draft_agree": Case(kind, write=True, post_only=True),
    "logicmodels:links_edit": Case(kind, write=True),
    "logicmodels:link_remove": Case(link, write=True, post_only=True),
    "logicmodels:version_detail": Case(version),
    "logicmodels:version_svg": Case(version),
    "logicmodels:crib_sheet": Case(programme, write=True),
}


def build(world):
    """An agreed a priori version 1 and a draft version 2 with one link."""
    author = world["facilitator"]
    build_version(
        world["project"],
        author=author,
        items=SMALL_MODEL,
        links=SMALL_LINKS,
        agree=True,
    )
    draft = build_version(world["project"], author=author)
    world["logic_link"] = draft.links.select_related("source").first()
    assert world["logic_link"].source.section == Section.INPUTS
