"""The only URLs WeasyPrint may load: our own static files and inline data images."""

import mimetypes

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Report HTML is rendered with this base URL, so `{% static %}` paths resolve under it.
REPORT_BASE_URL = "https://report.coproduce.invalid/"


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves ``/static/...`` from the static finders and refuses everything else:
    file paths, other hosts, internal addresses. Refusals are recorded for tests."""

    def __init__(self):
        super().__init__(allowed_protocols={"https", "data"})
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        prefix = REPORT_BASE_URL.rstrip("/") + settings.STATIC_URL
        if url.startswith("data:image/"):
            return super().fetch(url, headers)
        if url.startswith(prefix):
            relative = url[len(prefix) :].split("?")[0].split("#")[0]
            path = None if ".." in relative else _static_path(relative)
            if path:
                with open(path, "rb") as handle:
                    body = handle.read()
                media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=body, headers={"Content-Type": media_type}
                )
        self.refused.append(url)
        raise RefusedURL(f"Reports may not load {url!r}")


def _static_path(relative: str) -> str | None:
    """A file collected into STATIC_ROOT (hashed names in production), or one the
    finders know (development)."""
    try:
        if staticfiles_storage.exists(relative):
            return staticfiles_storage.path(relative)
    except NotImplementedError:  # storage without local paths
        pass
    return finders.find(relative)
