"""People's communication needs: recorded on their page, read by the functions the
participant pages use, ticked off as arranged, and listed when still unmet."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.concurrency import CONFLICT_MESSAGE, EditConflict
from projects.communication import selectors, services
from projects.models import (
    Activity,
    ActivityKind,
    Attendance,
    CommunicationNeeds,
    NeedArrangement,
)
from tests.factories import StakeholderFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def needs_for(person, **values) -> CommunicationNeeds:
    return CommunicationNeeds.objects.create(stakeholder=person, **values)


def form_data(**values) -> dict:
    data = {
        "needs-formats": [],
        "needs-format_other": "",
        "needs-language": "",
        "needs-language_other": "",
        "needs-contact_method": "",
        "needs-meeting_access": "",
        "needs-supporter": "",
        "needs-edit_version": "0",
    }
    data.update({f"needs-{k}": v for k, v in values.items()})
    return data


@pytest.mark.django_db
def test_preferred_language_is_english_when_nothing_is_recorded(stakeholder):
    assert selectors.preferred_language(stakeholder) == "en"
    assert selectors.preferred_language(None) == "en"
    assert selectors.prefers_easy_read(stakeholder) is False
    assert selectors.prefers_easy_read(None) is False


@pytest.mark.django_db
def test_a_welsh_speaker_gets_welsh_and_another_language_falls_back_to_english(
    programme,
):
    welsh = StakeholderFactory(programme=programme)
    needs_for(welsh, language="cy")
    polish = StakeholderFactory(programme=programme)
    needs_for(polish, language="other", language_other="Polish")

    assert selectors.preferred_language(welsh) == "cy"
    assert selectors.preferred_language(polish) == "en"


@pytest.mark.django_db
def test_prefers_easy_read_only_when_easy_read_is_one_of_their_formats(programme):
    reader = StakeholderFactory(programme=programme)
    needs_for(reader, formats=["large_print", "easy_read"])
    signer = StakeholderFactory(programme=programme)
    needs_for(signer, formats=["bsl"])

    assert selectors.prefers_easy_read(reader) is True
    assert selectors.prefers_easy_read(signer) is False


def test_a_facilitator_records_needs_on_the_persons_page(
    facilitator, stakeholder, django_assert_max_num_queries
):
    client = signed_in(facilitator)
    page = reverse("projects:stakeholder_edit", args=[stakeholder.pk])
    assert "Record their needs" in client.get(page).content.decode()

    response = client.post(
        reverse("projects:communication_needs_edit", args=[stakeholder.pk]),
        form_data(
            formats=["easy_read", "bsl"],
            language="cy",
            contact_method="supporter",
            meeting_access="Step-free room and breaks every hour",
            supporter="Her sister Megan, 07700 900123",
        ),
    )

    assert response.status_code == 302
    needs = CommunicationNeeds.objects.get(stakeholder=stakeholder)
    assert needs.formats == ["easy_read", "bsl"]
    assert needs.language == "cy"
    assert needs.updated_by == facilitator
    # Session, user, person, needs, arrangements, involvements, messages...
    with django_assert_max_num_queries(12):
        body = client.get(page).content.decode()
    assert "Communication needs: Easy read, British Sign Language (BSL), Welsh" in body
    assert "contact: through a supporter" in body


def test_other_format_without_saying_which_redisplays_the_form_with_the_text(
    facilitator, stakeholder
):
    response = signed_in(facilitator).post(
        reverse("projects:communication_needs_edit", args=[stakeholder.pk]),
        form_data(formats=["other"], meeting_access="A quiet room please"),
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Say which other format they need." in body
    assert "A quiet room please</textarea>" in body
    assert not CommunicationNeeds.objects.exists()


def test_two_people_saving_needs_at_once_the_second_is_refused_keeping_their_text(
    facilitator, project_facilitator, stakeholder
):
    needs_for(stakeholder, formats=["large_print"])
    url = reverse("projects:communication_needs_edit", args=[stakeholder.pk])
    ann, bob = signed_in(facilitator), signed_in(project_facilitator)

    first = ann.post(url, form_data(formats=["braille"], **{"edit_version": "1"}))
    second = bob.post(
        url,
        form_data(formats=["audio"], supporter="Dad", **{"edit_version": "1"}),
    )

    assert first.status_code == 302
    assert second.status_code == 200
    body = second.content.decode()
    assert CONFLICT_MESSAGE in body
    assert "The version saved by someone else" in body and "Braille" in body
    assert "Dad</textarea>" in body
    assert CommunicationNeeds.objects.get().formats == ["braille"]


@pytest.mark.django_db
def test_a_form_opened_before_the_first_record_cannot_overwrite_it(stakeholder):
    services.communication_needs_save(
        stakeholder=stakeholder, data={"formats": ["audio"]}, seen_version=0, user=None
    )
    fresh = type(stakeholder).objects.get(pk=stakeholder.pk)
    # A second form opened before the first record existed (version 0).
    with pytest.raises(EditConflict):
        services.communication_needs_save(
            stakeholder=fresh, data={"formats": ["bsl"]}, seen_version=0, user=None
        )
    assert CommunicationNeeds.objects.get().formats == ["audio"]


def _upcoming_workshop(project, *people):
    activity = Activity.objects.create(
        project=project,
        held_on=timezone.localdate() + dt.timedelta(days=7),
        kind=ActivityKind.WORKSHOP,
        title="Design workshop",
    )
    for person in people:
        Attendance.objects.create(
            activity=activity, stakeholder=person, role_category=person.role_category
        )
    return activity


def test_unmet_needs_lists_people_invited_to_what_is_coming_until_ticked(
    facilitator, project, programme, django_assert_max_num_queries
):
    signer = StakeholderFactory(programme=programme, display_name="Sam Signer")
    needs_for(signer, formats=["bsl"], meeting_access="Interpreter in view")
    not_invited = StakeholderFactory(programme=programme, display_name="Nia Absent")
    needs_for(not_invited, formats=["braille"])
    no_needs = StakeholderFactory(programme=programme, display_name="Noel Nothing")
    _upcoming_workshop(project, signer, no_needs)
    client = signed_in(facilitator)
    url = reverse("projects:unmet_needs", args=[programme.slug])

    # Session, user, programme, access, one per invitation source, needs, ticks.
    with django_assert_max_num_queries(12):
        body = client.get(url).content.decode()
    assert "Sam Signer" in body and "British Sign Language (BSL)" in body
    assert "Access needs at meetings" in body and "Design workshop" in body
    assert "Nia Absent" not in body and "Noel Nothing" not in body

    response = client.post(
        reverse("projects:need_arranged", args=[signer.pk]),
        {"need": "bsl", "note": "Interpreter booked", "back": "unmet"},
    )
    assert response.status_code == 302 and response.url == url
    tick = NeedArrangement.objects.get(need="bsl")
    assert tick.arranged_by == facilitator and tick.note == "Interpreter booked"
    body = client.get(url).content.decode()
    assert "British Sign Language (BSL)" not in body
    assert "Access needs at meetings" in body  # still not arranged

    client.post(
        reverse("projects:need_arranged", args=[signer.pk]),
        {"need": "meeting", "back": "unmet"},
    )
    assert f'id="person-{signer.pk}"' not in client.get(url).content.decode()


def test_unmet_needs_query_count_does_not_grow_with_people(
    facilitator, project, programme, django_assert_max_num_queries
):
    people = [StakeholderFactory(programme=programme) for _ in range(15)]
    for person in people:
        needs_for(person, formats=["easy_read"], language="cy")
    _upcoming_workshop(project, *people)
    client = signed_in(facilitator)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("projects:unmet_needs", args=[programme.slug]))
    assert (
        body.content.decode().count(
            '<strong><span aria-hidden="true">!</span> Welsh language'
        )
        == 15
    )


def test_past_activities_do_not_put_people_on_the_unmet_list(
    facilitator, project, programme
):
    person = StakeholderFactory(programme=programme, display_name="Pat Past")
    needs_for(person, formats=["audio"])
    activity = _upcoming_workshop(project, person)
    Activity.objects.filter(pk=activity.pk).update(
        held_on=timezone.localdate() - dt.timedelta(days=1)
    )
    body = signed_in(facilitator).get(
        reverse("projects:unmet_needs", args=[programme.slug])
    )
    assert "Pat Past" not in body.content.decode()


@pytest.mark.django_db
def test_a_tick_goes_when_the_need_is_no_longer_recorded(stakeholder, facilitator):
    needs = needs_for(stakeholder, formats=["audio", "bsl"])
    services.need_arrange(needs=needs, need="audio", user=facilitator)
    services.need_arrange(needs=needs, need="bsl", user=facilitator)

    services.communication_needs_save(
        stakeholder=stakeholder,
        data={"formats": ["bsl"]},
        seen_version=needs.edit_version,
        user=facilitator,
    )

    assert list(NeedArrangement.objects.values_list("need", flat=True)) == ["bsl"]


def test_the_programme_page_links_facilitators_to_the_unmet_list(
    facilitator, commissioner, programme
):
    url = reverse("projects:unmet_needs", args=[programme.slug])
    page = reverse("projects:programme_detail", args=[programme.slug])
    assert url in signed_in(facilitator).get(page).content.decode()
    assert url not in signed_in(commissioner).get(page).content.decode()
    assert signed_in(commissioner).get(url).status_code == 403


@pytest.mark.django_db
def test_erasing_a_person_removes_their_needs_and_ticks(stakeholder, facilitator):
    from evaluation.privacy.services import stakeholder_erase

    needs = needs_for(stakeholder, formats=["bsl"], supporter="Interpreter: Jo")
    services.need_arrange(needs=needs, need="bsl", user=facilitator)

    record = stakeholder_erase(stakeholder=stakeholder, by=facilitator)

    assert not CommunicationNeeds.objects.exists()
    assert not NeedArrangement.objects.exists()
    assert record.summary["communication needs removed"] == 1
