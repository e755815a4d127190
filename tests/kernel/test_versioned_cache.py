"""The versioned cache: a value kept until its name's version is bumped."""

import pytest
from django.db import transaction

from community_portal import versioned_cache

# ``bump`` asks the connection to bump again on commit.
pytestmark = pytest.mark.django_db


def counting(values: list):
    def compute():
        values.append(len(values))
        return values[-1] if values[-1] else None

    return compute


def test_a_value_is_computed_once_until_its_name_is_bumped():
    calls: list = []
    assert versioned_cache.cached("test:a", "k", counting(calls)) is None
    # None is a value like another: kept, not computed again.
    assert versioned_cache.cached("test:a", "k", counting(calls)) is None
    assert calls == [0]
    versioned_cache.bump("test:a")
    assert versioned_cache.cached("test:a", "k", counting(calls)) == 1
    assert versioned_cache.cached("test:a", "k", counting(calls)) == 1
    assert calls == [0, 1]


def test_names_and_keys_are_apart():
    assert versioned_cache.cached("test:a", "k", lambda: "a") == "a"
    assert versioned_cache.cached("test:a", "other", lambda: "b") == "b"
    assert versioned_cache.cached("test:b", "k", lambda: "c") == "c"
    versioned_cache.bump("test:b")
    assert versioned_cache.cached("test:a", "k", lambda: "stale?") == "a"
    assert versioned_cache.cached("test:b", "k", lambda: "fresh") == "fresh"


@pytest.mark.django_db(transaction=True)
def test_a_bump_in_a_transaction_is_repeated_on_commit():
    """A reader between the write and the commit may cache the old rows under the
    new version: the commit bumps again."""
    with transaction.atomic():
        versioned_cache.bump("test:a")
        during = versioned_cache.version("test:a")
        versioned_cache.cached("test:a", "k", lambda: "old rows")
    assert versioned_cache.version("test:a") != during
    assert versioned_cache.cached("test:a", "k", lambda: "new rows") == "new rows"


def test_a_receiver_bumps_its_name():
    before = versioned_cache.version("test:a")
    versioned_cache.bump_receiver("test:a")(sender=None)
    assert versioned_cache.version("test:a") != before


def test_cached_many_computes_only_what_is_missing_and_shares_the_keys():
    calls: list = []

    def compute(value):
        def inner():
            calls.append(value)
            return value

        return inner

    assert versioned_cache.cached("test:m", "one", lambda: "kept") == "kept"
    values = versioned_cache.cached_many(
        "test:m", {"one": compute("new"), "two": compute(None), "three": compute(3)}
    )
    assert values == {"one": "kept", "two": None, "three": 3}
    assert calls == [None, 3]
    # Stored where cached() looks, None included.
    assert versioned_cache.cached("test:m", "two", compute("again")) is None
    assert versioned_cache.cached_many("test:m", {"three": compute(4)}) == {"three": 3}
    versioned_cache.bump("test:m")
    assert versioned_cache.cached_many("test:m", {"three": compute(5)}) == {"three": 5}
    assert calls == [None, 3, 5]
