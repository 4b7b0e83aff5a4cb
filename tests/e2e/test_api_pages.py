"""The API's pages in a browser: making a token (shown once, copied with the button),
the programme's Data feed page, and the API docs, which load every file from our own
host under the site's Content-Security-Policy."""

from urllib.parse import urlsplit

from django.urls import reverse

from tests.e2e.conftest import check_page, sign_in
from tests.e2e.test_site_pages import policy_context, watch_console
from tests.factories import ProjectFactory, UserFactory


def test_a_facilitator_makes_a_token_finds_the_feed_and_reads_the_docs(
    transactional_db, browser, live_server
):
    from projects.models import AccessRole, ProgrammeMembership

    user = UserFactory(username="fay", password="coproduce-demo-only")
    project = ProjectFactory()
    ProgrammeMembership.objects.create(
        user=user, programme=project.programme, role=AccessRole.FACILITATOR
    )
    context = policy_context(browser, 1280, bypass_csp=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    sign_in(page, live_server, "fay")

    page.goto(live_server.url + reverse("site:account"))
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("What it is for").fill("Power BI report")
    page.get_by_label("Read only").check()
    page.get_by_role("button", name="Make the token").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("cpd_")
    page.get_by_role("button", name="Copy the new token").click()
    page.locator("#new-token-status").filter(has_text="Copied.").wait_for()
    check_page(page, "api-01-token-made")
    page.reload()
    assert token not in page.content()

    page.goto(
        live_server.url
        + reverse("projects:programme_detail", args=[project.programme.slug])
    )
    page.get_by_role("link", name="Data feed for Power BI and Excel").click()
    assert "/feed/projects.json" in page.locator("#feed-projects-json").inner_text()
    check_page(page, "api-02-data-feed")
    context.close()

    # The docs page with the policy enforced: our own files only, no errors.
    strict = policy_context(browser, 1280)
    page = strict.new_page()
    problems = watch_console(page)
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    sign_in(page, live_server, "fay")
    page.get_by_role("link", name="API").click()
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.get_by_text("/api/programmes/{id}/feed/{table}.json").count()
    page.screenshot(path="/tmp/api-docs.png")
    strict.close()
    assert hosts == {urlsplit(live_server.url).netloc}, hosts
    assert not problems, problems
