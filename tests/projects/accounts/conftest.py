import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth keeps its rate-limit counts in the cache; each test starts from none.
    cache.clear()
    yield
    cache.clear()
