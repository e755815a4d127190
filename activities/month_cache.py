"""Cache versions of the activity pages: one number per name in the shared cache,
changed by the writes the cached reads depend on, so the next request after a
write reads afresh (the keys of the cached entries carry the version).

- ``calendar``: the month calendar, changed by every write to an activity (saved
  or deleted, whatever its month).
- ``places``: the short lists every list page shows or looks its activities'
  places up in (campaigns, venues, spaces, teams, alliances and their programmes),
  changed by every write to one of them.

Bumped at once and again when the transaction commits: a request that read the old
rows between the two cannot keep them cached past the commit.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

CALENDAR = "calendar"
PLACES = "places"


def _key(name: str) -> str:
    return f"activities:{name}:version"


# The calendar's key, as it always was.
VERSION_KEY = _key(CALENDAR)


def _new_version() -> str:
    # Random, not the clock: tests travel in time, and two writes may share a tick.
    return secrets.token_hex(8)


def cache_version(name: str) -> str:
    key = _key(name)
    version = cache.get(key)
    if version is None:
        version = _new_version()
        cache.add(key, version, timeout=None)
        version = cache.get(key, version)
    return version


def bump_cache_version(name: str) -> None:
    cache.set(_key(name), _new_version(), timeout=None)


def bump_now_and_on_commit(name: str) -> None:
    """What a write calls (or its signal receiver): see the module's docstring."""
    bump_cache_version(name)
    transaction.on_commit(lambda: bump_cache_version(name))


def calendar_version() -> str:
    return cache_version(CALENDAR)


def bump_calendar_version() -> None:
    bump_cache_version(CALENDAR)


def places_version() -> str:
    return cache_version(PLACES)


def activity_changed(**kwargs) -> None:
    """``post_save``/``post_delete`` receiver for ``Activity``."""
    bump_now_and_on_commit(CALENDAR)


def place_changed(**kwargs) -> None:
    """``post_save``/``post_delete`` receiver for the ``places`` models."""
    bump_now_and_on_commit(PLACES)
