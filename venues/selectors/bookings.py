"""Reads of the bookings of spaces: a space's week of slots, a resident's own
bookings, the staff's list of bookings to decide, one booking for its calendar
file.

The week view reads the space, the week's bookings holding their time and the
week's activities in the space: three queries, whatever is booked. Activities
belong to a higher layer and are reached through the space's own relation
(``space.activities``), never imported."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.utils import timezone

from community_portal.pagination import paginate
from community_portal.permissions import is_community_staff
from community_portal.timeutils import local_day_bounds

from ..models import Space, SpaceBooking

MY_BOOKINGS_PER_PAGE = 20
STAFF_BOOKINGS_PER_PAGE = 30


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    # "free", "full", "blocked", "past" or "mine".
    state: str
    free: int


@dataclass(frozen=True)
class Day:
    date: datetime.date
    is_open: bool
    slots: list[Slot]

    @property
    def coming_slots(self) -> list[Slot]:
        """The slots not yet passed: a phone shows these, not a day of "passed"."""
        return [slot for slot in self.slots if slot.state != "past"]


@dataclass(frozen=True)
class BookingWeek:
    space: Space
    monday: datetime.date
    days: list[Day]
    previous: datetime.date | None
    next: datetime.date | None


def week_monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def bookable_space_get(*, slug: str) -> Space | None:
    return (
        Space.objects.select_related("venue")
        .exclude(booking_mode="off")
        .filter(slug=slug)
        .first()
    )


def booking_week(*, slug: str, day: datetime.date | None, user) -> BookingWeek | None:
    """The week (Monday to Sunday) holding ``day`` (today by default) of a
    bookable space, slot by slot; ``None`` when there is no such space."""
    space = bookable_space_get(slug=slug)
    if space is None:
        return None
    now = timezone.now()
    today = timezone.localdate()
    monday = week_monday(day or today)
    week_start, week_end = local_day_bounds(monday, monday + datetime.timedelta(days=6))
    bookings = list(
        SpaceBooking.objects.active()
        .filter(space=space)
        .overlapping(week_start, week_end)
        .values("kind", "user_id", "starts_at", "ends_at")
    )
    activities = list(
        space.activities.exclude(status="cancelled")
        .filter(starts_at__lt=week_end, ends_at__gt=week_start)
        .values("starts_at", "ends_at")
    )
    user_id = user.pk if user.is_authenticated else None
    zone = timezone.get_default_timezone()
    slot_length = datetime.timedelta(minutes=space.slot_minutes)
    days = []
    for offset in range(7):
        date = monday + datetime.timedelta(days=offset)
        is_open = str(date.isoweekday()) in space.open_weekdays
        slots = []
        if is_open:
            start = timezone.make_aware(
                datetime.datetime.combine(date, space.opens_at), zone
            )
            close = timezone.make_aware(
                datetime.datetime.combine(date, space.closes_at), zone
            )
            while start + slot_length <= close:
                end = start + slot_length
                here = [
                    b for b in bookings if b["starts_at"] < end and b["ends_at"] > start
                ]
                taken = sum(1 for b in here if b["kind"] == SpaceBooking.Kind.BOOKING)
                free = max(0, space.booking_capacity - taken)
                if start < now:
                    state = "past"
                elif user_id and any(
                    b["user_id"] == user_id and b["kind"] == SpaceBooking.Kind.BOOKING
                    for b in here
                ):
                    state = "mine"
                elif any(b["kind"] == SpaceBooking.Kind.BLOCK for b in here) or any(
                    a["starts_at"] < end and a["ends_at"] > start for a in activities
                ):
                    state = "blocked"
                elif free == 0:
                    state = "full"
                else:
                    state = "free"
                slots.append(Slot(start, end, state, free if state == "free" else 0))
                start = end
        days.append(Day(date, is_open, slots))
    last_day = today + datetime.timedelta(days=space.days_ahead)
    previous = monday - datetime.timedelta(weeks=1)
    following = monday + datetime.timedelta(weeks=1)
    return BookingWeek(
        space=space,
        monday=monday,
        days=days,
        previous=previous if following > today else None,
        next=following if following <= last_day else None,
    )


def booking_mine(*, user, page: object = 1) -> Page:
    """A resident's bookings, the latest first."""
    return paginate(
        SpaceBooking.objects.filter(user=user, kind=SpaceBooking.Kind.BOOKING)
        .with_related()
        .order_by("-starts_at", "-id"),
        page=page,
        per_page=MY_BOOKINGS_PER_PAGE,
    )


def booking_staff_list(*, status: str = "pending", page: object = 1) -> Page:
    """Bookings for staff: those waiting for approval (soonest first) by
    default, or those of another status, and staff blocks to come."""
    rows = SpaceBooking.objects.with_related()
    if status == "block":
        rows = rows.filter(kind=SpaceBooking.Kind.BLOCK, ends_at__gte=timezone.now())
    else:
        rows = rows.filter(kind=SpaceBooking.Kind.BOOKING, status=status)
    return paginate(
        rows.order_by("starts_at", "id"), page=page, per_page=STAFF_BOOKINGS_PER_PAGE
    )


def booking_ics_get(*, pk: int, user) -> SpaceBooking | None:
    """One booking for its calendar file: its booker's or any, for staff."""
    rows = SpaceBooking.objects.with_related().filter(pk=pk)
    if not is_community_staff(user):
        rows = rows.filter(user_id=user.pk)
    return rows.first()


def bookable_spaces() -> list[Space]:
    return list(
        Space.objects.select_related("venue")
        .exclude(booking_mode="off")
        .exclude(slug=None)
    )


__all__ = [
    "MY_BOOKINGS_PER_PAGE",
    "STAFF_BOOKINGS_PER_PAGE",
    "BookingWeek",
    "Day",
    "Slot",
    "bookable_space_get",
    "bookable_spaces",
    "booking_ics_get",
    "booking_mine",
    "booking_staff_list",
    "booking_week",
    "week_monday",
]
