"""Reads that matter are recorded: report and document downloads, exports, and the
unredacted text of a quote, each with who and from which request."""

from django.core.files.base import ContentFile
from django.urls import reverse

from evaluation.models import JobStatus, Quote, ReportJob, ReportKind
from projects.models import HistoryEvent, RoleCategory
from tests.evaluation.matrix.factories import PRINCIPLES, add_response, open_round


def only_read(action):
    (event,) = HistoryEvent.objects.filter(action=action)
    return event


def test_a_report_download_is_recorded(client, commissioner, project):
    job = ReportJob.objects.create(
        kind=ReportKind.SUMMARY,
        project=project,
        programme=project.programme,
        dedupe_key="read-test",
        status=JobStatus.DONE,
    )
    job.file.save("summary.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client.force_login(commissioner)
    response = client.get(reverse("evaluation:report_download", args=[job.pk]))
    assert response.status_code == 200
    event = only_read("downloaded")
    assert (event.model, event.object_id) == ("evaluation.reportjob", str(job.pk))
    assert event.project_id == project.pk
    assert event.context["user"] == commissioner.pk
    assert event.context["request_id"] == response.headers["X-Request-ID"]


def test_a_scoring_round_export_is_recorded(client, evaluator, project):
    scoring_round, _ = open_round(project, key=PRINCIPLES)
    add_response(scoring_round, "commissioner", [3])
    client.force_login(evaluator)
    url = reverse("evaluation:round_export", args=[project.slug, 1])
    assert client.get(url).status_code == 200
    event = only_read("exported")
    assert event.model == "evaluation.scoringround"
    assert event.note.endswith(".csv")
    assert event.context["url"] == url


def test_opening_a_quotes_whole_text_to_edit_it_is_recorded(
    client, evaluator, project, stakeholder
):
    quote = Quote.objects.create(
        project=project,
        stakeholder=stakeholder,
        role_category=RoleCategory.ARTIST,
        text="Ask Ann about it.",
        redactions=[{"start": 4, "end": 7, "label": "name"}],
    )
    client.force_login(evaluator)
    url = reverse("evaluation:quote_edit", args=[project.slug, quote.pk])
    assert client.get(url).status_code == 200
    event = only_read("viewed")
    assert (event.model, event.object_id) == ("evaluation.quote", str(quote.pk))
    assert event.person_id == stakeholder.pk
    page = client.get(
        reverse("projects:programme_audit", args=[project.programme.slug]),
        {"action": "viewed"},
    ).content.decode()
    assert f"viewed unredacted Quote {quote.pk} (project {project.title})" in page
