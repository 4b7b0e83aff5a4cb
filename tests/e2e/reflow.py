"""The reflow crawl: every page a person can reach by following the site's own links,
looked at at 320 px, 375 px and 1,280 px, with axe (WCAG 2.2 A and AA) and a check that
nothing is wider than the screen (WCAG 1.4.10).

One page per URL pattern (``resolve(path).route``) is enough: pages made by the same
view and template reflow the same way. Links are followed without their query string;
downloads, PDFs and pages that only answer POST are left out. Each page is loaded once
and resized for the three widths, so the crawl stays quick.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from tests.e2e.conftest import AXE, AXE_TAGS

WIDTHS = (1280, 375, 320)
# Axe's findings hardly change with the width, and it is the slow part: every rule at
# the narrowest screen (where the most is folded, stacked or scrolled), and at 375 px and
# 1,280 px the rules that depend on layout. The desktop pages are also checked with
# every rule by the journeys (tests/e2e/conftest.py, check_page).
LAYOUT_RULES = ["target-size", "scrollable-region-focusable"]
EVERY_RULE = None
AXE_AT = {1280: LAYOUT_RULES, 375: LAYOUT_RULES, 320: EVERY_RULE}

# Routes that are not pages to look at: files, sign-out, admin (its own styles) and
# the pages that change something when opened (none should, but a crawl must not).
SKIP_ROUTE = re.compile(
    r"(\.(csv|xlsx|pdf|zip|qdpx|json|svg|png|ico|txt)$)|download|export|/file/$"
    r"|^admin/|^accounts/logout|^api/|schema|stop-impersonating",
)

# Links of these kinds lead away from pages.
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href], a[*|href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => new URL(a.getAttribute('href') || a.getAttribute('xlink:href'),
                    document.baseURI).href)"""

# Overflow: the page, and which elements stick out past the right edge, to say why.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const wide = document.documentElement.scrollWidth;
  if (wide <= width) return null;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let inside = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) { inside = true; break; }
      }
      if (!inside) {
        culprits.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
          + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
          + ' (' + Math.round(box.right) + ' px)');
      }
    }
    if (culprits.length >= 4) break;
  }
  return wide + ' px wide: ' + culprits.join(', ');
}"""

# Two frames: the resize has been handled (static/js/scroll-regions.js) and laid out.
SETTLE_JS = """() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(done)))"""

AXE_JS = """([tags, rules]) => axe.run(document, {
  runOnly: rules ? {type: 'rule', values: rules} : {type: 'tag', values: tags},
  resultTypes: ['violations']})"""


@dataclass
class Crawl:
    """What one role's crawl saw: the pages looked at and the problems found."""

    visited: dict[str, str] = field(default_factory=dict)  # route -> path
    problems: list[str] = field(default_factory=list)


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def look_at(page, label: str, crawl: Crawl, *, widths=WIDTHS, axe=True) -> None:
    """The page already open in ``page``: overflow at each width, and axe unless
    ``axe`` is false."""
    if axe and not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate(SETTLE_JS)
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow:
            crawl.problems.append(f"{label} at {width} px: {overflow}")
        if not axe:
            continue
        result = page.evaluate(AXE_JS, [AXE_TAGS, AXE_AT.get(width)])
        for violation in result["violations"]:
            targets = "; ".join(node["target"][0] for node in violation["nodes"][:3])
            crawl.problems.append(
                f"{label} at {width} px: axe {violation['id']} "
                f"({len(violation['nodes'])} nodes): {targets}"
            )


def crawl_site(
    page, base_url: str, start: str, *, widths=WIDTHS, axe_done=frozenset()
) -> Crawl:
    """Follow the site's links from ``start`` (a path), one page per URL pattern.
    Pages whose pattern is in ``axe_done`` (checked with axe as another role) are
    checked for their width only."""
    crawl = Crawl()
    origin = urlsplit(base_url)
    queue = deque([start])
    seen_routes: set[str] = set()
    while queue:
        path = queue.popleft()
        route = route_of(path)
        if route is None or route in seen_routes or SKIP_ROUTE.search(route):
            continue
        seen_routes.add(route)
        try:
            response = page.goto(base_url + path)
        except Exception as error:  # a download starting is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or response.status >= 400:
            status = response.status if response else "no answer"
            crawl.problems.append(f"{path}: answered {status}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        landed = urlsplit(page.url)
        if landed.netloc != origin.netloc:
            continue
        crawl.visited[route] = path
        look_at(page, path, crawl, widths=widths, axe=route not in axe_done)
        for href in page.evaluate(LINKS_JS):
            parts = urlsplit(href)
            if parts.netloc == origin.netloc and parts.scheme in {"http", "https"}:
                queue.append(parts.path)
    return crawl
