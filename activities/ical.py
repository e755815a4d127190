"""Activities as iCalendar (RFC 5545): one event to add to a phone's calendar,
and a feed of all of them to subscribe to.

Times are written in the portal's zone (``TZID=Asia/Shanghai``) with its
VTIMEZONE, so calendars in other zones show them right. An event's UID never
changes (``activity-<pk>@<domain>``) and its SEQUENCE grows with every save of the
activity, so a subscribed calendar updates the event instead of duplicating it;
a cancelled activity stays in the feed as ``STATUS:CANCELLED`` so that calendars
remove or strike it.
"""

import datetime
import functools
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from .models import Activity

PRODID = "-//Community portal//New Era Civilization Practice Center//ZH"
# UIDs must stay the same when the portal moves to another host name, so they
# use a fixed domain (``ICAL_UID_DOMAIN`` in the settings may name another).
DEFAULT_UID_DOMAIN = "community-portal.local"
# SEQUENCE counts seconds since this moment: it grows with each save and stays
# well inside the 32-bit integers some calendar programs use.
SEQUENCE_EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
# Subscribed calendars are asked to look for changes this often.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@functools.cache
def _vtimezone(tzid: str) -> Timezone:
    # Generated from the tz database, not typed in: one STANDARD part for
    # Asia/Shanghai, which has kept +08:00 without daylight saving since 1991.
    return Timezone.from_tzid(
        tzid, first_date=datetime.date(2000, 1, 1), last_date=datetime.date(2100, 1, 1)
    )


def activity_uid(activity: Activity) -> str:
    domain = getattr(settings, "ICAL_UID_DOMAIN", DEFAULT_UID_DOMAIN)
    return f"activity-{activity.pk}@{domain}"


def activity_sequence(activity: Activity) -> int:
    return max(0, int((activity.updated_at - SEQUENCE_EPOCH).total_seconds()))


def _one_line(text: str) -> str:
    """A title or place on one line: a line break typed into it (a lone CR above all,
    which icalendar does not escape) would break the content line."""
    return " ".join(str(text).split())


def _paragraphs(text: str) -> str:
    """Free text with every kind of line break as LF, which icalendar escapes."""
    return str(text).replace("\r\n", "\n").replace("\r", "\n")


def _location(activity: Activity) -> str:
    parts = [
        activity.venue.name if activity.venue_id else "",
        activity.space.name if activity.space_id else "",
        activity.location,
    ]
    return _one_line(" ".join(part for part in parts if part))


def _description(activity: Activity, url: str) -> str:
    parts = []
    if activity.is_cancelled:
        parts.append(_("This activity has been cancelled."))
        if activity.cancellation_reason:
            parts.append(
                _("Reason: %(reason)s") % {"reason": activity.cancellation_reason}
            )
    parts += [activity.summary, activity.description, url]
    return _paragraphs("\n\n".join(part for part in parts if part))


def activity_event(activity: Activity, *, url: str) -> Event:
    """The VEVENT of one activity (``venue`` and ``space`` should be loaded)."""
    zone = _zone()
    event = Event()
    event.add("uid", activity_uid(activity))
    event.add("dtstamp", activity.updated_at.astimezone(datetime.UTC))
    event.add("created", activity.created_at.astimezone(datetime.UTC))
    event.add("last-modified", activity.updated_at.astimezone(datetime.UTC))
    event.add("sequence", activity_sequence(activity))
    title = activity.title
    if activity.is_cancelled:
        title = _("Cancelled: %(title)s") % {"title": title}
    event.add("summary", _one_line(title))
    event.add("dtstart", timezone.localtime(activity.starts_at, zone))
    event.add("dtend", timezone.localtime(activity.ends_at, zone))
    location = _location(activity)
    if location:
        event.add("location", location)
    event.add("description", _description(activity, url))
    event.add("url", url)
    event.add("categories", [str(activity.get_strand_display())])
    event.add("status", "CANCELLED" if activity.is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def calendar_to_ical(
    activities: Iterable[Activity], *, name: str, url_for: Callable[[Activity], str]
) -> bytes:
    """A whole VCALENDAR for ``activities``; ``url_for`` gives each one's absolute
    address."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    # An X- property is text to icalendar: give it the duration type, or it writes
    # Python's "6:00:00" instead of the ISO 8601 "PT6H" that Outlook and Apple read.
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    calendar.add_component(_vtimezone(settings.TIME_ZONE))
    for activity in activities:
        calendar.add_component(activity_event(activity, url=url_for(activity)))
    return calendar.to_ical()
