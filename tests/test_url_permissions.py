"""Walk every URL of our apps: anonymous users sign in, outsiders see nothing,
read-only members cannot change anything."""

import pytest
from django.urls import get_resolver, reverse

from projects.models import AccessRole, ProjectMembership
from tests.factories import UserFactory
from tests.url_cases import CASES, build_world

APP_NAMESPACES = {"projects", "logicmodels", "evaluation", "site", "api"}


def app_url_names():
    names = set()
    resolver = get_resolver()
    for namespace, (_, sub) in resolver.namespace_dict.items():
        if namespace not in APP_NAMESPACES:
            continue
        for key in sub.reverse_dict:
            if isinstance(key, str):
                names.add(f"{namespace}:{key}")
    return names


@pytest.fixture
def world(project, stakeholder, facilitator, commissioner):
    from projects.models import ProgrammeMembership

    member = UserFactory(username="listed-member")
    world = {
        "facilitator": facilitator,
        "commissioner": commissioner,
        "programme": project.programme,
        "project": project,
        "stakeholder": stakeholder,
        "involvement": stakeholder.involvements.get(project=project),
        "programme_membership": ProgrammeMembership.objects.get(user=commissioner),
        "project_membership": ProjectMembership.objects.create(
            user=member, project=project, role=AccessRole.VIEWER
        ),
    }
    return build_world(world)


def test_every_url_has_a_permission_case():
    missing = app_url_names() - set(CASES)
    assert not missing, f"add these URLs to tests/url_cases.py: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous_user_is_sent_to_sign_in(client, world, name):
    case = CASES[name]
    url = reverse(name, kwargs=case.kwargs(world))
    response = client.post(url) if case.post_only else client.get(url)
    if case.public:
        assert response.status_code in {200, 404, 410}
    elif case.anonymous != 302:
        assert response.status_code == case.anonymous
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if not c.public))
def test_outsider_gets_nothing(client, world, outsider, name):
    case = CASES[name]
    client.force_login(outsider)
    url = reverse(name, kwargs=case.kwargs(world))
    response = client.post(url) if case.post_only else client.get(url)
    assert response.status_code == case.outsider
    if response.status_code == 200:
        body = response.content.decode()
        assert world["project"].title not in body
        assert world["stakeholder"].display_name not in body
    if case.write or case.post_only:
        response = client.post(url, {"title": "Hijacked", "body": "x"})
        assert response.status_code in {case.outsider, 403, 404, 200}
        world["project"].refresh_from_db()
        assert world["project"].title != "Hijacked"


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.write))
def test_commissioner_cannot_change_anything(client, world, commissioner, name):
    client.force_login(commissioner)
    url = reverse(name, kwargs=CASES[name].kwargs(world))
    response = client.post(url, {"title": "Changed", "login": "commissioner"})
    assert response.status_code == 403
