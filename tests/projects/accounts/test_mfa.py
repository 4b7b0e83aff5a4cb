"""The second sign-in step: who must set one up, enrolment of an authenticator app
with codes computed by pyotp, sign-in with a code or a recovery code, and admin
sign-in through the same flow."""

import time

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from projects.forms import ProgrammeForm
from projects.models import AccessRole, ProgrammeMembership, ProjectMembership
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


def sign_in(client, login, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def code(secret: str, *, step: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * step)


@pytest.fixture
def staff(db):
    return UserFactory(username="stella", is_staff=True, password=PASSWORD)


@pytest.fixture
def enrolled_staff(staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    RecoveryCodes.activate(staff)
    staff.totp_secret = secret
    return staff


def test_staff_are_led_to_enrolment_and_kept_there_until_they_enrol(client, staff):
    response = sign_in(client, "stella")
    assert response.url == reverse("mfa_index")
    page = client.get(response.url).content.decode()
    assert "Set up a second sign-in step to go on" in page
    for url in (reverse("projects:project_list"), reverse("home"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_index")

    # Enrol an authenticator app with a code worked out as the phone app would;
    # allauth asks for the password again before a change to how one signs in.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    assert "Confirm it is you" in client.get(response.url).content.decode()
    response = client.post(response.url, {"password": PASSWORD})
    assert response.url == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert "Set up an authenticator app" in page.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200 and not Authenticator.objects.exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": code(secret)})
    assert response.status_code == 302
    assert set(Authenticator.objects.values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }
    assert client.get(reverse("projects:project_list")).status_code == 200


def test_a_superuser_is_led_to_enrolment_too(client, db):
    UserFactory(username="root", is_staff=True, is_superuser=True, password=PASSWORD)
    assert sign_in(client, "root").url == reverse("mfa_index")
    assert client.get("/admin/").url == reverse("mfa_index")


def test_members_of_a_programme_that_asks_for_it_must_enrol(client, programme, project):
    member = UserFactory(username="pat", password=PASSWORD)
    ProgrammeMembership.objects.create(
        user=member, programme=programme, role=AccessRole.VIEWER
    )
    project_member = UserFactory(username="pip", password=PASSWORD)
    ProjectMembership.objects.create(
        user=project_member, project=project, role=AccessRole.VIEWER
    )
    # Without the setting, nobody is asked.
    assert sign_in(client, "pat").url == reverse("home")
    client.post(reverse("account_logout"))
    programme.require_mfa = True
    programme.save(update_fields=["require_mfa"])
    for login in ("pat", "pip"):
        assert sign_in(client, login).url == reverse("mfa_index")
        assert client.get(reverse("projects:project_list")).url == reverse("mfa_index")
        client.post(reverse("account_logout"))


def test_the_programme_form_offers_the_setting(db):
    field = ProgrammeForm().fields["require_mfa"]
    assert field.label == "Members must use a second sign-in step"
    assert ProgrammeForm({"name": "P", "slug": "p", "require_mfa": "on"}).is_valid()


def test_sign_in_asks_for_the_app_code_and_accepts_a_right_one(
    client, enrolled_staff, settings
):
    settings.MFA_TOTP_TOLERANCE = 1
    response = sign_in(client, "stella")
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(
        reverse("mfa_authenticate"), {"code": code(enrolled_staff.totp_secret)}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(enrolled_staff.pk)
    assert client.get(reverse("projects:project_list")).status_code == 200


def test_a_recovery_code_works_once(client, enrolled_staff):
    spare = RecoveryCodes(
        Authenticator.objects.get(user=enrolled_staff, type="recovery_codes")
    ).get_unused_codes()[0]
    sign_in(client, "stella")
    response = client.post(reverse("mfa_authenticate"), {"code": spare})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(enrolled_staff.pk)
    client.post(reverse("account_logout"))
    sign_in(client, "stella")
    response = client.post(reverse("mfa_authenticate"), {"code": spare})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_admin_sign_in_goes_through_the_same_two_steps(client, enrolled_staff):
    # Admin's own sign-in page sends people to the site's sign-in.
    response = client.get("/admin/")
    assert response.url == "/admin/login/?next=/admin/"
    response = client.get(response.url)
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2F"
    response = client.post(
        response.url, {"login": "stella", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.url.startswith(reverse("mfa_authenticate"))
    response = client.post(
        reverse("mfa_authenticate"), {"code": code(enrolled_staff.totp_secret)}
    )
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_someone_who_must_use_a_second_step_cannot_remove_their_last_one(
    client, enrolled_staff, settings
):
    settings.MFA_TOTP_TOLERANCE = 1
    sign_in(client, "stella")
    client.post(reverse("mfa_authenticate"), {"code": code(enrolled_staff.totp_secret)})
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=enrolled_staff, type="totp").exists()


def test_people_who_need_no_second_step_are_not_asked(client, db):
    UserFactory(username="sam", password=PASSWORD)
    assert sign_in(client, "sam").url == reverse("home")
    assert client.get(reverse("projects:project_list")).status_code == 200


SIGNED_IN_PAGES = [
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_list_webauthn",
    "mfa_add_webauthn",
    "account_change_password",
]


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_sign_in_security_pages_send_anonymous_people_to_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_nobody_can_touch_another_persons_passkey(client, enrolled_staff, db):
    key = Authenticator.objects.create(
        user=enrolled_staff, type=Authenticator.Type.WEBAUTHN, data={"name": "Key"}
    )
    UserFactory(username="other", password=PASSWORD)
    sign_in(client, "other")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    for name in ("mfa_remove_webauthn", "mfa_edit_webauthn"):
        assert client.get(reverse(name, args=[key.pk])).status_code == 404
        assert client.post(reverse(name, args=[key.pk])).status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


def test_a_demo_user_signs_in_with_the_printed_password_and_no_second_step(
    client, transactional_db, settings, tmp_path
):
    from django.core.management import call_command

    from evaluation.demo.projects import DEMO_PASSWORD, DEMO_USERS

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", force=True)
    for username, *_ in DEMO_USERS:
        response = sign_in(client, username, DEMO_PASSWORD)
        assert response.url == reverse("home"), username
        assert client.get(reverse("projects:project_list")).status_code == 200
        client.post(reverse("account_logout"))
