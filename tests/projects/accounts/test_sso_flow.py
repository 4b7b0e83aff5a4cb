"""Single sign-on against real OpenID Connect providers (oidc-provider-mock on loopback).

The Django test client starts each sign-in, the provider's own form approves it over
HTTP, and the client follows the provider's redirect back: allauth then fetches the
discovery document, exchanges the code and checks the ID token against the provider.
"""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from coproduce.sso_providers import entra_app, oidc_app
from projects.invitations import services as invitation_services
from projects.models import AccessRole, Invitation, ProgrammeMembership
from tests.factories import UserFactory
from tests.projects.accounts.sso_provider import authorise, entra_like, generic_provider

ICB = "0e1d8f4c-1111-4a6b-9c3e-000000000001"
COUNCIL = "0e1d8f4c-2222-4a6b-9c3e-000000000002"
STRANGER = "0e1d8f4c-9999-4a6b-9c3e-000000000009"


@pytest.fixture(scope="session")
def nhs_provider():
    with generic_provider() as provider:
        yield provider


@pytest.fixture(scope="session")
def charity_provider():
    with generic_provider() as provider:
        yield provider


@pytest.fixture(scope="session")
def icb_entra():
    with entra_like(ICB) as provider:
        yield provider


@pytest.fixture(scope="session")
def council_entra():
    with entra_like(COUNCIL) as provider:
        yield provider


@pytest.fixture(scope="session")
def stranger_entra():
    with entra_like(STRANGER) as provider:
        yield provider


@pytest.fixture
def providers(settings, nhs_provider, charity_provider):
    """The generic provider for NHS staff and a second one only charity.test may use."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                oidc_app(
                    issuer=nhs_provider.issuer,
                    client_id="coproduce-test",
                    secret="test-secret",
                    name="NHS test login",
                    provider_id="nhs",
                    allowed_domains=["nhs.test"],
                ),
                oidc_app(
                    issuer=charity_provider.issuer,
                    client_id="coproduce-test",
                    secret="test-secret",
                    name="Charity test login",
                    provider_id="charity",
                    allowed_domains=["charity.test"],
                ),
            ]
        }
    }


def use_entra(settings, provider):
    """Entra ID for the ICB and the council, pointed at an Entra-shaped provider."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                entra_app(
                    client_id="coproduce-test",
                    secret="test-secret",
                    tenants=[ICB, COUNCIL],
                    authority=provider.base,
                )
            ]
        }
    }


def sso_sign_in(client, provider_id: str, sub: str):
    """Press "Sign in with ...", approve at the provider as ``sub``, come back."""
    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": provider_id})
    )
    assert start.status_code == 302
    back = urlsplit(authorise(start["Location"], sub))
    assert back.netloc == "testserver"
    return client.get(f"{back.path}?{back.query}")


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def nothing_saved(users_before: int):
    assert get_user_model().objects.count() == users_before
    assert not SocialAccount.objects.exists()
    assert not EmailAddress.objects.exists()


@pytest.mark.django_db
def test_an_existing_account_is_signed_in_by_its_verified_email(
    client, providers, nhs_provider
):
    alice = UserFactory(username="alice", email="alice@nhs.test")
    nhs_provider.add_person("alice-1", email="Alice@nhs.test", email_verified=True)

    response = sso_sign_in(client, "nhs", "alice-1")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_as(client) == str(alice.pk)
    account = SocialAccount.objects.get()
    assert (account.user, account.provider, account.uid) == (alice, "nhs", "alice-1")
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_a_linked_account_signs_in_again_through_its_link(
    client, providers, nhs_provider
):
    alice = UserFactory(username="alice2", email="alice2@nhs.test")
    nhs_provider.add_person("alice-2", email="alice2@nhs.test", email_verified=True)
    sso_sign_in(client, "nhs", "alice-2")
    client.logout()

    response = sso_sign_in(client, "nhs", "alice-2")

    assert response.status_code == 302
    assert signed_in_as(client) == str(alice.pk)
    assert SocialAccount.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_email_is_refused_and_nothing_is_created(
    client, providers, nhs_provider
):
    UserFactory(username="someone", email="someone@nhs.test")
    nhs_provider.add_person("new-1", email="stranger@nhs.test", email_verified=True)

    response = sso_sign_in(client, "nhs", "new-1")

    assert response.status_code == 403
    assert "There is no account for stranger@nhs.test" in response.text
    assert "Nothing has been saved about you." in response.text
    assert signed_in_as(client) is None
    nothing_saved(users_before=1)


@pytest.mark.django_db
def test_an_email_the_provider_has_not_verified_does_not_link(
    client, providers, nhs_provider
):
    UserFactory(username="carol", email="carol@nhs.test")
    nhs_provider.add_person("carol-1", email="carol@nhs.test", email_verified=False)

    response = sso_sign_in(client, "nhs", "carol-1")

    assert response.status_code == 403
    assert "did not confirm your email address" in response.text
    assert signed_in_as(client) is None
    nothing_saved(users_before=1)


@pytest.mark.django_db
def test_the_second_provider_refuses_a_domain_it_does_not_allow(
    client, providers, charity_provider
):
    # Even an existing account is not reachable through a provider for another domain.
    UserFactory(username="dan", email="dan@nhs.test")
    charity_provider.add_person("dan-1", email="dan@nhs.test", email_verified=True)

    response = sso_sign_in(client, "charity", "dan-1")

    assert response.status_code == 403
    assert "Accounts from nhs.test cannot sign in here with Charity test login" in (
        response.text
    )
    assert signed_in_as(client) is None
    nothing_saved(users_before=1)


@pytest.mark.django_db
def test_the_second_provider_signs_in_its_own_domain(
    client, providers, charity_provider
):
    erin = UserFactory(username="erin", email="erin@charity.test")
    charity_provider.add_person(
        "erin-1", email="erin@charity.test", email_verified=True
    )

    response = sso_sign_in(client, "charity", "erin-1")

    assert response.status_code == 302
    assert signed_in_as(client) == str(erin.pk)


@pytest.mark.django_db
def test_denying_at_the_provider_signs_nobody_in(client, providers, nhs_provider):
    import httpx

    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "nhs"}))
    denied = httpx.post(start["Location"], data={"action": "deny"})
    back = urlsplit(denied.headers["location"])

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 403
    assert "did not sign you in here" in response.text
    assert signed_in_as(client) is None


@pytest.mark.django_db
def test_entra_signs_in_a_user_of_an_allowed_tenant(client, settings, icb_entra):
    use_entra(settings, icb_entra)
    fay = UserFactory(username="fay", email="fay@icb.nhs.test")
    icb_entra.add_person("fay-oid", email="fay@icb.nhs.test", xms_edov=True)

    response = sso_sign_in(client, "entra", "fay-oid")

    assert response.status_code == 302
    assert signed_in_as(client) == str(fay.pk)
    assert SocialAccount.objects.get().provider == "entra"


@pytest.mark.django_db
def test_entra_signs_in_a_user_of_the_second_allowed_tenant(
    client, settings, council_entra
):
    use_entra(settings, council_entra)
    ray = UserFactory(username="ray", email="ray@council.test")
    council_entra.add_person("ray-oid", email="ray@council.test", xms_edov=True)

    sso_sign_in(client, "entra", "ray-oid")

    assert signed_in_as(client) == str(ray.pk)


@pytest.mark.django_db
def test_entra_refuses_a_tenant_that_is_not_allowed(client, settings, stranger_entra):
    # allauth's own ID-token check refuses the issuer, before our tenant check.
    use_entra(settings, stranger_entra)
    UserFactory(username="gus", email="gus@elsewhere.test")
    stranger_entra.add_person("gus-oid", email="gus@elsewhere.test", xms_edov=True)

    response = sso_sign_in(client, "entra", "gus-oid")

    assert response.status_code == 403
    assert "Microsoft did not sign you in here" in response.text
    assert signed_in_as(client) is None
    nothing_saved(users_before=1)


@pytest.mark.django_db
def test_entra_refuses_a_token_whose_tenant_claim_is_not_allowed(
    client, settings, icb_entra
):
    # The issuer is allowed but the token names another tenant: refused all the same.
    use_entra(settings, icb_entra)
    UserFactory(username="hal", email="hal@icb.nhs.test")
    icb_entra.add_person(
        "hal-oid", email="hal@icb.nhs.test", xms_edov=True, tid=STRANGER
    )

    response = sso_sign_in(client, "entra", "hal-oid")

    assert response.status_code == 403
    assert "not set up to sign in here" in response.text
    nothing_saved(users_before=1)


@pytest.mark.django_db
def test_entra_email_the_tenant_does_not_own_does_not_link(client, settings, icb_entra):
    # Entra's plain email claim is whatever an administrator typed: not proof.
    use_entra(settings, icb_entra)
    UserFactory(username="ivy", email="ivy@icb.nhs.test")
    icb_entra.add_person("ivy-oid", email="ivy@icb.nhs.test")

    response = sso_sign_in(client, "entra", "ivy-oid")

    assert response.status_code == 403
    assert "did not confirm your email address" in response.text
    nothing_saved(users_before=1)


@pytest.mark.django_db
def test_entra_trusts_an_address_listed_as_verified_primary_email(
    client, settings, icb_entra
):
    use_entra(settings, icb_entra)
    jo = UserFactory(username="jo", email="jo@icb.nhs.test")
    icb_entra.add_person(
        "jo-oid", email="jo@icb.nhs.test", verified_primary_email=["jo@icb.nhs.test"]
    )

    response = sso_sign_in(client, "entra", "jo-oid")

    assert signed_in_as(client) == str(jo.pk)
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_sign_in_page_has_a_button_per_provider(client, providers):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    for provider_id, name in [
        ("nhs", "NHS test login"),
        ("charity", "Charity test login"),
    ]:
        action = reverse("openid_connect_login", kwargs={"provider_id": provider_id})
        assert f'action="{action}' in response.text
        assert f"Sign in with {name}</button>" in response.text


@pytest.mark.django_db
def test_the_sign_in_page_has_no_sso_section_without_providers(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}

    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    assert "your organisation's account" not in response.text
    assert reverse("openid_connect_login", kwargs={"provider_id": "nhs"}) not in (
        response.text
    )


def open_invitation(client, programme, facilitator, email: str, **changes):
    invitation, token = invitation_services.invitation_create(
        programme=programme,
        email=email,
        role=AccessRole.VIEWER,
        invited_by=facilitator,
    )
    if changes:
        Invitation.objects.filter(pk=invitation.pk).update(**changes)
    page = client.get(reverse("projects:invitation_accept", args=[token]))
    assert page.status_code in {200, 410}
    return invitation


@pytest.mark.django_db
def test_an_invitation_opened_first_makes_the_invited_account_through_sso(
    client, providers, nhs_provider, programme, facilitator
):
    invitation = open_invitation(client, programme, facilitator, "Kim@nhs.test")
    nhs_provider.add_person("kim-1", email="kim@nhs.test", email_verified=True)

    response = sso_sign_in(client, "nhs", "kim-1")

    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    kim = get_user_model().objects.get(email__iexact="kim@nhs.test")
    assert signed_in_as(client) == str(kim.pk)
    assert not kim.has_usable_password()
    assert ProgrammeMembership.objects.get(user=kim).role == AccessRole.VIEWER
    invitation.refresh_from_db()
    assert invitation.accepted_by == kim
    assert SocialAccount.objects.get().user == kim


@pytest.mark.django_db
def test_an_invitation_links_an_existing_account_and_gives_the_role(
    client, providers, nhs_provider, programme, facilitator
):
    lee = UserFactory(username="lee", email="lee@nhs.test")
    open_invitation(client, programme, facilitator, "lee@nhs.test")
    nhs_provider.add_person("lee-1", email="lee@nhs.test", email_verified=True)

    sso_sign_in(client, "nhs", "lee-1")

    assert signed_in_as(client) == str(lee.pk)
    assert ProgrammeMembership.objects.filter(user=lee).exists()


@pytest.mark.django_db
def test_an_invitation_for_another_address_is_refused_and_nothing_is_created(
    client, providers, nhs_provider, programme, facilitator
):
    invitation = open_invitation(client, programme, facilitator, "mo@nhs.test")
    nhs_provider.add_person("max-1", email="max@nhs.test", email_verified=True)
    users_before = get_user_model().objects.count()

    response = sso_sign_in(client, "nhs", "max-1")

    assert response.status_code == 403
    assert "sent to a different email address" in response.text
    nothing_saved(users_before)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_a_withdrawn_invitation_is_refused_and_nothing_is_created(
    client, providers, nhs_provider, programme, facilitator
):
    open_invitation(client, programme, facilitator, "ned@nhs.test")
    Invitation.objects.update(withdrawn_at=timezone.now())
    nhs_provider.add_person("ned-1", email="ned@nhs.test", email_verified=True)
    users_before = get_user_model().objects.count()

    response = sso_sign_in(client, "nhs", "ned-1")

    assert response.status_code == 403
    assert "withdrawn" in response.text
    nothing_saved(users_before)


@pytest.mark.django_db
def test_a_link_to_the_provider_asks_before_leaving_the_site(
    client, providers, nhs_provider
):
    url = reverse("openid_connect_login", kwargs={"provider_id": "nhs"})

    page = client.get(url)

    assert page.status_code == 200
    assert "<h1>Sign in with NHS test login</h1>" in page.text
    assert "Continue to NHS test login</button>" in page.text
    assert client.post(url)["Location"].startswith(nhs_provider.issuer)


@pytest.mark.django_db
def test_a_signed_in_person_adds_an_sso_account_to_their_own_account(
    client, providers, nhs_provider
):
    # The provider's address differs from the account's: connecting goes by who is
    # signed in, never by an email match.
    olive = UserFactory(username="olive", email="olive@home.test")
    nhs_provider.add_person("olive-1", email="olive@nhs.test", email_verified=True)
    client.force_login(olive)
    connections = client.get(reverse("socialaccount_connections"))
    assert "You do not sign in with any organisation account yet." in connections.text
    assert "Add NHS test login</button>" in connections.text

    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": "nhs"}),
        {"process": "connect"},
    )
    back = urlsplit(authorise(start["Location"], "olive-1"))
    client.get(f"{back.path}?{back.query}")

    assert SocialAccount.objects.get().user == olive
    page = client.get(reverse("socialaccount_connections"))
    assert "NHS test login: olive@nhs.test" in page.text


@pytest.mark.django_db
def test_the_account_page_links_to_the_sso_accounts_page(client, providers):
    client.force_login(UserFactory(username="pat"))

    page = client.get(reverse("site:account"))

    assert reverse("socialaccount_connections") in page.text


@pytest.mark.django_db
def test_someone_who_stops_at_the_provider_is_told_plainly(client):
    page = client.get(reverse("socialaccount_login_cancelled"))

    assert "<h1>Sign-in stopped</h1>" in page.text


@pytest.mark.django_db
def test_an_off_site_next_address_is_not_followed_after_sso(
    client, providers, nhs_provider
):
    UserFactory(username="sam", email="sam@nhs.test")
    nhs_provider.add_person("sam-1", email="sam@nhs.test", email_verified=True)
    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": "nhs"}),
        {"next": "https://evil.example/steal"},
    )
    assert "code_challenge=" in start["Location"]  # PKCE is on
    back = urlsplit(authorise(start["Location"], "sam-1"))

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
