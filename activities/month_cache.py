"""The month calendar's cache version: one number in the shared cache, changed by
every write to an activity (saved or deleted, whatever its month), so the next
request after a write draws the calendar afresh.

Bumped at once and again when the transaction commits: a request that read the old
rows between the two cannot keep them cached past the commit.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "activities:calendar:version"


def _new_version() -> str:
    # Random, not the clock: tests travel in time, and two writes may share a tick.
    return secrets.token_hex(8)


def calendar_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_calendar_version() -> None:
    cache.set(VERSION_KEY, _new_version(), timeout=None)


def activity_changed(**kwargs) -> None:
    """``post_save``/``post_delete`` receiver for ``Activity``."""
    bump_calendar_version()
    transaction.on_commit(bump_calendar_version)
