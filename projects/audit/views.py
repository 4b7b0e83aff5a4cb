"""The audit pages: a programme's history and one person's, with a CSV export."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render

from coproduce import history
from coproduce.exports import csv_writer
from projects.audit import selectors
from projects.audit.access import (
    get_audit_person_for_user,
    get_audit_programme_for_user,
)
from projects.audit.forms import AuditFilterForm

PER_PAGE = 50
CSV_CHUNK = 500
CSV_HEADER = [
    "When (UTC)",
    "Who",
    "Account id",
    "Action",
    "What",
    "Id",
    "Project id",
    "Person id",
    "In words",
    "Page",
    "Request id",
]


def _filters(request, programme):
    form = AuditFilterForm(
        request.GET or None,
        people=selectors.audit_people(programme),
        object_types=selectors.object_types(),
    )
    return form, form.filters()


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, programme, *, person=None, access=None):
    form, filters = _filters(request, programme)
    events = selectors.audit_events(
        programme, person_id=person.pk if person else None, **filters
    )
    if "csv" in request.GET:
        return _csv(programme, events, person)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/audit/audit_log.html",
        {
            "programme": programme,
            "person": person,
            "access": access,
            "form": form,
            "page": page,
            "rows": selectors.audit_rows(page.object_list),
            "query": _query(request),
        },
    )


def _csv(programme, events, person):
    what = f"history of person {person.pk}" if person else "history of the programme"
    history.read_record(
        instance=person or programme,
        action=history.Action.EXPORTED,
        note=f"CSV of the {what}",
    )

    def lines():
        class Echo:
            def write(self, value):
                return value

        writer = csv_writer(Echo())
        yield writer.writerow(CSV_HEADER)
        last_id = None
        while True:
            chunk = events if last_id is None else events.filter(id__lt=last_id)
            chunk = list(chunk[:CSV_CHUNK])
            if not chunk:
                return
            for row in selectors.audit_rows(chunk):
                event = row.event
                yield writer.writerow(
                    [
                        event.created_at.astimezone(dt.UTC).isoformat(
                            timespec="seconds"
                        ),
                        row.who,
                        (event.context or {}).get("user", ""),
                        event.get_action_display(),
                        event.model,
                        event.object_id,
                        event.project_id or "",
                        event.person_id or "",
                        row.sentence,
                        row.url,
                        row.request_id,
                    ]
                )
            last_id = chunk[-1].id

    name = f"{programme.slug}-{'person-' + str(person.pk) if person else 'audit'}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def programme_audit(request, slug):
    programme, access = get_audit_programme_for_user(request.user, slug)
    return _page(request, programme, access=access)


@login_required
def person_audit(request, pk):
    person, access = get_audit_person_for_user(request.user, pk)
    return _page(request, person.programme, person=person, access=access)
