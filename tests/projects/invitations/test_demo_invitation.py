from django.contrib.auth import get_user_model
from django.urls import reverse

from evaluation.demo.projects import PROGRAMME_SLUG, demo_load
from projects.models import Invitation


def test_demo_shows_one_invitation_waiting_on_the_members_page(db, client):
    demo_load()
    demo_load()  # loading again does not add a second one
    (invitation,) = Invitation.objects.all()
    assert (invitation.email, invitation.state()) == ("pat@example.org", "waiting")
    assert invitation.invited_by.username == "fran"
    client.force_login(get_user_model().objects.get(username="fran"))
    page = client.get(reverse("projects:programme_members", args=[PROGRAMME_SLUG]))
    body = page.content.decode()
    assert "pat@example.org" in body and "Waiting" in body
