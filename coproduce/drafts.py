"""Drafts of half-filled forms kept in the session across a detour.

When someone leaves a form to add something it needs ("Add an organisation" from
New project), the form is sent with a detour button; the view keeps what was typed
with ``draft_save`` and goes to the other form with a ``next`` address carrying the
draft's key. Coming back, ``draft_get`` returns what was typed, which the view shows
with ``coproduce.forms.typed_initial``. Drafts are keyed by a random id (two tabs
keep two drafts), tied to the form they came from, and only the latest few are kept.
"""

import secrets

from django.http import QueryDict

SESSION_KEY = "form_drafts"
KEEP = 5
# Never kept: the CSRF token and the detour button itself.
SKIPPED = {"csrfmiddlewaretoken", "detour"}


def draft_save(request, *, form_id: str, data: QueryDict) -> str:
    """Keep what was typed into the form ``form_id``; returns the draft's key."""
    drafts = request.session.get(SESSION_KEY, {})
    key = secrets.token_urlsafe(9)
    drafts[key] = {
        "form": form_id,
        "data": {k: data.getlist(k) for k in data if k not in SKIPPED},
    }
    request.session[SESSION_KEY] = dict(list(drafts.items())[-KEEP:])
    return key


def draft_get(request, *, form_id: str, key: str) -> QueryDict | None:
    """What was typed into ``form_id`` under ``key``, or None (unknown, expired or
    from another form)."""
    draft = request.session.get(SESSION_KEY, {}).get(key or "")
    if not draft or draft["form"] != form_id:
        return None
    data = QueryDict(mutable=True)
    for name, values in draft["data"].items():
        data.setlist(name, values)
    return data


def draft_drop(request, *, key: str) -> None:
    """Forget a draft once its form has been saved."""
    drafts = request.session.get(SESSION_KEY, {})
    if drafts.pop(key or "", None) is not None:
        request.session[SESSION_KEY] = drafts
