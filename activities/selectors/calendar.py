"""The month calendar: a light query per month, cached under the calendar
version (``activities.month_cache``)."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from activities.festivals import Festival, festivals_between
from activities.models import (
    Activity,
)
from activities.month_cache import calendar_version
from activities.selectors.lists import _local_midnight

# --- the month calendar ------------------------------------------------------------


CALENDAR_DAY_LIMIT = 3
CALENDAR_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class CalendarEntry:
    """An activity as the calendar shows it (no model instance: cached as is)."""

    pk: int
    title: str
    starts_at: datetime.datetime
    is_cancelled: bool
    url: str


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    activities: list[CalendarEntry] = field(default_factory=list)
    """The first ``CALENDAR_DAY_LIMIT`` of the day's activities."""
    festivals: list[Festival] = field(default_factory=list)
    more: int = 0
    """How many more start that day (the day's list links to them)."""

    @property
    def is_empty(self) -> bool:
        return not (self.activities or self.festivals)

    @property
    def total(self) -> int:
        return len(self.activities) + self.more


@dataclass(frozen=True)
class MonthCalendar:
    month: datetime.date  # its first day
    previous_month: datetime.date
    next_month: datetime.date
    weeks: list[list[CalendarDay]]
    """Monday to Sunday; days of the neighbouring months have ``in_month`` False
    and no activities."""

    @property
    def days(self) -> list[CalendarDay]:
        """The month's own days, in order."""
        return [day for week in self.weeks for day in week if day.in_month]

    @property
    def busy_days(self) -> list[CalendarDay]:
        return [day for day in self.days if not day.is_empty]


def activity_calendar(*, month: datetime.date) -> MonthCalendar:
    """The published (and cancelled) activities and the festivals of the month
    ``month`` falls in, laid out in weeks, at most ``CALENDAR_DAY_LIMIT`` a day
    (``more`` counts the rest). Cached per month, day and language under a version
    that every write to an activity changes (``activities.month_cache``); on a miss
    one query."""
    key = activity_calendar_key(month=month)
    cached = cache.get(key)
    if cached is None:
        cached = _month_calendar(first=month.replace(day=1), today=timezone.localdate())
        cache.set(key, cached, CALENDAR_CACHE_SECONDS)
    return cached


def activity_calendar_key(*, month: datetime.date) -> str:
    """What the month's calendar depends on: the version, the month, today and the
    language (the page caches its drawn days on it too)."""
    first = month.replace(day=1)
    return (
        f"activities:calendar:{calendar_version()}:{first.isoformat()}:"
        f"{timezone.localdate().isoformat()}:{get_language()}"
    )


def _month_calendar(*, first: datetime.date, today: datetime.date) -> MonthCalendar:
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    following = last + datetime.timedelta(days=1)
    rows = (
        Activity.objects.published()
        .filter(
            starts_at__lt=_local_midnight(following),
            ends_at__gt=_local_midnight(first),
        )
        .order_by("starts_at", "id")
        .values_list("pk", "title", "starts_at", "status")
    )
    # One reverse() for the month, not one per activity.
    url_head = reverse("activities:detail", kwargs={"pk": 1}).removesuffix("1/")
    by_day: dict[datetime.date, CalendarDay] = {}
    for pk, title, starts_at, status in rows:
        # Listed on the day it starts (or the 1st when it began last month).
        date = max(timezone.localtime(starts_at).date(), first)
        day = by_day.setdefault(date, CalendarDay(date, True, date == today))
        if len(day.activities) < CALENDAR_DAY_LIMIT:
            day.activities.append(
                CalendarEntry(
                    pk=pk,
                    title=title,
                    starts_at=starts_at,
                    is_cancelled=status == Activity.Status.CANCELLED,
                    url=f"{url_head}{pk}/",
                )
            )
        else:
            day.more += 1
    festivals: dict[datetime.date, list[Festival]] = {}
    for festival in festivals_between(first, last):
        festivals.setdefault(festival.date, []).append(festival)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
        first.year, first.month
    ):
        row = []
        for date in week:
            if date.month != first.month:
                row.append(CalendarDay(date, False, date == today))
                continue
            day = by_day.get(date) or CalendarDay(date, True, date == today)
            day.festivals = festivals.get(date, [])
            row.append(day)
        weeks.append(row)
    return MonthCalendar(
        month=first,
        previous_month=(first - datetime.timedelta(days=1)).replace(day=1),
        next_month=following,
        weeks=weeks,
    )
