"""Each rate-limit test: limits on, no counters left over, a fake clock."""

import pytest
from django.core.cache import cache

from community_portal import ratelimit
from tests.ratelimit.support import START, FakeClock


@pytest.fixture(autouse=True)
def _limits_on_and_clean(settings):
    """Each test starts with the limits on (whatever the test settings say) and no
    counters left over from another test."""
    settings.RATE_LIMITS_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock(START)
    monkeypatch.setattr(ratelimit, "time", fake)
    return fake
