"""The stamp of a report: one value that changes whenever anything the report shows
may have changed, so a finished PDF with the same stamp can be handed out again
instead of rendering the same pages twice.

It is a hash of:

- the kind, the scope (project, programme) and the options;
- the programme's latest recorded change: every change to people's and evaluation
  data in the programme (quotes and their consent, scores, activities, logic
  models, projects ...) writes a history event with the programme's id (see
  ``coproduce/history.py``), so any such change gives a new stamp. Reads (downloads,
  exports) and the report jobs' own rows are left out: asking for or downloading a
  report must not make its stamp stale;
- the small-group threshold, the report templates and styles (a new release with
  changed pages renders again), and today's date (reports say when they were made,
  and count days).

A consent change therefore always gives a new stamp; besides, withdrawing a report
(``report_withdraw_for_people``) takes it out of the finished ones, so a withdrawn
PDF is never handed out.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from coproduce import disclosure
from projects.memo import last_change_id


@functools.cache
def templates_version() -> str:
    """A hash of the PDF templates and their stylesheet (read once per process)."""
    digest = hashlib.sha256()
    folders = [Path(settings.BASE_DIR) / "templates" / "pdf"]
    files = sorted(path for folder in folders for path in folder.rglob("*.html"))
    files.append(Path(settings.BASE_DIR) / "static" / "css" / "pdf.css")
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def report_stamp(
    *, kind: str, project_id: int | None, programme_id: int, options: dict, today=None
) -> str:
    today = today or timezone.localdate()
    raw = json.dumps(
        [
            str(kind),
            project_id,
            programme_id,
            options,
            last_change_id(programme_id),
            disclosure.min_group(),
            templates_version(),
            today.isoformat(),
        ],
        sort_keys=True,
    )
    return hashlib.sha256(raw.encode()).hexdigest()
