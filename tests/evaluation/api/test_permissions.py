"""Who may use each API route: the same people as the pages. Anonymous callers and
bad tokens get 401, outsiders 404 (lists leave them out), read-only members and
read tokens 403 on writes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.api.services import token_create, token_revoke
from projects.models import ApiToken, DiamondStage
from tests.evaluation.api.conftest import make_token
from tests.factories import ProjectFactory, StakeholderFactory
from tests.projects.factories import ActivityFactory
from tests.url_cases import CASES

pytestmark = pytest.mark.django_db

# Every API route a program calls (the docs page is for people: it asks them to sign in).
API_ROUTES = sorted(n for n in CASES if n.startswith("api:") and n != "api:docs")


@pytest.fixture
def world(project, stakeholder, facilitator):
    return {
        "programme": project.programme,
        "project": project,
        "stakeholder": stakeholder,
        "activity": ActivityFactory(project=project, title="Our workshop"),
    }


def _url(name, world):
    return reverse(name, kwargs=CASES[name].kwargs(world))


def test_an_expired_token_gets_401_with_a_plain_message(api, world, facilitator):
    raw = make_token(facilitator)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for name in API_ROUTES:
        response = api.get(_url(name, world))
        assert response.status_code == 401, name
        # (the schema answers in YAML, so read the body as text)
        assert "This token has expired. Make a new one on your account." in (
            response.content.decode()
        )


def test_a_revoked_token_gets_401(api, world, facilitator):
    raw = make_token(facilitator)
    token_revoke(token=ApiToken.objects.get())
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    for name in API_ROUTES:
        response = api.get(_url(name, world))
        assert response.status_code == 401, name
        assert "This token was revoked." in response.content.decode()


def test_the_token_owner_reads_every_route(as_user, world, facilitator):
    client = as_user(facilitator, "read")
    for name in API_ROUTES:
        url = _url(name, world)
        if name in {
            "api:quote_list",
            "api:observation_list",
            "api:claim_list",
            "api:factor_list",
        }:
            url += f"?programme={world['programme'].pk}"
        # (attendance is only ever written; the job's PDF is not made yet)
        expected = {"api:activity_attendance": 405, "api:report_job_download": 404}
        expected = expected.get(name, 200)
        assert client.get(url).status_code == expected, name


def test_an_unknown_token_gets_401_and_says_how_to_sign(api, world):
    api.credentials(HTTP_AUTHORIZATION="Bearer cpd_not-a-token")
    response = api.get(reverse("api:project_list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_outsider_gets_404_for_objects(as_user, world, outsider):
    client = as_user(outsider, "read")
    for name in API_ROUTES:
        if name.endswith("_detail") or "feed" in name:
            assert client.get(_url(name, world)).status_code == 404, name
    for name in [
        "api:quote_list",
        "api:observation_list",
        "api:claim_list",
        "api:factor_list",
    ]:
        url = reverse(name) + f"?programme={world['programme'].pk}"
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize(
    "name",
    [
        "api:programme_list",
        "api:project_list",
        "api:person_list",
        "api:activity_list",
    ],
)
def test_lists_hold_only_what_the_caller_may_see(as_user, world, facilitator, name):
    other = ProjectFactory(title="Someone else's project")
    ActivityFactory(project=other)
    StakeholderFactory(programme=other.programme)
    body = as_user(facilitator, "read").get(reverse(name)).json()
    assert body["count"] == 1
    assert body["results"][0]["id"] in {
        world["programme"].pk,
        world["project"].pk,
        world["stakeholder"].pk,
        world["activity"].pk,
    }


def test_a_project_member_sees_only_their_project(as_user, world, project_facilitator):
    ProjectFactory(programme=world["programme"], title="Sister project")
    body = as_user(project_facilitator, "read").get(reverse("api:project_list")).json()
    assert [row["id"] for row in body["results"]] == [world["project"].pk]


def _writes(world):
    activity = world["activity"]
    return [
        ("post", reverse("api:activity_list"), {"project": world["project"].pk}),
        ("patch", reverse("api:activity_detail", args=[activity.pk]), {}),
        ("put", reverse("api:activity_detail", args=[activity.pk]), {}),
        ("put", reverse("api:activity_attendance", args=[activity.pk]), {}),
        ("post", reverse("api:person_list"), {"project": world["project"].pk}),
        (
            "patch",
            reverse("api:person_detail", args=[world["stakeholder"].pk]),
            {},
        ),
        ("post", reverse("api:stage_move_list"), {"project": world["project"].pk}),
    ]


def test_a_read_token_gets_403_on_every_write(as_user, world, facilitator):
    client = as_user(facilitator, "read")
    for method, url, data in _writes(world):
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 403, (method, url)
        assert "may only read" in response.json()["detail"]


def test_a_commissioner_gets_403_on_every_write(as_user, world, commissioner):
    client = as_user(commissioner, "read-write")
    for method, url, data in _writes(world):
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 403, (method, url)


def test_an_outsider_gets_404_on_every_write(as_user, world, outsider):
    client = as_user(outsider, "read-write")
    for method, url, data in _writes(world):
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 404, (method, url)


def test_anonymous_writes_get_401(api, world):
    for method, url, data in _writes(world):
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code == 401, (method, url)


def test_browser_writes_need_the_csrf_token(world, facilitator):
    from rest_framework.test import APIClient

    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(facilitator)
    assert browser.get(reverse("api:project_list")).status_code == 200
    response = browser.post(
        reverse("api:stage_move_list"),
        {
            "project": world["project"].pk,
            "to_stage": DiamondStage.DEFINE,
            "happened_on": timezone.localdate().isoformat(),
            "rationale": "Ready.",
            "seen_transition": 0,
        },
        format="json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_token_of_a_deactivated_account_gets_401(api, world, facilitator):
    _, raw = token_create(
        user=facilitator,
        name="Old",
        scope="read",
        expires_on=timezone.localdate() + dt.timedelta(days=2),
    )
    facilitator.is_active = False
    facilitator.save(update_fields=["is_active"])
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(reverse("api:project_list")).status_code == 401
