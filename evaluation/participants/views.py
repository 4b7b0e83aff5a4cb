"""Rendering a participant page in the person's language and format."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from evaluation.participants.selectors import (
    EASY_READ_COOKIE,
    Reading,
    participant_reading,
)

COOKIE_AGE = 365 * 24 * 3600


def reading_start(request, stakeholder=None) -> Reading:
    """Work out the reading for this request and switch to its language, so
    messages made before rendering (form errors) are in it too."""
    reading = participant_reading(request, stakeholder)
    translation.activate(reading.language)
    request.LANGUAGE_CODE = reading.language
    return reading


def reading_remember(response, reading: Reading):
    """Keep a choice made on the page for the person's next pages."""
    if reading.chosen_language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            reading.chosen_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    if reading.chosen_easy_read:
        response.set_cookie(
            EASY_READ_COOKIE,
            reading.chosen_easy_read,
            max_age=COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    return response


def easy_template(template: str) -> str:
    """'evaluation/matrix/score_step.html' -> 'evaluation/matrix/easy/score_step.html'."""
    folder, _, name = template.rpartition("/")
    return f"{folder}/easy/{name}"


def participant_render(request, template, context=None, *, reading, status=200):
    """A participant page: in the easy-read version when chosen, never cached or
    indexed, with the person's choice remembered."""
    name = easy_template(template) if reading.easy_read else template
    response = render(
        request, name, {**(context or {}), "reading": reading}, status=status
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return reading_remember(response, reading)
