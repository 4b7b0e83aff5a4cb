"""The demo users each land on a dashboard with real content."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command


@pytest.fixture
def demo(db):
    call_command("demo", force=True)


@pytest.mark.parametrize(
    ("username", "page", "filled"),
    [
        ("fran", "/dashboard/facilitator/", ["projects", "activities", "drafts"]),
        (
            "cam",
            "/programmes/co-create-south-yorkshire/dashboard/",
            ["diamond", "score_groups", "rollup"],
        ),
        ("eve", "/dashboard/evaluator/", ["reviews"]),
    ],
)
def test_demo_users_land_on_a_filled_dashboard(client, demo, username, page, filled):
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get("/").url == page
    response = client.get(page)
    assert response.status_code == 200
    for key in filled:
        assert response.context[key], key
