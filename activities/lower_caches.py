"""The lower apps' cached reads that this app's rows change: they reach activities
through their relations and cannot know the writes, so the receivers live here
(``ActivitiesConfig.ready``).

- ``grids:participation`` (a grid's per-household garbage-sorting participation):
  a registration checked in (or no longer), moved to another member or deleted; a
  campaign saved or deleted; an activity's campaigns changed.
"""

from community_portal import versioned_cache
from grids.selectors import HOUSEHOLD_PARTICIPATION_CACHE


def registration_saved(
    *, instance, created=False, update_fields=None, **kwargs
) -> None:
    """``post_save`` of a registration: only a checked-in seat counts, so a seat
    that is not checked in and whose check-in was not just written changes
    nothing (a sign-up, a cancellation, a waitlist promotion)."""
    if instance.checked_in_at is None and (
        created or (update_fields is not None and "checked_in_at" not in update_fields)
    ):
        return
    versioned_cache.bump(HOUSEHOLD_PARTICIPATION_CACHE)


def registration_deleted(*, instance, **kwargs) -> None:
    if instance.checked_in_at is not None:
        versioned_cache.bump(HOUSEHOLD_PARTICIPATION_CACHE)


def campaigns_changed(**kwargs) -> None:
    """``post_save``/``post_delete`` of a campaign, ``m2m_changed`` of an
    activity's campaigns."""
    versioned_cache.bump(HOUSEHOLD_PARTICIPATION_CACHE)
