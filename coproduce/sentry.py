"""What an error report to Sentry may contain: how the code failed, not whom it was about.

Coproduce holds what people said about their care. ``scrub_event`` is Sentry's
``before_send``: it keeps the error type, the stack (file, function, line, no local
values), the URL with personal link tokens hidden, the request id and a few harmless
headers, and removes request bodies, cookies, query strings, user details other than
the id, log breadcrumb data and task arguments. E-mail addresses are masked in every
message that is kept.
"""

import re
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Personal links (scoring, review) carry long random tokens in their path.
TOKEN = re.compile(r"/[A-Za-z0-9_-]{20,}(?=/|$)")
SAFE_HEADERS = {
    "host",
    "user-agent",
    "accept",
    "content-type",
    "content-length",
    "x-request-id",
    "x-forwarded-proto",
}
REDACTED = "[removed]"


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return EMAIL.sub("[email]", value)
    if isinstance(value, list | tuple):
        return [_mask(item) for item in value]
    if isinstance(value, dict):
        return {key: _mask(item) for key, item in value.items()}
    return value


def _scrub_url(url: str) -> str:
    return TOKEN.sub("/[token]", url.split("?", 1)[0])


def _scrub_request(request: dict) -> dict:
    kept = {}
    if "url" in request:
        kept["url"] = _scrub_url(str(request["url"]))
    if "method" in request:
        kept["method"] = request["method"]
    headers = request.get("headers") or {}
    if isinstance(headers, dict):
        kept["headers"] = {
            name: value
            for name, value in headers.items()
            if name.lower() in SAFE_HEADERS
        }
    for name in ("data", "cookies", "query_string", "env"):
        if request.get(name):
            kept[name] = REDACTED
    return kept


def _scrub_frames(container: dict) -> None:
    for frame in (container.get("stacktrace") or {}).get("frames") or []:
        frame.pop("vars", None)


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Remove personal data from a Sentry event before it is sent (``before_send``)."""
    if isinstance(event.get("request"), dict):
        event["request"] = _scrub_request(event["request"])
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        _scrub_frames(exception)
        if "value" in exception:
            exception["value"] = _mask(exception["value"])
    for thread in (event.get("threads") or {}).get("values") or []:
        _scrub_frames(thread)
    breadcrumbs = event.get("breadcrumbs")
    crumbs = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in crumbs or []:
        # SQL parameters, log arguments, HTTP bodies.
        crumb.pop("data", None)
        if "message" in crumb:
            crumb["message"] = _mask(crumb["message"])
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
        for name in ("message", "formatted"):
            if name in logentry:
                logentry[name] = _mask(logentry[name])
    if isinstance(event.get("message"), str):
        event["message"] = _mask(event["message"])
    event.pop("extra", None)
    contexts = event.get("contexts")
    if isinstance(contexts, dict):
        # Celery's job context holds the task's arguments.
        job = contexts.get("celery_job")
        if isinstance(job, dict):
            contexts["celery_job"] = {
                key: value for key, value in job.items() if key == "task_name"
            }
    if "transaction" in event and isinstance(event["transaction"], str):
        event["transaction"] = _scrub_url(event["transaction"])
    return event
