"""Permission cases for the dashboards. The personal homes answer every signed-in
user (showing only what they may see); a programme's dashboard is 404 to outsiders."""

from tests.url_cases import Case, programme

CASES = {
    # Outsiders are sent on to their own dashboard.
    "evaluation:dashboard": Case(outsider=302),
    "evaluation:facilitator_home": Case(outsider=200),
    "evaluation:evaluator_home": Case(outsider=200),
    "evaluation:commissioner_dashboard": Case(programme),
}
