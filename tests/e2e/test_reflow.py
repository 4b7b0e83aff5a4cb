"""Every page fits a 320 px phone (WCAG 1.4.10) and passes axe, as each demo role sees it.

The crawl signs in as the demo's facilitator, commissioner and evaluator in turn and
follows the site's own links from their home page, and opens a participant's personal
scoring link without signing in (tests/e2e/reflow.py says how pages are picked and
checked). Each page is looked at at 1,280 px, 375 px and 320 px. One browser and one
context per role; a page already checked with axe by an earlier role is checked again
only for its width, as axe's findings do not depend on who is looking.
"""

import time

from django.urls import reverse

from evaluation.models import RoundStatus, ScoringRound
from tests.e2e.conftest import sign_in
from tests.e2e.reflow import Crawl, crawl_site
from tests.evaluation.matrix.factories import make_link

ROLES = ("fran", "cam", "eve")


def test_every_page_reflows_to_320px_and_passes_axe_for_each_role(
    demo, browser, live_server
):
    started = time.monotonic()
    checked: set[str] = set()
    everything = Crawl()
    summary = []
    for username in ROLES:
        context = browser.new_context(
            bypass_csp=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        sign_in(page, live_server, username)
        crawl = crawl_site(page, live_server.url, "/", axe_done=checked)
        context.close()
        everything.problems += crawl.problems
        checked |= set(crawl.visited)
        summary.append(f"{username}: {len(crawl.visited)} pages")

    scoring_round = ScoringRound.objects.filter(status=RoundStatus.OPEN).first()
    _, token = make_link(scoring_round)
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    start = reverse("evaluation:score_start", args=[token])
    crawl = crawl_site(page, live_server.url, start, axe_done=checked)
    context.close()
    everything.problems += crawl.problems
    summary.append(f"participant: {len(crawl.visited)} pages")

    # The crawl really went round the site: each role's home, projects, evaluation.
    assert len(checked) > 100, summary
    print(f"Reflow crawl: {'; '.join(summary)} in {time.monotonic() - started:.0f} s")
    assert not everything.problems, "\n".join(everything.problems)
