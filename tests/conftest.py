"""Fixtures shared by the whole suite: one user per role."""

import os

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from community_portal.permissions import Role

from .factories import GridFactory, StaffUserFactory, TeamFactory, UserFactory

# Tests that need PostgreSQL itself; they run in the PostgreSQL pass of CI.
requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (row locks across threads, deletion triggers, "
    "pg_dump); runs in the PostgreSQL pass of CI (DATABASE_URL=postgres://…)",
)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Chinese): a request under /en/ leaves
    English active in the thread, which would leak into the next test's lazy strings."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached reads are keyed on versions kept in the cache, which outlives a test's
    rolled-back rows (``community_portal.versioned_cache``): every test starts with
    an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads of this test go to a folder of its own (returned as a Path); its
    private photos too, beside it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    return settings.MEDIA_ROOT


@pytest.fixture
def private_media_root(settings, tmp_path):
    """Private photos of this test go to a folder of their own (a Path)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def resident(db):
    return UserFactory(username="resident", name="张小明")


@pytest.fixture
def staff_user(db):
    """A community staff member: admin access through the staff group, not superuser."""
    return StaffUserFactory(username="staff", name="王主任")


@pytest.fixture
def team_leader(db):
    user = UserFactory(username="leader", name="李队长", roles=[Role.TEAM_LEADER])
    TeamFactory(leader=user)
    return user


@pytest.fixture
def grid_worker(db):
    """A grid worker of grid 1."""
    user = UserFactory(username="gridworker1", name="赵网格", roles=[Role.GRID_WORKER])
    GridFactory(number=1).workers.add(user)
    return user


@pytest.fixture
def grid_worker_2(db):
    user = UserFactory(username="gridworker2", name="钱网格", roles=[Role.GRID_WORKER])
    GridFactory(number=2).workers.add(user)
    return user


# Hypothesis (tests/hostile/): no deadline (a request with a 10k-character value may be
# slow), and function-scoped fixtures allowed: each example runs in its own savepoint,
# rolled back, so the data a fixture built once is the same for every example. Two
# profiles: "dev" (a few examples per form, for a quick local run) and "ci" (more
# examples), chosen by CI=true; HYPOTHESIS_PROFILE=ci|dev overrides.
_HYPOTHESIS_COMMON = {
    "deadline": None,
    # No example database in the working tree (.hypothesis/ is not ignored); a
    # failure prints its falsifying example, which is enough to reproduce it.
    "database": None,
    # Without the "explain" phase, which re-runs a failing example hundreds of times.
    "phases": [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
    ],
}
hypothesis_settings.register_profile("ci", max_examples=15, **_HYPOTHESIS_COMMON)
hypothesis_settings.register_profile("dev", max_examples=4, **_HYPOTHESIS_COMMON)


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _running_in_ci() else "dev")
)


@pytest.fixture
def assert_same_queries(django_assert_num_queries):
    """Render a page small, grow the data, render it again: the same number of
    queries. On a difference, every query of the second render is printed. Both
    renders start with an empty cache: what is counted is the uncached page.

        assert_same_queries(client, url, grow=lambda: make_more(10))
    """
    from django.core.cache import cache
    from django.db import connection as default_connection
    from django.test.utils import CaptureQueriesContext

    def check(client, url, grow, *, status: int = 200) -> int:
        cache.clear()
        with CaptureQueriesContext(default_connection) as small:
            assert client.get(url).status_code == status
        grow()
        cache.clear()
        with django_assert_num_queries(len(small)):
            assert client.get(url).status_code == status
        return len(small)

    return check
