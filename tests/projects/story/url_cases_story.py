"""Permission cases for writing a project's story."""

from tests.url_cases import Case, project

CASES = {
    "projects:story_section_edit": Case(
        lambda w: {**project(w), "part": "what-worked"}, write=True
    ),
}
