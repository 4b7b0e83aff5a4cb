"""Permission cases for the audit pages (see tests/url_cases.py): commissioners and
viewers are refused, outsiders get 404."""

from tests.url_cases import Case, programme

CASES = {
    "projects:programme_audit": Case(programme, write=True),
    "projects:person_audit": Case(lambda w: {"pk": w["stakeholder"].pk}, write=True),
}
