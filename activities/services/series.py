"""Recurring series: their dates, and generating their occurrences."""

import calendar
import datetime
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.errors import ServiceError
from venues.services import bookings_release_for_activity

from ..errors import Code
from ..models import Activity, ActivitySeries

_MONTHS_BETWEEN = {
    ActivitySeries.Frequency.MONTHLY: 1,
    ActivitySeries.Frequency.QUARTERLY: 3,
}


def _add_months(date: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the 31st becomes the month's last day."""
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return date.replace(
        year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1])
    )


def series_dates(
    series: ActivitySeries, *, skipped: Collection[datetime.date] = ()
) -> list[datetime.date]:
    """The dates a series takes place on, from ``starts_on`` to ``ends_on``,
    without the ``skipped`` ones. Each is counted from the first date (never from
    the previous one), so a monthly series on the 31st returns to the 31st after a
    short month."""
    dates = []
    step = 0
    while True:
        if series.frequency == ActivitySeries.Frequency.WEEKLY:
            date = series.starts_on + datetime.timedelta(weeks=step)
        else:
            date = _add_months(
                series.starts_on, _MONTHS_BETWEEN[series.frequency] * step
            )
        if date > series.ends_on:
            return dates
        if date not in skipped:
            dates.append(date)
        step += 1


def series_generate(*, series_id: int, publish: bool = False) -> list[Activity]:
    """Create the series' activities that do not exist yet and return them.

    Running it again creates nothing twice: an occurrence is known by its series
    and start (a unique constraint backs this up), so after ``ends_on`` is moved
    on only the new dates are added. Occurrences are drafts unless ``publish``.
    Existing occurrences are left alone: each may have been edited since. Each
    new occurrence carries the series' limits (companions, ages, cancellation
    cut-off, check-in window) and its registration window counted back from its
    own start; skipped dates get none.
    """
    with transaction.atomic():
        series = ActivitySeries.objects.select_for_update().filter(pk=series_id).first()
        if series is None:
            raise ServiceError(Code.SERIES_NOT_FOUND, _("This series does not exist."))
        zone = timezone.get_default_timezone()
        starts = [
            timezone.make_aware(
                datetime.datetime.combine(date, series.start_time), zone
            )
            for date in series_dates(
                series,
                skipped=set(series.skipped_dates.values_list("date", flat=True)),
            )
        ]
        existing = set(
            Activity.objects.filter(series=series, starts_at__in=starts).values_list(
                "starts_at", flat=True
            )
        )
        created = []
        for starts_at in starts:
            if starts_at in existing:
                continue
            opens = closes = None
            if series.registration_opens_days is not None:
                opens = starts_at - datetime.timedelta(
                    days=series.registration_opens_days
                )
            if series.registration_closes_hours is not None:
                closes = starts_at - datetime.timedelta(
                    hours=series.registration_closes_hours
                )
            created.append(
                Activity.objects.create(
                    series=series,
                    title=series.title,
                    strand=series.strand,
                    venue_id=series.venue_id,
                    space_id=series.space_id,
                    location=series.location,
                    team_id=series.team_id,
                    alliance_id=series.alliance_id,
                    audience=series.audience,
                    capacity=series.capacity,
                    min_age=series.min_age,
                    max_age=series.max_age,
                    max_companions=series.max_companions,
                    cancellation_cutoff_hours=series.cancellation_cutoff_hours,
                    checkin_opens_minutes=series.checkin_opens_minutes,
                    registration_opens_at=opens,
                    registration_closes_at=closes,
                    summary=series.summary,
                    description=series.description,
                    starts_at=starts_at,
                    ends_at=starts_at + series.duration,
                    status=(
                        Activity.Status.PUBLISHED if publish else Activity.Status.DRAFT
                    ),
                )
            )
            if series.space_id:
                # The occurrence holds its space: bookings in the way give way.
                bookings_release_for_activity(
                    space_id=series.space_id,
                    starts_at=starts_at,
                    ends_at=starts_at + series.duration,
                    title=series.title,
                )
    return created
