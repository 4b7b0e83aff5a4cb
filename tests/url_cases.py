"""Every URL of the app, with how to fill its arguments and who may use it.

``tests/test_url_permissions.py`` walks the URL resolver and fails if a URL is missing
here, so each new page gets its permission tests by being listed. Each area of the
app keeps its cases in a ``tests/**/url_cases_<area>.py`` module with a ``CASES`` dict
and, if its URLs need objects, a ``build(world)`` function that adds them to the
``world`` dict (which already holds programme, project, stakeholder, users...).
"""

import importlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Case:
    kwargs: object = field(default=lambda w: {})
    # What a signed-in member of another programme gets.
    outsider: int = 404
    # A read-only member (commissioner) posting to it is refused.
    write: bool = False
    # Reachable without signing in (participant links).
    public: bool = False
    # Pages that answer only POST.
    post_only: bool = False
    # What an anonymous caller gets: 302 is "sent to sign in"; the API answers 401.
    anonymous: int = 302


def project(w):
    return {"slug": w["project"].slug}


def programme(w):
    return {"slug": w["programme"].slug}


CASES: dict[str, Case] = {
    "home": Case(outsider=302),
    "projects:programme_list": Case(outsider=200),
    "projects:programme_create": Case(outsider=403, write=True),
    "projects:programme_detail": Case(programme),
    "projects:programme_members": Case(programme, write=True),
    "projects:programme_member_remove": Case(
        lambda w: {**programme(w), "pk": w["programme_membership"].pk},
        write=True,
        post_only=True,
    ),
    "projects:project_list": Case(outsider=200),
    "projects:project_create": Case(outsider=200, write=True),
    "projects:project_detail": Case(project),
    "projects:project_edit": Case(project, write=True),
    "projects:brief_revise": Case(project, write=True),
    "projects:project_stakeholders": Case(project, write=True),
    "projects:involvement_edit": Case(
        lambda w: {**project(w), "pk": w["involvement"].pk}, write=True
    ),
    "projects:project_members": Case(project, write=True),
    "projects:project_member_remove": Case(
        lambda w: {**project(w), "pk": w["project_membership"].pk},
        write=True,
        post_only=True,
    ),
    "projects:comment_add": Case(project, post_only=True),
    "projects:stakeholder_edit": Case(
        lambda w: {"pk": w["stakeholder"].pk}, write=True
    ),
    "projects:stakeholder_delete": Case(
        lambda w: {"pk": w["stakeholder"].pk}, write=True
    ),
    "projects:organisation_create": Case(outsider=200, write=True),
}


def _area_modules():
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("url_cases_*.py")):
        dotted = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        yield importlib.import_module(dotted)


AREA_MODULES = list(_area_modules())
for _module in AREA_MODULES:
    CASES.update(_module.CASES)


def build_world(world: dict) -> dict:
    for module in AREA_MODULES:
        if hasattr(module, "build"):
            module.build(world)
    return world
