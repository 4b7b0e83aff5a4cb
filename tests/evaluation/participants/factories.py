"""A member-checking review with one theme in Welsh and easy read and one in
English only, and its live link."""

from evaluation.evidence import services
from tests.evaluation.evidence.factories import StageFactory, ThemeFactory


def review_with_welsh(programme, stakeholder) -> dict:
    stage = StageFactory(programme=programme, name="Member checking")
    trust = ThemeFactory(
        programme=programme,
        name="Trust",
        name_cy="Ymddiriedaeth",
        description="People trusted each other.",
        description_cy="Roedd pobl yn ymddiried yn ei gilydd.",
        name_easy="Trust",
        description_easy="People believed each other.",
        position=1,
    )
    power = ThemeFactory(programme=programme, name="Power", position=2)
    stage.themes.set([trust, power])
    invitation = services.invitation_create(stage=stage, stakeholder=stakeholder)
    token = services.invitation_link_issue(invitation=invitation)
    return {"token": token, "trust": trust, "power": power, "invitation": invitation}
