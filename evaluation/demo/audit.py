"""Who the demo's writes are recorded as, and a few recorded reads for the audit page.

The demo writes through the services, so the triggers record its history as the pages'
would (see ``coproduce/history.py``). ``demo_actor`` names the demo user each part acts
as, so the audit page reads "Fran Okafor changed Activity ..." rather than an unnamed
command; ``demo_load`` adds the reads that the demo does not perform through a page:
a commissioner downloading a finished case study and the evaluator exporting the
programme's workbook.
"""

from django.contrib.auth import get_user_model

from coproduce import history
from evaluation.demo.projects import PROGRAMME_SLUG
from evaluation.models import JobStatus, ReportJob
from projects.models import Programme

# Which demo user does each part's work.
ACTORS = {
    "progress": "fran",
    "logicmodels": "fran",
    "matrix": "fran",
    "privacy": "fran",
    "decisions": "fran",
    "inclusion": "fran",
}
DEFAULT_ACTOR = "eve"


def demo_actor(part: str) -> None:
    """Name, in the open history context, the demo user who does ``part``."""
    username = ACTORS.get(part.rsplit(".", 1)[-1], DEFAULT_ACTOR)
    user = get_user_model().objects.filter(username=username).first()
    history.context(part=part.rsplit(".", 1)[-1], **history.user_metadata(user))


def demo_load() -> None:
    programme = Programme.objects.get(slug=PROGRAMME_SLUG)
    users = get_user_model().objects.in_bulk(["cam", "eve"], field_name="username")
    report = (
        ReportJob.objects.filter(programme=programme, status=JobStatus.DONE)
        .order_by("pk")
        .first()
    )
    if report is not None:
        history.context(part="audit", **history.user_metadata(users["cam"]))
        history.read_record(
            instance=report,
            action=history.Action.DOWNLOADED,
            note=f"{report.get_kind_display()} PDF",
        )
    history.context(part="audit", **history.user_metadata(users["eve"]))
    history.read_record(
        instance=programme,
        action=history.Action.EXPORTED,
        note="Excel workbook of the whole programme",
    )
