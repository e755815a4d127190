"""A booking of a space as an iCalendar (RFC 5545) file for the phone's
calendar: one event, in the portal's zone, with a UID that never changes."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import SpaceBooking

PRODID = "-//Community portal//New Era Civilization Practice Center//ZH"
DEFAULT_UID_DOMAIN = "community-portal.local"


def booking_to_ical(booking: SpaceBooking, *, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    domain = getattr(settings, "ICAL_UID_DOMAIN", DEFAULT_UID_DOMAIN)
    event.add("uid", f"space-booking-{booking.pk}@{domain}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(booking.starts_at))
    event.add("dtend", timezone.localtime(booking.ends_at))
    event.add(
        "summary",
        _("Booking: %(space)s") % {"space": booking.space.name},
    )
    event.add(
        "location",
        " ".join(
            part
            for part in (
                booking.space.venue.name,
                booking.space.name,
                booking.space.location,
            )
            if part
        ),
    )
    status = {
        SpaceBooking.Status.CONFIRMED: "CONFIRMED",
        SpaceBooking.Status.PENDING: "TENTATIVE",
    }.get(booking.status, "CANCELLED")
    event.add("status", status)
    parts = [booking.get_status_display(), booking.note, booking.refusal_reason, url]
    event.add("description", "\n\n".join(part for part in parts if part))
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
