"""Reads for the import pages: a fixed number of queries each."""

from evaluation.models import ImportJob, ImportRows


def recent_jobs(*, kind: str, project=None, stage=None, limit: int = 5):
    """The latest imports of this kind into this project or stage (1 query)."""
    jobs = ImportJob.objects.filter(kind=kind).select_related("created_by")
    jobs = (
        jobs.filter(stage=stage) if stage is not None else jobs.filter(project=project)
    )
    return list(jobs[:limit])


def job_rows(job: ImportJob) -> list[dict]:
    """The checked rows of a job (1 query)."""
    rows = ImportRows.objects.filter(job=job).values_list("rows", flat=True).first()
    return rows or []
