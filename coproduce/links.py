"""Links to pages named by one slug, for pages that list hundreds of them."""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse

_PLACEHOLDER = "__slug__"


@lru_cache(maxsize=64)
def _pattern(name: str, script_prefix: str) -> str:
    return reverse(name, args=[_PLACEHOLDER])


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, args=[slug])``, resolving the URL pattern once per process
    (a full ``reverse`` per row is most of the time of a long table)."""
    return _pattern(name, get_script_prefix()).replace(_PLACEHOLDER, quote(slug))
