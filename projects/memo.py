"""Figures that take a walk over a whole programme, kept until the programme changes.

A programme-wide page (dashboard, programme page, heatmap, scores) sums up every
project; most requests find nothing changed since the last one. ``remembered`` keeps
what a page computed, and ``remembered_html`` the HTML a project's page drew (project
page, timeline, comparison, round results), under a key made of:

- the programme's latest recorded write: every change to the programme's data writes
  a history event carrying the programme's id (``coproduce/history.py``), so any
  change gives a new key. Report jobs are left out (pages list them live);
- the viewer (what a person may see depends on their memberships, which are recorded
  in the programme's history too), the page's own arguments, the language, today's
  date (pages count days), the small-group rule, and a hash of the code and
  templates (a new release never reads an older one's values).

Entries also expire after ``MEMO_SECONDS``: two writes committing in the opposite
order to their history ids could otherwise leave a value a change behind.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from coproduce import disclosure, history
from projects.models import HistoryEvent

# Rows about reports themselves: asking for, rendering and storing a report.
REPORT_MODELS = ("evaluation.reportjob", "evaluation.reportvoice")
MEMO_SECONDS = 600
CODE_FOLDERS = ("coproduce", "projects", "logicmodels", "evaluation", "templates")


@functools.cache
def code_version() -> str:
    """A hash of the Python code and templates (read once per process)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in CODE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html"} and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def last_change_id(programme_id: int | None = None) -> int:
    """The id of the programme's latest recorded write (any programme's when
    ``programme_id`` is None); 0 when there is none."""
    events = HistoryEvent.objects.filter(action__in=history.WRITES).exclude(
        model__in=REPORT_MODELS
    )
    if programme_id is not None:
        # Newest first on the (programme, -id) index, not MAX(id) over them all.
        events = events.filter(programme_id=programme_id)
    last = events.order_by("-id").values_list("id", flat=True)[:1]
    return next(iter(last), 0)


def memo_key(name: str, *, programme_id: int | None, user, parts=()) -> str:
    raw = json.dumps(
        [
            name,
            programme_id,
            last_change_id(programme_id),
            getattr(user, "pk", None),
            list(parts),
            translation.get_language(),
            timezone.localdate().isoformat(),
            disclosure.min_group(),
            code_version(),
        ],
        default=str,
    )
    return "memo:" + hashlib.sha256(raw.encode()).hexdigest()


def remembered(name: str, compute, *, programme_id: int | None, user, parts=()):
    """``compute()``, or what it gave last time nothing in the programme changed.
    ``programme_id=None`` means any programme (pages that span several).
    The value must be picklable: lists and dicts, not querysets."""
    key = memo_key(name, programme_id=programme_id, user=user, parts=parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, MEMO_SECONDS)
    return value


def csrf_placeholder() -> str:
    """Stands for the viewer's CSRF token in remembered HTML: made from the secret
    key, so no one can type it into a text that the page shows."""
    return "csrf" + salted_hmac("coproduce.memo.csrf", "placeholder").hexdigest()[:32]


def remembered_html(
    request, name: str, template: str, context, *, programme_id: int, fresh=False
) -> SafeString:
    """The template rendered with ``context()`` (only when nothing is remembered for
    this page address and viewer), as ``remembered`` keeps values. Forms in it get
    the viewer's own CSRF token at every request. ``fresh`` renders it anew (a form
    sent back with its errors). Remembered HTML is rendered without the request: the
    template must not read ``request``, ``user`` or messages (the base page around it
    does that)."""
    if fresh:
        return render_to_string(template, context(), request=request)

    def compute() -> str:
        return str(
            render_to_string(template, {**context(), "csrf_token": csrf_placeholder()})
        )

    html = remembered(
        name,
        compute,
        programme_id=programme_id,
        user=request.user,
        parts=[request.get_full_path()],
    )
    return mark_safe(html.replace(csrf_placeholder(), get_token(request)))
