"""Telling people what happened to what they asked for, a notice each
(``community_portal.notices``) created inside the service's transaction: the
author of a matter and everyone who seconded it when staff accept, answer or
resolve it; a booker when their booking is made, approved, refused or cancelled."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.notices.models import Notice
from community_portal.notices.services import notice_send

from .models import MatterEvent, SpaceBooking

TITLES = {
    MatterEvent.Kind.ACCEPTED: lambda: _("Your matter was accepted: %(title)s"),
    MatterEvent.Kind.REPLY: lambda: _("Your matter has an answer: %(title)s"),
    MatterEvent.Kind.RESOLVED: lambda: _("Your matter was resolved: %(title)s"),
    MatterEvent.Kind.REOPENED: lambda: _("Not solved yet, reopened: %(title)s"),
}


def matter_told(*, event: MatterEvent) -> None:
    matter = event.matter
    people = (
        User.objects.filter(
            Q(pk=matter.author_id) | Q(matter_seconds__matter_id=matter.pk)
        )
        .exclude(pk=event.by_user_id)
        .distinct()
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = TITLES[event.kind]() % {"title": matter.title}
        for person in people.order_by("pk"):
            notice_send(
                recipient=person,
                kind=Notice.Kind.MATTER,
                key=f"matter_event:{event.pk}:{person.pk}",
                title=title,
                body=event.text,
                url=matter.get_absolute_url(),
            )


def matter_follow_up_asked(*, event: MatterEvent) -> None:
    """After a resolution the author is asked whether it is solved (the matter's
    page shows the question with its two answers)."""
    matter = event.matter
    with translation.override(settings.LANGUAGE_CODE):
        notice_send(
            recipient=matter.author,
            kind=Notice.Kind.MATTER,
            key=f"matter_follow_up:{event.pk}",
            title=_("Has it been solved? %(title)s") % {"title": matter.title},
            body=_("Tell us on the matter's page: solved, or not solved."),
            url=matter.get_absolute_url(),
        )


FOLLOWER_TITLES = {
    MatterEvent.Kind.RAISED: lambda: _("New matter in %(place)s: %(title)s"),
    MatterEvent.Kind.RESOLVED: lambda: _("Resolved in %(place)s: %(title)s"),
}


def followers_told(*, matter, event: MatterEvent) -> None:
    """Residents following the matter's building or its grid hear of a new matter
    and of its result (not the author, not those it concerns already: they are
    told as author or seconder). Hidden matters are told to nobody."""
    if matter.building_id is None or matter.is_hidden:
        return
    building = matter.building
    people = (
        User.objects.filter(
            Q(follows__building_id=building.pk) | Q(follows__grid_id=building.grid_id)
        )
        .exclude(pk=matter.author_id)
        .exclude(matter_seconds__matter_id=matter.pk)
        .distinct()
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        title = FOLLOWER_TITLES[event.kind]() % {
            "place": building,
            "title": matter.title,
        }
        for person in people:
            notice_send(
                recipient=person,
                kind=Notice.Kind.MATTER,
                key=f"matter_followed:{event.pk}:{person.pk}",
                title=title,
                body=event.text,
                url=matter.get_absolute_url(),
            )


# --- Bookings of spaces -----------------------------------------------------------


def _booking_when(booking: SpaceBooking) -> str:
    start = timezone.localtime(booking.starts_at)
    end = timezone.localtime(booking.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


BOOKING_TITLES = {
    "confirmed": lambda: _("Your booking is confirmed: %(space)s, %(when)s"),
    "pending": lambda: _("Your booking waits for approval: %(space)s, %(when)s"),
    "approved": lambda: _("Your booking is approved: %(space)s, %(when)s"),
    "refused": lambda: _("Your booking was refused: %(space)s, %(when)s"),
    "cancelled": lambda: _("Your booking was cancelled: %(space)s, %(when)s"),
}


def booking_told(*, bookings: list[SpaceBooking], event: str, body: str = "") -> None:
    """Tell the booker about their booking (a weekly series: one notice for all of
    its weeks). ``event``: confirmed or pending (just booked), approved, refused,
    cancelled (by staff, or to make way for an activity). Once per booking and
    event (the notice's key)."""
    if not bookings:
        return
    first = bookings[0]
    with translation.override(settings.LANGUAGE_CODE):
        title = BOOKING_TITLES[event]() % {
            "space": first.space.name,
            "when": _booking_when(first),
        }
        if len(bookings) > 1:
            weeks = _("Every week, %(count)d times:") % {"count": len(bookings)}
            body = "\n".join(
                [body, weeks, *(_booking_when(b) for b in bookings)]
            ).strip()
        key = (
            f"booking_series:{first.series}:{event}"
            if len(bookings) > 1 and first.series
            else f"booking:{first.pk}:{event}"
        )
        notice_send(
            recipient=first.user,
            kind=Notice.Kind.BOOKING,
            key=key,
            title=title,
            body=body,
            url=reverse("venues:booking_mine"),
        )
