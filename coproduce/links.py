"""Links to pages named by one slug, for pages that list hundreds of them."""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.http import url_has_allowed_host_and_scheme

_PLACEHOLDER = "__slug__"


@lru_cache(maxsize=64)
def _pattern(name: str, script_prefix: str) -> str:
    return reverse(name, args=[_PLACEHOLDER])


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, args=[slug])``, resolving the URL pattern once per process
    (a full ``reverse`` per row is most of the time of a long table)."""
    return _pattern(name, get_script_prefix()).replace(_PLACEHOLDER, quote(slug))


def safe_next(request, default: str) -> str:
    """The ``next`` address from the query string when it stays on this site, else
    ``default``: a ``javascript:`` or off-site value is never used as a link or a
    redirect."""
    candidate = request.GET.get("next", "") or request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return default
