import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.factors import analysis
from evaluation.models import Effect
from projects.models import DiamondStage, OrganisationKind, ProjectStatus
from tests.evaluation.evidence.factories import FactorFactory, ObservationFactory
from tests.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

E, B = Effect.ENABLER, Effect.BARRIER


@pytest.fixture
def known(programme):
    """Three projects, two factors, observations with hand-counted results."""
    council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)
    housing = OrganisationFactory(kind=OrganisationKind.HOUSING)
    delivered = ProjectFactory(
        programme=programme,
        title="A delivered",
        status=ProjectStatus.COMPLETED,
        current_stage=DiamondStage.DELIVER,
    )
    stopped = ProjectFactory(
        programme=programme,
        title="B stopped",
        status=ProjectStatus.DISCONTINUED,
        status_reason="Money ran out",
        current_stage=DiamondStage.DEFINE,
    )
    running = ProjectFactory(
        programme=programme,
        title="C running",
        status=ProjectStatus.ACTIVE,
        current_stage=DiamondStage.DEVELOP,
    )
    delivered.partners.add(council)
    stopped.partners.add(council)
    running.partners.add(housing)
    money = FactorFactory(group__programme=programme, name="Money")
    trust = FactorFactory(group=money.group, name="Trust")
    for project, factor, effect, stage, n in [
        (delivered, trust, E, DiamondStage.DISCOVER, 2),
        (delivered, money, B, DiamondStage.DELIVER, 1),
        (stopped, money, B, DiamondStage.DEFINE, 3),
        (stopped, trust, E, DiamondStage.DISCOVER, 1),
        (running, trust, B, DiamondStage.DEVELOP, 1),
        (running, None, E, DiamondStage.DISCOVER, 2),
    ]:
        for _ in range(n):
            ObservationFactory(
                project=project, factor=factor, effect=effect, stage=stage
            )
    return {
        "delivered": delivered,
        "stopped": stopped,
        "running": running,
        "money": money,
        "trust": trust,
    }


def test_heatmap_counts_enablers_and_barriers_per_cell(programme, known):
    data = analysis.heatmap(programme)
    assert [p.title for p in data.projects] == ["A delivered", "B stopped", "C running"]
    cell = data.cell(known["delivered"].pk, known["trust"].pk)
    assert (cell.enablers, cell.barriers, cell.label) == (2, 0, "+2")
    assert data.cell(known["stopped"].pk, known["money"].pk).label == "−3"
    assert data.factor_totals[known["trust"].pk].label == "+3 −1"
    assert data.project_totals[known["delivered"].pk].label == "+2 −1"
    assert data.unlinked == 2


def test_heatmap_filters_by_stage_status_and_partner_kind(programme, known):
    by_stage = analysis.heatmap(programme, stage=DiamondStage.DISCOVER)
    assert by_stage.cell(known["stopped"].pk, known["money"].pk).total == 0
    assert by_stage.cell(known["stopped"].pk, known["trust"].pk).label == "+1"
    by_status = analysis.heatmap(programme, status=ProjectStatus.DISCONTINUED)
    assert [p.title for p in by_status.projects] == ["B stopped"]
    housing = analysis.heatmap(programme, partner_kind=OrganisationKind.HOUSING)
    assert [p.title for p in housing.projects] == ["C running"]


def test_barriers_compare_projects_that_stopped_with_those_that_delivered(
    programme, known
):
    result = analysis.barrier_comparison(programme)
    assert (result.stopped_projects, result.delivered_projects) == (1, 1)
    rows = {row.factor.name: row for row in result.rows}
    assert (rows["Money"].stopped, rows["Money"].delivered) == (1, 1)
    assert rows["Money"].stopped_share == 1.0
    # Trust was a barrier only on the running project, which is in neither group.
    assert "Trust" not in rows


def test_heatmap_svg_has_a_title_and_text_cues(programme, known):
    svg = analysis.heatmap_svg(analysis.heatmap(programme), title="<Heat & map>")
    assert 'role="img"' in svg
    assert "&lt;Heat &amp; map&gt;" in svg
    assert "−3" in svg


def test_heatmap_svg_writes_long_project_and_factor_names_in_full(programme, known):
    long_title = "Peer-led recovery cafes in three market towns and their villages"
    long_factor = "Commissioners willing to share decisions about money early on"
    ProjectFactory(programme=programme, title=long_title)
    known["money"].name = long_factor
    known["money"].save()
    svg = analysis.heatmap_svg(analysis.heatmap(programme))
    assert "…" not in svg
    assert f">{long_factor}</text>" in svg
    # The title goes onto two lines that together hold every word.
    first, second = analysis._title_lines(long_title)
    assert f"{first} {second}" == long_title
    assert f">{first}</tspan>" in svg and f">{second}</tspan>" in svg


def test_heatmap_svg_heads_each_run_of_factors_with_its_group(programme, known):
    data = analysis.heatmap(programme)
    svg = analysis.heatmap_svg(data)
    for group, _span in data.factor_groups():
        assert f'font-weight="bold">{group.name}</text>' in svg


def test_cross_case_page_shows_cells_with_links_to_evidence(
    client, evaluator, programme, known
):
    client.force_login(evaluator)
    response = client.get(reverse("evaluation:cross_case", args=[programme.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"factor={known['money'].pk}&amp;project={known['stopped'].slug}" in body
    assert "B stopped, Money: −3, 3 barriers" in body
    assert "not yet linked to a factor" in body
    evidence = client.get(
        reverse("evaluation:cross_case_evidence", args=[programme.slug]),
        {"factor": known["money"].pk, "project": known["stopped"].slug},
    )
    assert evidence.content.decode().count('class="effect-barrier"') == 3


def _fill(programme, factors, n):
    for i in range(n):
        project = ProjectFactory(programme=programme)
        ObservationFactory(project=project, factor=factors[i % len(factors)], effect=E)
        ObservationFactory(
            project=project, factor=factors[(i + 1) % len(factors)], effect=B
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_heatmap_queries_do_not_grow_from_25_to_500_projects(
    client, evaluator, programme, django_assert_max_num_queries
):
    factors = [FactorFactory(group__programme=programme) for _ in range(6)]
    client.force_login(evaluator)
    url = reverse("evaluation:cross_case", args=[programme.slug]) + "?factors=all"
    _fill(programme, factors, 25)
    small = _count(client, url)
    _fill(programme, factors, 475)
    # session, user, programme, access (2); heatmap: projects, factors, counts;
    # comparison: group sizes, barrier counts, factors.
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 14


def test_heatmap_rows_escape_titles_and_name_each_cell(
    client, evaluator, programme, known
):
    known["running"].title = '<img src=x onerror="alert(1)"> & co'
    known["running"].save()
    client.force_login(evaluator)
    body = client.get(
        reverse("evaluation:cross_case", args=[programme.slug]), {"stage": "develop"}
    ).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co" in body
    # The one develop-stage observation: a barrier cell with a spoken label and a
    # link that keeps the stage filter; cells without observations have no link.
    assert (
        f"factor={known['trust'].pk}&amp;project={known['running'].slug}"
        "&amp;stage=develop"
    ) in body
    assert 'class="tone-barrier"' in body
    assert (
        'aria-label="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co, Trust: −1, 1 barrier"'
        in body
    )
    tbody = body.split("<tbody>")[1].split("</tbody>")[0]
    assert tbody.count("<tr>") == 3
    # Only the factor seen in Develop is a column: one cell per project.
    assert tbody.count('<td class="tone-none"></td>') == 2


def test_heatmap_in_pages_counts_only_the_page_but_totals_every_project(
    programme, known
):
    first = analysis.heatmap(programme, per_page=2)
    assert [p.title for p in first.projects] == ["A delivered", "B stopped"]
    assert first.page.paginator.count == 3
    assert known["running"].pk not in first.project_totals
    assert not any(key[0] == known["running"].pk for key in first.cells)
    # The footer and the unlinked count still cover all three projects.
    assert first.factor_totals == analysis.heatmap(programme).factor_totals
    assert first.factor_totals[known["trust"].pk].label == "+3 −1"
    assert first.unlinked == 2
    second = analysis.heatmap(programme, per_page=2, page_number=2)
    assert [p.title for p in second.projects] == ["C running"]
    assert second.project_totals[known["running"].pk].label == "−1"


def test_cross_case_page_shows_which_projects_and_links_to_the_next_page(
    client, evaluator, programme, known, monkeypatch
):
    from evaluation.factors import views

    monkeypatch.setattr(views, "HEATMAP_ROWS", 2)
    client.force_login(evaluator)
    url = reverse("evaluation:cross_case", args=[programme.slug])
    body = client.get(url, {"factors": "all"}).content.decode()
    assert "Showing 1–2 of 3 projects" in body
    assert body.split("<tbody>")[1].split("</tbody>")[0].count("<tr>") == 2
    assert "C running" not in body.split("<tbody>")[1].split("</tbody>")[0]
    assert 'href="?factors=all&amp;page=2#heatmap-heading"' in body
    second = client.get(url, {"factors": "all", "page": 2}).content.decode()
    assert "Showing 3–3 of 3 projects" in second
    assert "C running, Trust: −1, 1 barrier" in second
