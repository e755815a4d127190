"""One activity with what the visitor may do there."""

import functools
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityRecord,
    Rating,
    Registration,
)
from activities.services import RATING_WINDOW
from community_portal.permissions import is_community_staff

from .lists import activity_places_attach

# --- one activity ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityPage:
    """An activity with everything its page shows to this visitor."""

    activity: Activity
    """Annotated with ``rating_average``, ``rating_count`` and ``attendance``."""
    record: ActivityRecord | None
    """The published record, its ``photos`` prefetched."""
    registration: Registration | None
    """The visitor's active (confirmed or waitlisted) registration, with
    ``waitlist_position`` (0 when confirmed)."""
    attended: bool
    rating: Rating | None
    """The visitor's own rating, when they gave one."""
    household_registrations: tuple[Registration, ...] = ()
    """The active seats the visitor holds for members of their household."""

    @property
    def can_rate(self) -> bool:
        """Checked in, the activity over for less than 14 days, not rated yet."""
        activity = self.activity
        now = timezone.now()
        return (
            self.attended
            and self.rating is None
            and not activity.is_cancelled
            and activity.ends_at <= now <= activity.ends_at + RATING_WINDOW
        )


def registration_waitlist_position(*, registration_id: int) -> int:
    """Where a waitlisted registration stands (1 = next to get a seat)."""
    return (
        Registration.objects.filter(pk=registration_id)
        .with_waitlist_position()
        .values_list("waitlist_position", flat=True)
        .get()
    )


# Built once per process and filtered per request: building these annotations (the
# subqueries' references resolved and copied) costs more than running the query.
# Never evaluated themselves; every use is a filtered clone.


@functools.cache
def _activity_page_queryset() -> QuerySet[Activity]:
    # The venue, space, team and partner unit are not joined (five more joins cost
    # the planner more than the query): ``activity_get`` sets them from the cached
    # short lists.
    return (
        Activity.objects.prefetch_related("campaigns")
        .with_rating_summary()
        .with_attendance()
        .select_related("grid")
    )


@functools.cache
def _own_registrations_queryset() -> QuerySet[Registration]:
    return (
        Registration.objects.exclude(status=Registration.Status.CANCELLED)
        .select_related("member")
        .with_waitlist_position()
    )


def activity_get(*, pk: int, user) -> Activity | None:
    """The activity a visitor may see: drafts only for community staff."""
    activity = _activity_page_queryset().filter(pk=pk).first()
    if activity is None:
        return None
    if activity.status == Activity.Status.DRAFT and not is_community_staff(user):
        return None
    activity_places_attach([activity], with_organisers=True)
    return activity


def activity_page_get(*, pk: int, user) -> ActivityPage | None:
    """The activity page: the activity, its published record and, for a resident
    who is logged in, their registration and rating. A fixed number of queries
    whatever the number of registrations, ratings and photos."""
    activity = activity_get(pk=pk, user=user)
    if activity is None:
        return None
    record = None
    if activity.starts_at <= timezone.now():  # a record is written once it started
        record = (
            ActivityRecord.objects.published()
            .filter(activity_id=activity.pk)
            .prefetch_related("photos")
            .first()
        )
    registration, attended, rating, household = None, False, None, ()
    if user.is_authenticated:
        mine = list(
            _own_registrations_queryset().filter(
                activity_id=activity.pk, user_id=user.pk
            )
        )
        household = tuple(row for row in mine if row.member_id is not None)
        mine = [row for row in mine if row.member_id is None]
        registration = mine[0] if mine else None
        attended = registration is not None and registration.is_checked_in
        if activity.is_past:
            rating = Rating.objects.filter(
                activity_id=activity.pk, user_id=user.pk
            ).first()
    for row in (registration, *household):
        if row is None:
            continue
        row.activity = activity  # already loaded, with its annotations
        if row.status != Registration.Status.WAITLISTED:
            row.waitlist_position = 0
    return ActivityPage(
        activity=activity,
        record=record,
        registration=registration,
        attended=attended,
        rating=rating,
        household_registrations=household,
    )
