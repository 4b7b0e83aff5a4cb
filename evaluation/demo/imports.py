"""Demo spreadsheet import: one finished import of published counts into an
evaluation stage, made from the downloadable sample file through the import
services as the pages do (upload, preview, confirm). Idempotent: the stage is
made once, and its import once.
"""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.evidence import services as evidence_services
from evaluation.imports import kinds, services
from evaluation.models import EvaluationStage, ImportJob, ImportKind
from projects.models import Programme

STAGE_NAME = "Earlier evaluation: workshops (imported from a spreadsheet)"
FILE_NAME = "workshop-invitations.xlsx"


def demo_load() -> None:
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    stage = EvaluationStage.objects.filter(programme=programme, name=STAGE_NAME).first()
    if stage is None:
        stage = evidence_services.stage_save(
            programme=programme,
            data={"name": STAGE_NAME, "kind": "workshops", "position": 21},
        )
    if ImportJob.objects.filter(stage=stage, original_name=FILE_NAME).exists():
        return
    eve = get_user_model().objects.get(username="eve")
    upload = SimpleUploadedFile(
        FILE_NAME,
        kinds.workbook_bytes(ImportKind.COUNTS, kinds.SAMPLES[ImportKind.COUNTS]),
    )
    job = services.import_start(
        kind=ImportKind.COUNTS,
        programme=programme,
        stage=stage,
        uploaded=upload,
        user=eve,
    )
    services.import_confirm(job=job, user=eve)
