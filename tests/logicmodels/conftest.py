import pytest

from tests.logicmodels.factories import SMALL_LINKS, SMALL_MODEL, build_version


@pytest.fixture
def draft(project, facilitator):
    return build_version(
        project, author=facilitator, items=SMALL_MODEL, links=SMALL_LINKS
    )
