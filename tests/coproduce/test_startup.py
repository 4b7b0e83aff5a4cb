"""What a new web worker loads before its first request: the site and its URLconf,
but not the heavy libraries only some requests need (a fresh worker would pay a
second or more for them on its first page)."""

import subprocess
import sys

from django.conf import settings

HEAVY = ("weasyprint", "openpyxl")


def test_loading_the_site_and_every_url_does_not_import_pdf_or_spreadsheet_libraries():
    script = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.urls import get_resolver\n"
        "import coproduce.wsgi\n"
        "get_resolver().url_patterns\n"
        "get_resolver()._populate()\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "coproduce.settings", "PATH": "/usr/bin"},
        timeout=60,
    )
    assert result.stdout.strip() == ""
