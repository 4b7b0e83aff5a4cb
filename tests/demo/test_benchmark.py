"""The benchmark command builds its programme in a throwaway database and reports
figures for every page and report."""

import json

import pytest
from django.core.management import call_command

from projects.models import Programme, Project

PAGES = {
    "commissioner_dashboard",
    "programme_page",
    "project_page",
    "project_timeline",
    "cross_case_heatmap",
}


@pytest.mark.django_db(transaction=True)
def test_benchmark_prints_figures_and_leaves_the_configured_database_alone(
    project, tmp_path, capsys
):
    projects_before = set(Project.objects.values_list("pk", flat=True))
    output = tmp_path / "figures.json"

    call_command("benchmark", projects=3, requests=1, report_runs=1, output=str(output))

    printed = json.loads(capsys.readouterr().out)
    assert json.loads(output.read_text()) == printed
    assert printed["projects"] == 3
    assert printed["rows"]["projects"] == 3
    assert printed["rows"]["activities"] == 60
    assert printed["rows"]["logic_model_versions"] == 9
    assert printed["rows"]["responses"] == 120
    assert printed["rows"]["quotes"] == 90
    assert set(printed["pages"]) == PAGES
    for key, page in printed["pages"].items():
        if "skipped" in page or "error" in page:
            # Only the dashboard may be missing or half-built (another area's work).
            assert key == "commissioner_dashboard"
            continue
        assert page["status"] == 200, key
        assert isinstance(page["queries"], int) and page["queries"] > 0, key
        assert page["median_ms"] > 0
    for key in ("case_study_pdf", "programme_report_pdf"):
        report = printed["reports"][key]
        assert isinstance(report["queries"], int) and report["queries"] > 0
        assert report["pages"] >= 1
        assert report["median_s"] > 0
    cost = printed["history"]
    assert cost["activity_save_with_history_ms"] > 0
    assert cost["activity_save_without_history_ms"] > 0
    assert cost["history_rows_written_by_build"] > printed["rows"]["quotes"]
    # The configured database has only what the test made: no synthetic programme.
    assert set(Project.objects.values_list("pk", flat=True)) == projects_before
    assert not Programme.objects.filter(slug="benchmark-programme").exists()
