"""The Welsh catalogue is complete for every participant page, and the committed
.mo is the compiled .po."""

import gettext
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES"
WELSH_PLURAL_FORMS = 4

# Everything a participant reads: their pages and the pages' shared parts, the
# email that sends their link, and the Python files whose messages reach them.
PARTICIPANT_FILES = [
    "templates/evaluation/public_base.html",
    "templates/evaluation/_reading_switch.html",
    "templates/evaluation/_easy_line.html",
    "templates/evaluation/matrix/score_start.html",
    "templates/evaluation/matrix/score_step.html",
    "templates/evaluation/matrix/score_check.html",
    "templates/evaluation/matrix/round_closed.html",
    "templates/evaluation/matrix/link_unavailable.html",
    "templates/evaluation/matrix/_answer_options.html",
    "templates/evaluation/matrix/_untranslated_note.html",
    "templates/evaluation/matrix/email_link.txt",
    "templates/evaluation/matrix/easy",
    "templates/evaluation/evidence/review.html",
    "templates/evaluation/evidence/review_thanks.html",
    "templates/evaluation/evidence/review_problem.html",
    "templates/evaluation/evidence/easy",
    "evaluation/participants",
    "evaluation/matrix/forms.py",
    "evaluation/matrix/services.py",
    "evaluation/matrix/views.py",
    "evaluation/evidence/forms.py",
    "evaluation/evidence/services.py",
    "evaluation/evidence/views/member_checking.py",
    "evaluation/models/evidence.py",
]


def po_entries(text: str) -> list[tuple[str, str]]:
    """(msgid, msgid_plural) of each entry of a .po file, header left out."""
    entries, current, key = [], {}, None
    for line in text.splitlines() + [""]:
        if line.startswith(("msgid ", "msgid_plural ")):
            key, _, value = line.partition(" ")
            current[key] = json.loads(value)
        elif line.startswith('"') and key:
            current[key] += json.loads(line)
        elif line.startswith("msgstr"):
            key = None
        elif not line.strip() and current:
            if current.get("msgid"):
                entries.append((current["msgid"], current.get("msgid_plural", "")))
            current, key = {}, None
    return entries


def untranslated(entries, catalogue: dict) -> list[str]:
    """The entries with no Welsh in a compiled catalogue. msgfmt leaves fuzzy and
    empty translations out of the .mo, so both count as missing."""
    missing = []
    for msgid, plural in entries:
        if plural:
            forms = [catalogue.get((msgid, n), "") for n in range(WELSH_PLURAL_FORMS)]
            if not all(forms):
                missing.append(msgid)
        elif not catalogue.get(msgid):
            missing.append(msgid)
    return missing


def mo_catalogue(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


@pytest.fixture(scope="module")
def participant_entries(tmp_path_factory):
    """Every string marked for translation in the participant files, found as
    makemessages finds them, in a copy of just those files."""
    if not shutil.which("xgettext"):
        pytest.skip("the gettext tools (xgettext) are not installed")
    work = tmp_path_factory.mktemp("participant-strings")
    for name in PARTICIPANT_FILES:
        source, target = ROOT / name, work / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    (work / "locale").mkdir()
    cwd = Path.cwd()
    os.chdir(work)
    try:
        with override_settings(LOCALE_PATHS=[work / "locale"]):
            call_command(
                "makemessages",
                locale=["cy"],
                extensions=["html", "txt", "py"],
                no_location=True,
                no_wrap=True,
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    text = (work / "locale/cy/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    return po_entries(text)


def test_the_extract_finds_the_participant_strings(participant_entries):
    msgids = {msgid for msgid, _ in participant_entries}
    assert "How well are we working together?" in msgids  # a template
    assert "Choose one of the answers shown." in msgids  # a form
    assert "Your link to score how co-production is going" in msgids  # an email
    assert "This link has been switched off" in msgids  # an error page
    assert len(msgids) > 100


def test_every_participant_string_has_a_welsh_translation(participant_entries):
    catalogue = mo_catalogue(CATALOGUE / "django.mo")
    assert untranslated(participant_entries, catalogue) == []


def test_a_missing_or_partly_translated_string_is_reported():
    catalogue = {"Start": "Dechrau", ("One", 0): "Un", ("One", 1): ""}
    entries = [("Start", ""), ("Finish", ""), ("One", "Many")]
    assert untranslated(entries, catalogue) == ["Finish", "One"]


def test_the_catalogue_has_no_fuzzy_entries():
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text and "fuzzy," not in text


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt is not installed")
def test_the_committed_mo_is_the_compiled_po(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(CATALOGUE / "django.po")],
        check=True,
    )
    assert mo_catalogue(compiled) == mo_catalogue(CATALOGUE / "django.mo")
