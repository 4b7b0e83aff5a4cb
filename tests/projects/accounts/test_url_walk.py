"""Walk every sign-in page that django-allauth adds (they have no namespace, so the
main walk in tests/test_url_permissions.py does not list them)."""

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

PREFIXES = ("account_", "mfa_", "socialaccount_", "usersessions_")

# Pages anyone may open: signing in and getting back into an account.
PUBLIC = {
    "account_login",
    "account_inactive",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_email_verification_sent",
    "mfa_login_webauthn",
    "mfa_signup_webauthn",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
}


def allauth_url_names() -> list[str]:
    names = {
        key
        for key in get_resolver().reverse_dict
        if isinstance(key, str) and key.startswith(PREFIXES)
    }
    plain = []
    for name in sorted(names):
        try:
            reverse(name)
        except NoReverseMatch:
            continue  # needs a key or id; reached only from a page below
        plain.append(name)
    return plain


def test_the_walk_finds_the_sign_in_pages():
    names = allauth_url_names()
    assert {"account_login", "mfa_index", "account_change_password"} <= set(names)


@pytest.mark.parametrize("name", allauth_url_names())
def test_anonymous_people_reach_only_the_public_sign_in_pages(db, client, name):
    response = client.get(reverse(name))
    if name in PUBLIC:
        # 401: allauth's "could not sign you in" page says so in its status too.
        assert response.status_code in {200, 302, 401, 405}
        return
    assert response.status_code in {302, 405}, name
    if response.status_code == 302:
        final = client.get(reverse(name), follow=True).redirect_chain[-1][0]
        assert final.startswith(reverse("account_login")), final


@pytest.mark.parametrize("name", sorted(set(allauth_url_names()) - PUBLIC))
def test_a_signed_in_person_sees_only_their_own_account(
    client, outsider, facilitator, name
):
    """Another person's email address never shows on someone's account pages."""
    client.force_login(outsider)
    response = client.get(reverse(name))
    assert response.status_code in {200, 302, 404, 405}
    if response.status_code == 200:
        body = response.content.decode()
        if facilitator.email:
            assert facilitator.email not in body
        assert f"{facilitator.get_username()}:" not in body
