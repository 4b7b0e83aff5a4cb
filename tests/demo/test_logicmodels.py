from django.core.management import call_command

from logicmodels import compare, selectors
from logicmodels.models import (
    GuidingQuestions,
    LogicModelVersion,
    ModelKind,
    VersionStatus,
)
from projects.models import Project


def test_demo_has_logic_models_with_real_differences_and_is_idempotent(db, client):
    call_command("demo", force=True)
    count = LogicModelVersion.objects.count()
    call_command("demo", force=True)
    assert LogicModelVersion.objects.count() == count

    with_a_priori = Project.objects.filter(
        logic_models__kind=ModelKind.A_PRIORI
    ).distinct()
    assert with_a_priori.count() >= 10
    finished = with_a_priori.filter(status__in=["completed", "discontinued"])
    assert finished.exists()
    totals = {"kept": 0, "reworded": 0, "added": 0, "dropped": 0}
    unanticipated = 0
    for project in finished:
        latest = selectors.latest_models(project)
        assert latest[ModelKind.POST_FACTO] is not None, project.slug
        result = compare.compare_versions(
            latest[ModelKind.A_PRIORI], latest[ModelKind.POST_FACTO]
        )
        for change, n in result["totals"].items():
            totals[change] += n
        unanticipated += sum(
            1
            for item in latest[ModelKind.POST_FACTO].items.all()
            if item.anticipation == "unanticipated"
        )
    assert all(totals.values()), totals
    assert unanticipated >= 5
    statuses = set(LogicModelVersion.objects.values_list("status", flat=True))
    assert statuses == {VersionStatus.DRAFT, VersionStatus.AGREED}
    assert LogicModelVersion.objects.filter(number=2).exists()
    assert (
        GuidingQuestions.objects.filter(
            programme__slug="co-create-south-yorkshire"
        ).count()
        == 5
    )

    client.post("/accounts/login/", {"login": "cam", "password": "coproduce-demo-only"})
    page = client.get("/projects/take-part-1/logic-models/compare/").content.decode()
    assert "Door-knocking with tenant volunteers" in page
    assert "~ Reworded" in page and "Unanticipated, negative" in page
