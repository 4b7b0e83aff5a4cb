import pytest

from projects.models import AccessRole
from tests.evaluation.coding.factories import coder_user, round_open


@pytest.fixture
def ana(programme):
    return coder_user(programme, "ana")


@pytest.fixture
def ben(programme):
    return coder_user(programme, "ben", role=AccessRole.FACILITATOR)


@pytest.fixture
def coding_round(programme, project, ana, ben, evaluator):
    return round_open(programme, project, coders=[ana, ben], opened_by=evaluator)
