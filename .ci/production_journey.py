"""The production-shape journey: Chromium against the booted web, worker and beat.

Run by .ci/production_shape.sh once the readiness page says every part is healthy and
the demo is loaded: ``python .ci/production_journey.py --url http://localhost:PORT``.

A demo commissioner signs in, opens the dashboard, asks for a project case study, waits
for the worker to make it, downloads the PDF and reads its text back with pypdf. The
browser sends ``X-Forwarded-Proto: https`` with every request, as the HTTPS proxy in
front of gunicorn would. Prints the timings and the request id of the case-study
request (so the caller can find the worker's log lines for it); exits non-zero on any
failure, with a screenshot in the work folder.
"""

import argparse
import io
import json
import os
import re
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

PROJECT = "autism-services"
PROJECT_TITLE = "Autism Services"
USERNAME = "cam"  # the demo commissioner
PASSWORD = "coproduce-demo-only"


def journey(page, url: str, timeout_ms: int) -> dict:
    results = {}
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username or email address").fill(USERNAME)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r".*/(dashboard|projects)/.*"))
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["sessionid"]["secure"], "the session cookie must be Secure"
    assert cookies["sessionid"]["httpOnly"]

    response = page.goto(f"{url}/dashboard/")
    assert response.status == 200, response.status
    # Django took the request as HTTPS (the proxy header), so it sends HSTS.
    assert "strict-transport-security" in response.all_headers()
    assert page.get_by_role("heading", level=1).first.is_visible()
    results["dashboard_title"] = page.title()

    page.goto(f"{url}/projects/{PROJECT}/")
    page.get_by_role("navigation", name="Project actions").get_by_role(
        "link", name="Reports", exact=True
    ).click()
    page.wait_for_url(re.compile(rf".*/projects/{PROJECT}/reports/.*"))

    started = time.monotonic()
    with page.expect_response(
        lambda r: r.request.method == "POST" and "report" in r.url
    ) as asked:
        page.get_by_role("button", name="Make a project case study").click()
    results["request_id"] = asked.value.headers.get("x-request-id", "")
    assert results["request_id"], "the response carries no X-Request-ID"
    # The request page of the new job, which follows it until the PDF is made.
    page.wait_for_url(re.compile(r".*/reports/\d+/$"))
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for(timeout=timeout_ms)
    results["request_to_ready_s"] = round(time.monotonic() - started, 2)

    with page.expect_download(timeout=timeout_ms) as download_info:
        link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    results["request_to_pdf_s"] = round(time.monotonic() - started, 2)
    assert pdf.startswith(b"%PDF"), pdf[:20]
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert PROJECT_TITLE in text, text[:500]
    results["pdf_pages"] = len(reader.pages)
    results["pdf_bytes"] = len(pdf)
    results["pdf_first_line"] = next(
        (line for line in text.splitlines() if line.strip()), ""
    )
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--artefacts", default=".")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")
    artefacts = Path(args.artefacts)
    artefacts.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        context = browser.new_context(
            accept_downloads=True,
            # What the TLS-terminating proxy adds in production.
            extra_http_headers={"X-Forwarded-Proto": "https"},
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        try:
            results = journey(page, args.url.rstrip("/"), int(args.timeout * 1000))
        except Exception:
            page.screenshot(path=str(artefacts / "journey-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
