"""The programme's "Data feed" page: the address of each feed table for Power BI or
Excel, with a copy button, its columns, and how to make a token. Open to the same
people as the feed itself (the programme's evaluation data)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from evaluation.evidence.access import get_evaluation_programme_for_user
from evaluation.feed.tables import FEEDS


@login_required
def programme_data_feed(request, slug):
    programme, access = get_evaluation_programme_for_user(request.user, slug)
    tables = []
    for name, build in FEEDS.items():
        kwargs = {"pk": programme.pk, "table": name}
        # Built for its title, columns and row count (a fixed number of queries each).
        table = build(programme)
        tables.append(
            {
                "table": table,
                "csv": request.build_absolute_uri(
                    reverse("api:feed_csv", kwargs=kwargs)
                ),
                "json": request.build_absolute_uri(
                    reverse("api:feed_json", kwargs=kwargs)
                ),
            }
        )
    return render(
        request,
        "evaluation/feed/data_feed.html",
        {"programme": programme, "access": access, "tables": tables},
    )
