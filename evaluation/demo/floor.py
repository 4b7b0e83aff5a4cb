"""The benchmark's floor: the cheapest signed-in page this site can serve (the
session, the user and one query for a 100-row table), measured in the same run as
the real pages so their figures can be read as a share of it.

Its URL is mounted only by the benchmark (``urlpatterns`` here is the site's own
list plus the floor, used through ``override_settings(ROOT_URLCONF=...)``); the
site's URLconf never includes it, so production cannot reach it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from coproduce.urls import urlpatterns as site_urlpatterns
from projects.models import Activity

FLOOR_ROWS = 100
FLOOR_PATH = "benchmark-floor/"


@login_required
def floor(request):
    rows = list(
        Activity.objects.order_by("pk").values_list("held_on", "title", "kind")[
            :FLOOR_ROWS
        ]
    )
    return render(request, "demo/benchmark_floor.html", {"rows": rows})


urlpatterns = [*site_urlpatterns, path(FLOOR_PATH, floor, name="benchmark_floor")]
