"""Invitations by email: sending (through a real SMTP server), accepting, refusing,
withdrawing, throttling; the "may create programmes" permission; recorded member
changes; members lists by scope."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.tokens import token_hash
from projects.invitations import selectors, services
from projects.models import (
    AccessRole,
    Invitation,
    MembershipChange,
    MembershipChangeKind,
    Programme,
    ProgrammeMembership,
    ProjectMembership,
)
from tests.factories import UserFactory

LINK = re.compile(r"https?://\S+/invitations/(?P<token>[\w-]+)/")


def _invite(client, programme, email="new.person@example.org", role="viewer", **extra):
    return client.post(
        reverse("projects:programme_invite", args=[programme.slug]),
        {"email": email, "role": role},
        **extra,
    )


def _link(message) -> str:
    return LINK.search(message.get_payload(decode=True).decode()).group(0)


def _token(message) -> str:
    return LINK.search(message.get_payload(decode=True).decode()).group("token")


@pytest.fixture
def sent(client, programme, facilitator, smtp_inbox):
    """A facilitator has invited new.person@example.org to the programme."""
    client.force_login(facilitator)
    response = _invite(client, programme)
    assert response.status_code == 302
    client.logout()
    (message,) = smtp_inbox
    return message


def _waiting(programme, email="someone@example.org", role=AccessRole.VIEWER, by=None):
    return services.invitation_create(
        programme=programme, email=email, role=role, invited_by=by
    )


# Sending


def test_invitation_email_arrives_through_smtp_with_a_single_use_link(
    sent, programme, facilitator
):
    assert sent["X-Envelope-To"] == "new.person@example.org"
    assert sent["Subject"] == f"You are invited to {programme} on Coproduce"
    body = sent.get_payload(decode=True).decode()
    assert "facilitator has invited you" in body
    assert "as viewer" in body
    invitation = Invitation.objects.get()
    # Only the hash is kept: the link's token is nowhere in the row.
    token = _token(sent)
    assert invitation.token_hash == token_hash(token)
    assert token not in str(Invitation.objects.values().get())
    assert invitation.invited_by == facilitator
    assert invitation.state() == "waiting"
    assert (
        invitation.expires_at.date() == (timezone.now() + dt.timedelta(days=14)).date()
    )


def test_members_page_shows_who_invited_whom_when_and_the_state(
    client, sent, programme, facilitator
):
    client.force_login(facilitator)
    page = client.get(reverse("projects:programme_members", args=[programme.slug]))
    body = page.content.decode()
    assert "new.person@example.org" in body
    assert "Waiting" in body
    assert "Invited" in body  # the recorded change
    invitation = Invitation.objects.get()
    assert invitation.created_at.strftime("%-d %b %Y") in body


def test_outsider_cannot_invite(client, programme, outsider, smtp_inbox):
    client.force_login(outsider)
    assert _invite(client, programme).status_code == 404
    assert not Invitation.objects.exists()
    assert smtp_inbox == []


@pytest.mark.parametrize("persona", ["viewer", "commissioner", "evaluator"])
def test_members_without_facilitator_role_cannot_invite(
    client, programme, persona, request, smtp_inbox
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("projects:programme_invite", args=[programme.slug])
    assert client.get(url).status_code == 403
    assert _invite(client, programme).status_code == 403
    assert not Invitation.objects.exists()
    assert smtp_inbox == []


def test_project_facilitator_invites_to_their_project_only(
    client, project, project_facilitator, smtp_inbox
):
    client.force_login(project_facilitator)
    programme_url = reverse("projects:programme_invite", args=[project.programme.slug])
    assert client.get(programme_url).status_code == 403
    response = client.post(
        reverse("projects:project_invite", args=[project.slug]),
        {"email": "Pat@Example.org", "role": "commissioner"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.project, invitation.email) == (project, "pat@example.org")
    client.logout()
    client.post(
        _link(smtp_inbox[0]),
        {
            "username": "pat",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    pat = get_user_model().objects.get(username="pat")
    assert ProjectMembership.objects.get(user=pat).role == AccessRole.COMMISSIONER
    assert not ProgrammeMembership.objects.filter(user=pat).exists()


# Throttling: 3 sends per invited address and 20 per sender's IP in 24 hours.


def test_fourth_invitation_to_one_address_is_refused_and_sends_nothing(
    client, programme, facilitator, smtp_inbox, settings
):
    assert settings.INVITATION_SENDS_PER_ADDRESS == 3
    client.force_login(facilitator)
    statuses = [_invite(client, programme).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 200]
    page = _invite(client, programme)
    assert "Too many invitations have been sent recently" in page.content.decode()
    assert len(smtp_inbox) == 3
    assert Invitation.objects.count() == 3


def test_one_address_cannot_send_more_than_the_per_ip_limit(
    client, programme, facilitator, smtp_inbox, settings
):
    assert settings.INVITATION_SENDS_PER_IP == 20
    client.force_login(facilitator)
    here = {"REMOTE_ADDR": "203.0.113.7"}
    codes = [
        _invite(client, programme, email=f"person{i}@example.org", **here).status_code
        for i in range(21)
    ]
    assert codes == [302] * 20 + [200]
    assert len(smtp_inbox) == 20
    # Another address is not held up by the first one's limit.
    elsewhere = {"REMOTE_ADDR": "198.51.100.9"}
    assert (
        _invite(client, programme, "late@example.org", **elsewhere).status_code == 302
    )
    assert len(smtp_inbox) == 21


# Accepting


def test_accepting_makes_an_account_and_gives_the_role(client, sent, programme):
    link = _link(sent)
    page = client.get(link)
    assert page.status_code == 200
    assert "Make an account" in page.content.decode()
    response = client.post(
        link,
        {
            "full_name": "New Person",
            "username": "newperson",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert response.url == programme.get_absolute_url()
    user = get_user_model().objects.get(username="newperson")
    assert (user.email, user.first_name, user.last_name) == (
        "new.person@example.org",
        "New",
        "Person",
    )
    assert user.check_password("a-long-pass-phrase")
    assert ProgrammeMembership.objects.get(user=user).role == AccessRole.VIEWER
    invitation = Invitation.objects.get()
    assert (invitation.state(), invitation.accepted_by) == ("accepted", user)
    # Signed in as the new account.
    assert client.get(programme.get_absolute_url()).status_code == 200
    change = MembershipChange.objects.get(kind=MembershipChangeKind.ACCEPTED)
    assert (change.member, change.changed_by, change.role) == (user, user, "viewer")


def test_account_form_shows_problems_and_creates_nothing(client, sent):
    response = client.post(
        _link(sent), {"username": "", "password1": "short", "password2": "other"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in body
    assert not get_user_model().objects.filter(email="new.person@example.org").exists()
    assert Invitation.objects.get().state() == "waiting"


def test_signed_in_account_with_the_invited_address_is_linked(client, sent, programme):
    existing = UserFactory(username="np", email="New.Person@example.org")
    client.force_login(existing)
    link = _link(sent)
    assert "Accept the invitation" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert ProgrammeMembership.objects.get(user=existing).role == AccessRole.VIEWER
    assert get_user_model().objects.filter(email__iexact=existing.email).count() == 1


def test_new_account_is_refused_when_the_address_already_has_one(client, sent):
    UserFactory(username="np", email="new.person@example.org")
    response = client.post(
        _link(sent),
        {
            "username": "second",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert "already exists. Sign in with it" in response.content.decode()
    assert not get_user_model().objects.filter(username="second").exists()


def test_wrong_account_is_refused(client, sent, commissioner):
    commissioner.email = "cam@example.org"
    commissioner.save(update_fields=["email"])
    client.force_login(commissioner)
    page = client.get(_link(sent))
    assert page.status_code == 403
    assert "Accept the invitation" not in page.content.decode()
    response = client.post(_link(sent))
    assert response.status_code == 403
    assert "sent to a different email address" in response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.state() == "waiting"
    assert ProgrammeMembership.objects.get(user=commissioner).role == "commissioner"


def test_reused_link_is_refused(client, sent):
    link = _link(sent)
    data = {
        "username": "first",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }
    client.post(link, data)
    client.logout()
    for response in (
        client.get(link),
        client.post(link, {**data, "username": "second"}),
    ):
        assert response.status_code == 410
        assert "already been used" in response.content.decode()
    assert not get_user_model().objects.filter(username="second").exists()


def test_a_stale_copy_of_the_invitation_cannot_be_used_twice(programme):
    invitation, _ = _waiting(programme)
    stale = Invitation.objects.get(pk=invitation.pk)
    first = UserFactory(email="someone@example.org")
    services.invitation_accept(invitation=invitation, user=first)
    with pytest.raises(ValidationError, match="already been used"):
        services.invitation_accept(invitation=stale, user=first)
    assert MembershipChange.objects.filter(kind="accepted").count() == 1


def test_expired_link_is_refused(client, sent):
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(_link(sent))
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    user = UserFactory(email="new.person@example.org")
    with pytest.raises(ValidationError, match="expired"):
        services.invitation_accept(invitation=Invitation.objects.get(), user=user)
    assert not ProgrammeMembership.objects.filter(user=user).exists()


def test_withdrawn_link_is_refused(client, sent, facilitator, programme):
    invitation = Invitation.objects.get()
    client.force_login(facilitator)
    response = client.post(
        reverse("projects:invitation_withdraw", args=[invitation.pk])
    )
    assert response.url == reverse("projects:programme_members", args=[programme.slug])
    invitation.refresh_from_db()
    assert (invitation.state(), invitation.withdrawn_by) == ("withdrawn", facilitator)
    assert MembershipChange.objects.filter(kind="withdrawn").exists()
    client.logout()
    response = client.get(_link(sent))
    assert response.status_code == 410
    assert "has been withdrawn" in response.content.decode()


def test_unknown_link_is_refused_plainly(client, db):
    response = client.get(reverse("projects:invitation_accept", args=["not-a-token"]))
    assert response.status_code == 404
    assert "This invitation link is not recognised" in response.content.decode()


def test_opened_invitation_is_remembered_in_the_session_for_single_sign_on(
    client, sent
):
    client.get(_link(sent))
    pending = selectors.invitation_pending(client.session)
    assert pending == Invitation.objects.get()
    Invitation.objects.update(withdrawn_at=timezone.now())
    assert selectors.invitation_pending(client.session) is None


# Starting programmes


def test_may_create_programmes_permission_lets_a_person_start_one(client, db):
    person = UserFactory(username="lead")
    client.force_login(person)
    url = reverse("projects:programme_create")
    assert client.get(url).status_code == 403
    person.user_permissions.add(Permission.objects.get(codename="create_programme"))
    client.force_login(get_user_model().objects.get(pk=person.pk))
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Healthy Places", "slug": "healthy-places"})
    assert response.status_code == 302
    programme = Programme.objects.get(slug="healthy-places")
    assert ProgrammeMembership.objects.get(programme=programme).user == person
    assert ProgrammeMembership.objects.get(programme=programme).role == "facilitator"
    change = MembershipChange.objects.get(programme=programme)
    assert (change.kind, change.changed_by) == ("added", person)


def test_permission_is_named_for_admin(db):
    permission = Permission.objects.get(codename="create_programme")
    assert permission.name == "May create programmes"
    assert permission.content_type.model == "programme"


# Member changes


def test_role_change_and_removal_are_recorded_and_listed(
    client, programme, facilitator, commissioner
):
    client.force_login(facilitator)
    membership = ProgrammeMembership.objects.get(user=commissioner)
    client.post(
        reverse("projects:programme_member_role", args=[programme.slug, membership.pk]),
        {"role": "evaluator"},
    )
    membership.refresh_from_db()
    assert membership.role == "evaluator"
    client.post(
        reverse(
            "projects:programme_member_remove", args=[programme.slug, membership.pk]
        )
    )
    assert not ProgrammeMembership.objects.filter(user=commissioner).exists()
    changes = list(
        MembershipChange.objects.filter(member=commissioner)
        .order_by("pk")
        .values_list("kind", "previous_role", "role", "changed_by__username")
    )
    assert changes == [
        ("role_changed", "commissioner", "evaluator", "facilitator"),
        ("removed", "evaluator", "", "facilitator"),
    ]
    body = client.get(
        reverse("projects:programme_members", args=[programme.slug])
    ).content.decode()
    assert "Role changed" in body and "Access removed" in body
    assert "Commissioner → Evaluator" in body


def test_giving_an_existing_account_access_is_recorded(
    client, project, facilitator, commissioner
):
    client.force_login(facilitator)
    client.post(
        reverse("projects:project_members", args=[project.slug]),
        {"login": "commissioner", "role": "facilitator"},
    )
    change = MembershipChange.objects.get(project=project)
    assert (change.kind, change.member, change.changed_by) == (
        "added",
        commissioner,
        facilitator,
    )


def test_commissioner_cannot_change_roles(client, programme, commissioner, viewer):
    client.force_login(commissioner)
    membership = ProgrammeMembership.objects.get(user=viewer)
    url = reverse(
        "projects:programme_member_role", args=[programme.slug, membership.pk]
    )
    assert client.post(url, {"role": "facilitator"}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == "viewer"


# Members lists by scope


def test_project_member_sees_project_members_not_the_programmes(
    client, project, commissioner
):
    only_project = UserFactory(username="only-project")
    ProjectMembership.objects.create(
        user=only_project, project=project, role=AccessRole.VIEWER
    )
    client.force_login(only_project)
    programme_url = reverse("projects:programme_members", args=[project.programme.slug])
    assert client.get(programme_url).status_code == 403
    page = client.get(reverse("projects:project_members", args=[project.slug]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "only-project" in body
    assert "commissioner" not in body  # a programme member, not on this project's list
    assert programme_url not in body
    detail = client.get(project.programme.get_absolute_url()).content.decode()
    assert programme_url not in detail


def test_programme_member_sees_the_programme_list(client, programme, commissioner):
    client.force_login(commissioner)
    page = client.get(reverse("projects:programme_members", args=[programme.slug]))
    assert page.status_code == 200
    assert "commissioner" in page.content.decode()
    assert "Invitations" not in page.content.decode()  # facilitators only


# Query budgets


@pytest.mark.parametrize("rows", [2, 25])
def test_programme_members_page_queries_do_not_grow(
    client, programme, project, facilitator, django_assert_max_num_queries, rows
):
    for i in range(rows):
        person = UserFactory(username=f"member{i}", email=f"m{i}@example.org")
        services.membership_grant(
            programme=programme, user=person, role="viewer", by=facilitator
        )
        _waiting(programme, email=f"i{i}@example.org", by=facilitator)
    client.force_login(facilitator)
    # session, user, programme, role on it, members, invitations, changes.
    with django_assert_max_num_queries(7):
        page = client.get(reverse("projects:programme_members", args=[programme.slug]))
    assert page.status_code == 200


@pytest.mark.parametrize("rows", [2, 25])
def test_project_members_page_queries_do_not_grow(
    client, project, facilitator, django_assert_max_num_queries, rows
):
    for i in range(rows):
        person = UserFactory(username=f"member{i}", email=f"m{i}@example.org")
        services.membership_grant(
            programme=project.programme,
            project=project,
            user=person,
            role="viewer",
            by=facilitator,
        )
        services.invitation_create(
            programme=project.programme,
            project=project,
            email=f"i{i}@example.org",
            role="viewer",
            invited_by=facilitator,
        )
    client.force_login(facilitator)
    # session, user, project, 3 for the role on it (programme, project, evaluator
    # anywhere in the programme), programme role (for the programme-list link),
    # members, invitations, changes.
    with django_assert_max_num_queries(10):
        page = client.get(reverse("projects:project_members", args=[project.slug]))
    assert page.status_code == 200


def test_accepting_into_a_programme_that_asks_for_a_second_step_leads_to_set_up(
    client, sent, programme
):
    programme.require_mfa = True
    programme.save(update_fields=["require_mfa"])
    response = client.post(
        _link(sent),
        {
            "full_name": "New Person",
            "username": "newperson",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.url == reverse("mfa_index")
    # Other pages send the new member back to set up a second step.
    held = client.get(programme.get_absolute_url())
    assert (held.status_code, held.url) == (302, reverse("mfa_index"))
