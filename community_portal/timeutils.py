"""Time helpers shared by the apps: local calendar days as aware datetimes."""

import datetime

from django.utils import timezone


def local_day_bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, the day after end 00:00) in the portal's time zone: every moment
    of the local days from ``start`` to ``end``, both included."""
    zone = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time()), zone),
        timezone.make_aware(
            datetime.datetime.combine(
                end + datetime.timedelta(days=1), datetime.time()
            ),
            zone,
        ),
    )
