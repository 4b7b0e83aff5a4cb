"""Old project addresses keep working after a project's slug changes."""

import re

from django.http import HttpResponsePermanentRedirect

from projects.access import projects_visible_to
from projects.models import ProjectSlugRedirect

PROJECT_PATH = re.compile(r"^/projects/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/")


def old_project_slugs(get_response):
    """A page under /projects/<old slug>/ that is not found answers with a permanent
    redirect (301) to the same page under the project's present slug, for people who
    may see the project (everyone else still gets "not found")."""

    def middleware(request):
        response = get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        match = PROJECT_PATH.match(request.path_info)
        if match is None:
            return response
        moved = (
            ProjectSlugRedirect.objects.filter(
                old_slug=match["slug"],
                project__in=projects_visible_to(request.user),
            )
            .values_list("project__slug", flat=True)
            .first()
        )
        if moved is None:
            return response
        old = f"/projects/{match['slug']}/"
        url = request.path.replace(old, f"/projects/{moved}/", 1)
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(url)

    return middleware
