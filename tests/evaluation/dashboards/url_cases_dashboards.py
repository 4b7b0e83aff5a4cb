"""Permission cases for the dashboards. A role home answers people holding that role
(showing only what they may see) and sends everyone else on to their own dashboard; a
programme's dashboard is 404 to outsiders."""

from tests.url_cases import Case, programme

CASES = {
    # Outsiders are sent on to their own dashboard.
    "evaluation:dashboard": Case(outsider=302),
    # The outsider facilitates another programme: the facilitator home is theirs.
    "evaluation:facilitator_home": Case(outsider=200),
    "evaluation:evaluator_home": Case(outsider=302),
    "evaluation:commissioner_dashboard": Case(programme),
}
