"""Importing a project's people from a spreadsheet: preview, confirm, re-import."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.imports import services
from evaluation.models import ImportJob, ImportKind, ImportStatus
from projects.models import ProjectStakeholder, Stakeholder
from tests.evaluation.imports.helpers import PEOPLE_HEADER, csv_upload, xlsx_upload
from tests.factories import OrganisationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

GOOD_AND_BAD = [
    PEOPLE_HEADER,
    [
        "Amira Khan",
        "Patient representative",
        "Riverside Trust",
        "amira@example.org",
        "no",
    ],
    ["Dev Patel", "Commissioners", "", "DEV@example.org", ""],
    ["", "Clinician", "", "", ""],  # row 4: no name
    ["Sam Reid", "Astronaut", "", "", ""],  # row 5: unknown role
    ["Jo Bloggs", "Artist", "Nowhere Ltd", "not-an-email", "maybe"],  # row 6
    ["Amira K", "Artist", "", "amira@example.org", ""],  # row 7: same email as row 2
]


@pytest.fixture
def riverside(db):
    return OrganisationFactory(name="Riverside Trust")


def _start(project, facilitator, rows, name="people.xlsx"):
    return services.import_start(
        kind=ImportKind.PEOPLE,
        programme=project.programme,
        project=project,
        uploaded=xlsx_upload(rows, name),
        user=facilitator,
    )


def _rows(job):
    return {r["row"]: r for r in job.data.rows}


def test_preview_says_what_each_row_will_do_and_writes_nothing(
    project, facilitator, riverside
):
    job = _start(project, facilitator, GOOD_AND_BAD)
    assert job.status == ImportStatus.READY
    assert job.summary == {"create": 2, "change": 0, "same": 0, "skip": 4}
    rows = _rows(job)
    assert rows[2]["action"] == rows[3]["action"] == "create"
    assert rows[4]["problems"] == ["The name is empty."]
    assert rows[5]["problems"] == ["“Astronaut” is not a role we know."]
    assert len(rows[6]["problems"]) == 3
    assert "No organisation called “Nowhere Ltd”" in rows[6]["problems"][0]
    assert rows[7]["problems"] == ["The same person as row 2."]
    assert not Stakeholder.objects.exists()


def test_confirm_creates_exactly_the_previewed_rows(project, facilitator, riverside):
    job = _start(project, facilitator, GOOD_AND_BAD)
    job = services.import_confirm(job=job, user=facilitator)
    assert job.status == ImportStatus.DONE
    assert job.result == {"created": 2, "changed": 0, "refused": 0}
    amira = Stakeholder.objects.get(email="amira@example.org")
    assert (amira.role_category, amira.organisation) == ("patient_rep", riverside)
    dev = Stakeholder.objects.get(display_name="Dev Patel")
    assert (dev.role_category, dev.email) == ("commissioner", "dev@example.org")
    assert ProjectStakeholder.objects.filter(project=project).count() == 2
    # Names and emails are not kept in the finished job.
    assert "amira" not in str(job.data.rows).lower()


def test_the_same_file_imported_again_changes_nothing(project, facilitator, riverside):
    services.import_confirm(
        job=_start(project, facilitator, GOOD_AND_BAD), user=facilitator
    )
    before = list(Stakeholder.objects.values().order_by("pk"))
    again = _start(project, facilitator, GOOD_AND_BAD)
    assert again.summary == {"create": 0, "change": 0, "same": 2, "skip": 4}
    again = services.import_confirm(job=again, user=facilitator)
    assert again.result == {"created": 0, "changed": 0, "refused": 0}
    assert list(Stakeholder.objects.values().order_by("pk")) == before


def test_a_changed_row_updates_the_person_and_adds_them_to_the_project(
    project, facilitator
):
    person = StakeholderFactory(
        programme=project.programme,
        display_name="Lee Wong",
        role_category="clinician",
        email="lee@example.org",
    )
    job = _start(
        project,
        facilitator,
        [PEOPLE_HEADER, ["Lee Wong", "Health provider", "", "Lee@Example.org", ""]],
    )
    (row,) = job.data.rows
    assert row["action"] == "change"
    assert row["changes"] == [
        "Role: clinician → health_provider",
        "Added to this project",
    ]
    services.import_confirm(job=job, user=facilitator)
    person.refresh_from_db()
    assert person.role_category == "health_provider"
    assert person.edit_version == 2
    assert ProjectStakeholder.objects.filter(
        project=project, stakeholder=person
    ).exists()


def test_an_edit_after_the_preview_is_not_overwritten(
    project, facilitator, stakeholder
):
    stakeholder.email = "ann@example.org"
    stakeholder.save(update_fields=["email"])
    job = _start(
        project,
        facilitator,
        [PEOPLE_HEADER, ["Ann Example", "Artist", "", "ann@example.org", ""]],
    )
    Stakeholder.objects.filter(pk=stakeholder.pk).update(edit_version=7)
    job = services.import_confirm(job=job, user=facilitator)
    assert job.result["refused"] == 1
    assert "Changed by someone else after the preview" in job.data.rows[0]["outcome"]
    stakeholder.refresh_from_db()
    assert stakeholder.role_category != "artist"


def test_a_csv_file_with_the_templates_comment_row_keeps_spreadsheet_row_numbers(
    project, facilitator
):
    upload = csv_upload(
        [
            PEOPLE_HEADER,
            ["# Delete this line if you like", "", "", "", ""],
            ["Ola Nowak", "Young person", "", "", ""],
            ["Pat", "", "", "", ""],
        ]
    )
    job = services.import_start(
        kind=ImportKind.PEOPLE,
        programme=project.programme,
        project=project,
        uploaded=upload,
        user=facilitator,
    )
    rows = _rows(job)
    assert sorted(rows) == [3, 4]
    assert rows[4]["problems"] == ["The role is empty."]


def test_a_missing_column_blocks_the_import(project, facilitator):
    job = _start(project, facilitator, [["Name", "Email"], ["Kim", "k@example.org"]])
    assert job.file_problems and "Missing: Role" in job.file_problems[0]
    assert not job.may_confirm
    with pytest.raises(ValidationError, match="cannot be imported"):
        services.import_confirm(job=job, user=facilitator)


def test_upload_preview_and_confirm_through_the_pages(client, facilitator, project):
    client.force_login(facilitator)
    url = reverse("evaluation:import_people", args=[project.slug])
    assert "Download the template (Excel)" in client.get(url).content.decode()
    response = client.post(url, {"file": xlsx_upload(GOOD_AND_BAD)})
    job = ImportJob.objects.get()
    assert response.url == reverse(
        "evaluation:import_job", args=[project.programme.slug, job.pk]
    )
    body = client.get(response.url).content.decode()
    assert "Rows with problems are skipped" in body
    assert "<strong>Row 4</strong>" in body and "The name is empty." in body
    # Amira's organisation is unknown here, so row 7 (her email) is the new person.
    assert "Confirm: import 2 rows" in body
    client.post(
        reverse("evaluation:import_confirm", args=[project.programme.slug, job.pk])
    )
    assert Stakeholder.objects.filter(display_name="Dev Patel").exists()
    assert "The import is finished" in client.get(response.url).content.decode()


def test_a_file_renamed_from_another_type_is_refused(client, facilitator, project):
    client.force_login(facilitator)
    url = reverse("evaluation:import_people", args=[project.slug])
    fake = xlsx_upload([PEOPLE_HEADER])
    fake.name = "people.xlsx"
    pdf = type(fake)("people.xlsx", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "text/csv")
    response = client.post(url, {"file": pdf})
    body = response.content.decode()
    assert response.status_code == 200
    assert "do not match its name" in body and "It looks like a PDF document" in body
    assert not ImportJob.objects.exists()


def test_a_document_of_an_allowed_type_that_is_not_a_table_is_refused(
    client, facilitator, project
):
    client.force_login(facilitator)
    url = reverse("evaluation:import_people", args=[project.slug])
    text = type(xlsx_upload([PEOPLE_HEADER]))(
        "notes.txt", b"Just some notes", "text/plain"
    )
    body = client.post(url, {"file": text}).content.decode()
    assert "Upload a CSV file or an Excel spreadsheet" in body


def test_templates_hold_the_header_row_and_how_to_fill_them_in(client, facilitator):
    from openpyxl import load_workbook

    client.force_login(facilitator)
    response = client.get(
        reverse("evaluation:import_template", args=["people", "xlsx"])
    )
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == [
        "Name *",
        "Role *",
        "Organisation",
        "Email",
        "Pseudonym",
    ]
    how = book["How to fill this in"]
    assert any("matched by email" in str(c.value) for row in how.rows for c in row)
    csv_text = client.get(
        reverse("evaluation:import_template", args=["people", "csv"])
    ).content.decode("utf-8-sig")
    header, comment = list(csv.reader(io.StringIO(csv_text)))[:2]
    assert header[0] == "Name *"
    assert comment[0].startswith("# ")


def test_the_sample_imports_cleanly(project, facilitator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluation.imports.kinds import SAMPLES, workbook_bytes

    upload = SimpleUploadedFile(
        "sample.xlsx", workbook_bytes("people", SAMPLES["people"])
    )
    job = services.import_start(
        kind=ImportKind.PEOPLE,
        programme=project.programme,
        project=project,
        uploaded=upload,
        user=facilitator,
    )
    assert job.summary == {"create": 3, "change": 0, "same": 0, "skip": 0}


def test_only_facilitators_may_import(client, commissioner, outsider, project):
    url = reverse("evaluation:import_people", args=[project.slug])
    client.force_login(commissioner)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_an_outsider_cannot_see_an_import(client, outsider, facilitator, project):
    job = _start(project, facilitator, GOOD_AND_BAD)
    client.force_login(outsider)
    url = reverse("evaluation:import_job", args=[project.programme.slug, job.pk])
    assert client.get(url).status_code == 404


def test_the_preview_page_keeps_its_queries_bounded(
    client, facilitator, project, django_assert_max_num_queries
):
    rows = [PEOPLE_HEADER] + [[f"Person {n}", "Artist", "", "", ""] for n in range(300)]
    job = _start(project, facilitator, rows)
    client.force_login(facilitator)
    url = reverse("evaluation:import_job", args=[project.programme.slug, job.pk])
    # Session and user (2), the job with its programme, project and stage (1), the
    # project and access for the permission check (about 4), the rows (1).
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_a_preview_left_unconfirmed_loses_its_rows_after_a_week(
    project, facilitator, riverside
):
    from django.core.management import call_command
    from django.utils import timezone

    from evaluation.models import ImportRows

    old = _start(project, facilitator, GOOD_AND_BAD)
    fresh = _start(project, facilitator, GOOD_AND_BAD, name="again.xlsx")
    done = services.import_confirm(
        job=_start(project, facilitator, GOOD_AND_BAD[:2], name="done.xlsx"),
        user=facilitator,
    )
    week_ago = timezone.now() - timezone.timedelta(days=8)
    ImportJob.objects.filter(pk__in=[old.pk, done.pk]).update(created_at=week_ago)
    call_command("retention", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.status == ImportStatus.FAILED
    assert "not confirmed within 7 days" in old.error
    assert not ImportRows.objects.filter(job=old).exists()
    # A recent preview keeps its rows; a finished import keeps its outcomes.
    assert ImportRows.objects.get(job=fresh).rows
    assert ImportJob.objects.get(pk=done.pk).status == ImportStatus.DONE
    assert ImportRows.objects.filter(job=done).exists()
    # Nothing is left to confirm.
    assert not old.may_confirm
    assert services.import_confirm(job=old, user=facilitator).status == "failed"
    assert Stakeholder.objects.count() == 1  # Amira, from the finished import
