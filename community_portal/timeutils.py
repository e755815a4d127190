"""Time helpers shared by the apps: local calendar days as aware datetimes, and
the check-in window of an activity."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


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


def checkin_window_refusal(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    opens_minutes: int,
    now: datetime.datetime,
) -> str | None:
    """Why check-in at an activity is not accepted at ``now``, or ``None``.

    Check-in (by the staff at the door, by the door QR, of volunteers) is open
    from ``opens_minutes`` before the start until the end; too early, the message
    says when it opens (local time), so that nobody is "checked in" days ahead
    and loses the chance to cancel."""
    opens_at = starts_at - datetime.timedelta(minutes=opens_minutes)
    if now < opens_at:
        return _("Check-in is not open yet: it opens at %(time)s.") % {
            "time": formats.date_format(timezone.localtime(opens_at), "DATETIME_FORMAT")
        }
    if now >= ends_at:
        return _("This activity has ended; check-in is closed.")
    return None
