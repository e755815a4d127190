"""The activity pages' cache versions (``community_portal.versioned_cache``): the
keys of their cached entries carry the version, which the writes they depend on
change, so the next request after a write reads afresh.

- ``activities:calendar``: the month calendar and the home's coming lists, changed
  by every write to an activity (saved or deleted, whatever its month).
- ``activities:places``: the short lists every list page shows or looks its
  activities' places up in (campaigns, venues, spaces, teams, alliances and their
  programmes), changed by every write to one of them.
"""

from community_portal import versioned_cache

CALENDAR = "activities:calendar"
PLACES = "activities:places"


def calendar_version() -> str:
    return versioned_cache.version(CALENDAR)


def places_version() -> str:
    return versioned_cache.version(PLACES)


def activity_changed(**kwargs) -> None:
    """``post_save``/``post_delete`` receiver for ``Activity``."""
    versioned_cache.bump(CALENDAR)


def place_changed(**kwargs) -> None:
    """``post_save``/``post_delete`` receiver for the ``places`` models."""
    versioned_cache.bump(PLACES)
