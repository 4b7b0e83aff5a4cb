"""The benchmark command builds its programme in a throwaway database, measures a
floor page in the same run and reports every page as a share of it, at each size
asked for."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from evaluation.demo.benchmark import PROGRAMME_WIDE, figures_table
from projects.models import Programme, Project

PAGES = {
    "floor",
    *PROGRAMME_WIDE,
    "project_page",
    "project_timeline",
    "logic_model_compare",
    "round_results",
    "api_activities",
}


@pytest.mark.django_db(transaction=True)
def test_benchmark_prints_floor_ratios_at_each_size_and_leaves_the_database_alone(
    project, tmp_path, capsys
):
    projects_before = set(Project.objects.values_list("pk", flat=True))
    output = tmp_path / "figures.json"

    call_command(
        "benchmark",
        sizes="2",
        requests=2,
        report_runs=1,
        report_max=2,
        json=True,
        output=str(output),
    )

    printed = json.loads(capsys.readouterr().out)
    assert json.loads(output.read_text()) == printed
    # Each size is a run of its own in a new throwaway database; one keeps CI quick.
    assert printed["sizes"] == [2]
    assert set(printed["runs"]) == {"2"}
    small = printed["runs"]["2"]
    assert small["rows"]["projects"] == 2
    assert small["rows"]["activities"] == 40
    assert small["rows"]["logic_model_versions"] == 6
    assert small["rows"]["responses"] == 80
    assert small["rows"]["quotes"] == 60
    for run in (small,):
        assert set(run["pages"]) == PAGES
        floor = run["pages"]["floor"]
        assert floor["status"] == 200
        assert floor["queries"] == 3  # session, user, the 100-row table
        assert floor["cpu_ratio"] == 1.0 and floor["time_ratio"] == 1.0
        for key, page in run["pages"].items():
            if "skipped" in page:
                assert key == "api_activities"  # only until the API is on main
                continue
            assert page["status"] == 200, key
            assert isinstance(page["queries"], int) and page["queries"] > 0, key
            assert page["median_ms"] > 0 and page["cpu_ms"] > 0, key
            expected = (
                page["requests_per_cpu_second"] / floor["requests_per_cpu_second"]
            )
            assert page["cpu_ratio"] == pytest.approx(expected, abs=0.01), key
            assert page["time_ratio"] == pytest.approx(
                page["median_ms"] / floor["median_ms"], abs=0.01
            ), key
        # The first visitor after a change pays for what is otherwise remembered.
        for key in PROGRAMME_WIDE:
            page = run["pages"][key]
            assert page["fresh_ms"] > 0 and page["fresh_cpu_ms"] > 0, key
        assert "fresh_ms" not in run["pages"]["project_page"]
        assert run["machine"]["before"]["cpus"] >= 1
    for key in ("case_study_pdf", "programme_report_pdf"):
        report = small["reports"][key]
        assert isinstance(report["queries"], int) and report["queries"] > 0
        assert report["pages"] >= 1
        assert report["median_s"] > 0
        assert 0 < report["median_cpu_s"]
        # The process holds the built programme too, so at least that much.
        assert report["peak_rss_mb"] > 10
    # On PostgreSQL the programme report is drawn in a new process, as a worker
    # draws it, so its peak is the report's and not the benchmark's.
    programme_report = small["reports"]["programme_report_pdf"]
    if connection.vendor == "postgresql":
        assert programme_report["process"] == "worker"
        assert 0 < programme_report["warm_rss_mb"] <= programme_report["peak_rss_mb"]
    else:
        assert programme_report["process"] == "this"
    cost = small["history"]
    assert cost["activity_save_with_history_ms"] > 0
    assert cost["activity_save_without_history_ms"] > 0
    assert cost["history_rows_written_by_build"] > small["rows"]["quotes"]
    # With one size the growth is that run against itself.
    assert set(printed["growth_smallest_to_largest"].values()) == {1.0}
    assert set(printed["growth_smallest_to_largest"]) == set(PROGRAMME_WIDE)
    table = figures_table(printed)
    assert table.startswith("page | N=2: queries / median ms / x floor")
    assert "\nfloor | 3 / " in table
    scores = small["pages"]["scores_page"]
    assert f"\nscores_page | {scores['queries']} / {scores['median_ms']} / " in table
    # The configured database has only what the test made: no synthetic programme.
    assert set(Project.objects.values_list("pk", flat=True)) == projects_before
    assert not Programme.objects.filter(slug="benchmark-programme").exists()


def test_the_floor_page_is_not_mounted_on_the_site(admin_client: Client):
    with pytest.raises(NoReverseMatch):
        reverse("benchmark_floor")
    assert admin_client.get("/benchmark-floor/").status_code == 404


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_benchmark_keeps_a_big_size_database_for_the_next_run(capsys):

    from tests.conftest import service_missing

    if connection.vendor != "postgresql":
        service_missing("--keep needs DATABASE_URL pointing at PostgreSQL")
    options = dict(sizes="2", requests=1, report_runs=0, json=True, keep=True)
    kept = f"test_{connection.settings_dict['NAME']}_benchmark_n2"
    try:
        call_command("benchmark", **options)
        first = json.loads(capsys.readouterr().out)["runs"]["2"]
        call_command("benchmark", **options)
        second = json.loads(capsys.readouterr().out)["runs"]["2"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{kept}"')
    assert first["built_before"] is False and second["built_before"] is True
    assert second["rows"] == first["rows"]  # the same programme, not a second one
    assert second["pages"]["floor"]["status"] == 200
