from django.core.management import call_command

from evaluation.models import FactorObservation
from projects.models import (
    Activity,
    Attendance,
    Headcount,
    Project,
    StagePlan,
    StageTransition,
    TransitionKind,
)


def counts():
    return [
        m.objects.count()
        for m in (
            Activity,
            Attendance,
            Headcount,
            StageTransition,
            StagePlan,
            FactorObservation,
        )
    ]


def test_demo_gives_every_project_a_log_moves_back_and_stops(db, client):
    call_command("demo", force=True)
    first = counts()
    call_command("demo", force=True)
    assert counts() == first  # re-runnable without duplicates
    assert not Project.objects.filter(activities=None).exists()
    back = StageTransition.objects.filter(kind=TransitionKind.BACK)
    assert back.filter(from_stage="develop", to_stage="define").exists()
    for project in Project.objects.filter(status="discontinued"):
        stop = project.stage_transitions.get(kind=TransitionKind.STOP)
        assert stop.rationale == project.status_reason
        assert stop.to_stage == project.current_stage != "deliver"
    assert Project.objects.filter(status="paused", current_stage="define").exists()
    assert FactorObservation.objects.filter(effect="barrier").exists()
    assert Headcount.objects.filter(seldom_heard_count__gt=0).exists()
    client.post("/accounts/login/", {"login": "cam", "password": "coproduce-demo-only"})
    page = client.get("/programmes/co-create-south-yorkshire/progress/")
    stalled = page.content.decode().split('id="stalled-heading"')[1]
    assert "Young People&#x27;s Housing" in stalled
    assert "Autism Services" not in stalled
