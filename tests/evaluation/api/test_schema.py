"""The OpenAPI schema builds without a single warning, and the docs page loads only
our own files."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse


def test_the_schema_generates_with_no_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/activities/{id}/attendance/" in text
    assert "personalAccessToken" in text


@pytest.mark.django_db
def test_the_docs_page_loads_its_files_from_our_own_host(client, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(s.startswith("/") for s in sources), sources
    assert "<script>" not in html  # the start-up script is a file too (CSP)
    script = next(s for s in sources if "script" in s)
    assert client.get(script).status_code == 200
    assert 'lang="en"' in html
