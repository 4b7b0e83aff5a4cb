"""Permission cases for the project-side pages of entering a real case (see
tests/url_cases.py)."""

from tests.url_cases import Case, programme

CASES = {
    "projects:programme_settings": Case(programme, write=True),
}
