import pytest
from django.core.management import call_command

from evaluation.demo.imports import FILE_NAME
from evaluation.models import ImportJob, ImportStatus, InvitationCount

pytestmark = pytest.mark.django_db


def test_demo_shows_one_finished_import_made_from_the_sample():
    call_command("demo", force=True)
    call_command("demo", force=True)
    job = ImportJob.objects.get(original_name=FILE_NAME)
    assert job.status == ImportStatus.DONE
    assert job.result == {"created": 3, "changed": 0, "refused": 0}
    assert InvitationCount.objects.filter(stage=job.stage).count() == 3
