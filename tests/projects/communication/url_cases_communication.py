"""Permission cases for communication needs (see tests/url_cases.py)."""

from tests.url_cases import Case, programme

CASES = {
    "projects:communication_needs_edit": Case(
        lambda w: {"pk": w["stakeholder"].pk}, write=True, post_only=True
    ),
    "projects:need_arranged": Case(
        lambda w: {"pk": w["stakeholder"].pk}, write=True, post_only=True
    ),
    # The list names people and their needs: facilitators only.
    "projects:unmet_needs": Case(programme, write=True),
}
