"""How a participant reads their page: in which language, and whether in easy read.

A choice made on the page (a ``?lang=`` or ``?easy=`` link, remembered in a cookie)
comes first; then the person's recorded communication needs; then the browser's
language. People without a recorded person (unknown links) get the last two only.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from projects.communication.selectors import (
    needs_of,
    preferred_language,
    prefers_easy_read,
)

EASY_READ_COOKIE = "coproduce_easy_read"
WELSH = "cy"
ENGLISH = "en-gb"


@dataclass(frozen=True)
class Reading:
    language: str
    easy_read: bool
    # Set when the person chose on this request, so the choice is remembered.
    chosen_language: str = ""
    chosen_easy_read: str = ""

    @property
    def welsh(self) -> bool:
        return self.language == WELSH


def _known(code: str) -> str:
    """Our code for a language code ('cy', 'en', 'en-GB'...), or ''."""
    code = (code or "").strip().lower()
    if code.startswith("cy"):
        return WELSH
    if code.startswith("en"):
        return ENGLISH
    return ""


def participant_reading(request, stakeholder=None) -> Reading:
    """The language and format for this participant's page."""
    chosen_language = _known(request.GET.get("lang", ""))
    language = chosen_language
    if not language:
        language = _known(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
    needs = needs_of(stakeholder)
    if not language and needs is not None and needs.language:
        # A recorded language counts (one we have no pages in gives English);
        # with none recorded the browser's language decides.
        language = _known(preferred_language(stakeholder))
    if not language:
        language = _known(translation.get_language_from_request(request)) or ENGLISH

    chosen_easy = request.GET.get("easy", "")
    if chosen_easy not in {"1", "0"}:
        chosen_easy = ""
    easy = chosen_easy or request.COOKIES.get(EASY_READ_COOKIE, "")
    if easy in {"1", "0"}:
        easy_read = easy == "1"
    else:
        easy_read = stakeholder is not None and bool(prefers_easy_read(stakeholder))
    return Reading(
        language=language,
        easy_read=easy_read,
        chosen_language=chosen_language,
        chosen_easy_read=chosen_easy,
    )
