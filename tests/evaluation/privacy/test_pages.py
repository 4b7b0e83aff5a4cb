"""Who may reach the personal-data pages, and what the pages cost."""

import pytest
from django.urls import reverse

from evaluation.models import JobStatus, SubjectAccessJob
from evaluation.privacy import services
from projects.models import AccessRole, ProgrammeMembership
from tests.factories import UserFactory


@pytest.mark.parametrize("role", ["facilitator", "evaluator"])
def test_programme_facilitators_and_evaluators_reach_the_pages(
    client, request, person, role
):
    client.force_login(request.getfixturevalue(role))
    for name in ("evaluation:person_data", "evaluation:person_erase"):
        assert client.get(reverse(name, args=[person.pk])).status_code == 200
    url = reverse("evaluation:programme_personal_data", args=[person.programme.slug])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["commissioner", "viewer", "project_facilitator"])
def test_other_members_are_refused_and_nothing_changes(client, request, person, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("evaluation:person_erase", args=[person.pk]),
        {"confirm": person.display_name},
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("evaluation:person_data", args=[person.pk])).status_code
        == 403
    )
    person.refresh_from_db()
    assert not person.is_erased
    assert not SubjectAccessJob.objects.exists()


def test_outsiders_get_404_for_the_person_and_the_job(client, outsider, person):
    job = SubjectAccessJob.objects.create(
        programme=person.programme, stakeholder=person
    )
    client.force_login(outsider)
    for url in (
        reverse("evaluation:person_data", args=[person.pk]),
        reverse("evaluation:person_erase", args=[person.pk]),
        reverse("evaluation:subject_access_job", args=[job.pk]),
        reverse("evaluation:subject_access_download", args=[job.pk]),
    ):
        assert client.get(url).status_code == 404


def test_the_person_page_offers_the_actions_to_facilitators_only(
    client, facilitator, project_facilitator, person
):
    url = reverse("projects:stakeholder_edit", args=[person.pk])
    client.force_login(facilitator)
    body = client.get(url).content.decode()
    assert reverse("evaluation:person_data", args=[person.pk]) in body
    assert reverse("evaluation:person_erase", args=[person.pk]) in body
    client.force_login(project_facilitator)
    body = client.get(url).content.decode()
    assert reverse("evaluation:person_erase", args=[person.pk]) not in body


def test_the_breadcrumb_links_the_person_page_only_for_those_who_may_open_it(
    client, facilitator, evaluator, person
):
    person_page = reverse("projects:stakeholder_edit", args=[person.pk])
    data_page = reverse("evaluation:person_data", args=[person.pk])
    client.force_login(facilitator)
    assert f'href="{person_page}"' in client.get(data_page).content.decode()
    client.force_login(evaluator)
    body = client.get(data_page).content.decode()
    assert f'href="{person_page}"' not in body
    assert person.display_name in body
    assert client.get(person_page).status_code == 403


def test_evaluators_find_the_personal_data_from_the_project_people(
    client, evaluator, person, project
):
    client.force_login(evaluator)
    body = client.get(
        reverse("projects:project_stakeholders", args=[project.slug])
    ).content.decode()
    assert reverse("evaluation:person_data", args=[person.pk]) in body


def test_the_programme_page_links_to_the_settings(
    client, evaluator, commissioner, programme
):
    url = reverse("evaluation:programme_personal_data", args=[programme.slug])
    client.force_login(evaluator)
    assert url in client.get(programme.get_absolute_url()).content.decode()
    client.force_login(commissioner)
    assert url not in client.get(programme.get_absolute_url()).content.decode()


def test_asking_on_the_page_makes_the_job_and_shows_its_page(
    client, django_capture_on_commit_callbacks, evaluator, person
):
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:person_data", args=[person.pk]))
    job = SubjectAccessJob.objects.get()
    assert response.url == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Download the zip file" in page
    assert job.status == JobStatus.DONE


def test_a_pending_job_page_polls_its_status(client, evaluator, person):
    job, _ = services.subject_access_request(stakeholder=person, user=evaluator)
    client.force_login(evaluator)
    page = client.get(job.get_absolute_url()).content.decode()
    status_url = reverse("evaluation:subject_access_job_status", args=[job.pk])
    assert f'hx-get="{status_url}"' in page
    assert "Waiting to start" in client.get(status_url).content.decode()


def test_the_person_data_page_has_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, evaluator, person
):
    for _ in range(15):
        SubjectAccessJob.objects.create(
            programme=person.programme, stakeholder=person, status="done"
        )
    client.force_login(evaluator)
    # session and user, the person (visibility), the access role, the jobs with
    # who asked, the erasure record, messages
    with django_assert_max_num_queries(10):
        response = client.get(reverse("evaluation:person_data", args=[person.pk]))
    assert response.status_code == 200


def test_the_settings_page_has_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, facilitator, programme, person
):
    other = UserFactory(username="eraser")
    ProgrammeMembership.objects.create(
        user=other, programme=programme, role=AccessRole.EVALUATOR
    )
    services.stakeholder_erase(stakeholder=person, by=other)
    client.force_login(facilitator)
    url = reverse("evaluation:programme_personal_data", args=[programme.slug])
    # session and user, the programme, the access role (twice), the programme
    # again, the erasures with who erased
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_erase_page_has_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, footprint, facilitator, person, project
):
    from tests.evaluation.evidence.factories import QuoteFactory

    for n in range(30):
        QuoteFactory(project=project, text=f"{person.display_name} said {n}")
    client.force_login(facilitator)
    # session and user, the person, the access role, the quote rule, the documents,
    # seven counts, three lists of records naming them
    with django_assert_max_num_queries(20):
        response = client.get(reverse("evaluation:person_erase", args=[person.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("quote ") >= 20
