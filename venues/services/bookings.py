"""Writes of the bookings of spaces: residents (and teams, weekly) book slots,
cancel them; staff approve, refuse with a reason, and block times.

No double booking, ever. ``booking_create`` and ``block_create`` lock the space
row (``select_for_update``; on SQLite the IMMEDIATE transaction holds the write
lock), then re-read what overlaps the new time — bookings and blocks holding
their time (pending or confirmed), the activities planned in the space — and
count it against the space's ``booking_capacity`` slot by slot. On PostgreSQL the
exclusion constraint of migration 0006 backs up spaces booked whole: an
overlapping exclusive row cannot be written by anyone. Freeing (cancel, refuse)
needs no lock.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff

from ..errors import Code
from ..models import Space, SpaceBooking
from ..notices import booking_told

MAX_WEEKS = 8


@dataclass(frozen=True)
class Occurrence:
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def _when(moment: datetime.datetime) -> str:
    return date_format(_local(moment), "SHORT_DATETIME_FORMAT")


def _lock_space(space_id: int) -> Space:
    space = Space.objects.select_for_update().filter(pk=space_id).first()
    if space is None:
        raise ServiceError(Code.SPACE_NOT_FOUND, _("This space does not exist."))
    return space


def _lock_booking(booking_id: int) -> SpaceBooking:
    booking = SpaceBooking.objects.select_for_update().filter(pk=booking_id).first()
    if booking is None:
        raise ServiceError(Code.BOOKING_NOT_FOUND, _("This booking does not exist."))
    return booking


def _check_staff(user: User) -> None:
    if not is_community_staff(user):
        raise ServiceError(
            Code.DECIDE_NOT_ALLOWED, _("Only community staff can decide bookings.")
        )


def check_times(
    *,
    space: Space,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    now: datetime.datetime,
    first: bool = True,
) -> None:
    """The rules of the space's hours for one occurrence (no database access)."""
    if starts_at < now:
        raise ServiceError(
            Code.IN_THE_PAST, _("This time has already passed."), field="start"
        )
    if ends_at <= starts_at:
        raise ServiceError(
            Code.NOT_ON_SLOT, _("A booking must end after it starts."), field="slots"
        )
    length = ends_at - starts_at
    slot = datetime.timedelta(minutes=space.slot_minutes)
    if length > slot * space.max_slots:
        raise ServiceError(
            Code.TOO_LONG,
            _("This space can be booked for at most %(minutes)d minutes at a time.")
            % {"minutes": space.slot_minutes * space.max_slots},
            field="slots",
        )
    if first and _local(starts_at).date() > (
        _local(now).date() + datetime.timedelta(days=space.days_ahead)
    ):
        raise ServiceError(
            Code.TOO_FAR_AHEAD,
            _("This space can be booked at most %(days)d days ahead.")
            % {"days": space.days_ahead},
            field="date",
        )
    local_start, local_end = _local(starts_at), _local(ends_at)
    if str(local_start.isoweekday()) not in space.open_weekdays:
        raise ServiceError(
            Code.CLOSED_DAY,
            _("%(space)s takes no bookings on this day.") % {"space": space.name},
            field="date",
        )
    if (
        local_start.date() != local_end.date()
        or local_start.time() < space.opens_at
        or local_end.time() > space.closes_at
    ):
        raise ServiceError(
            Code.OUTSIDE_HOURS,
            _("Bookings are taken from %(opens)s to %(closes)s.")
            % {
                "opens": space.opens_at.strftime("%H:%M"),
                "closes": space.closes_at.strftime("%H:%M"),
            },
            field="start",
        )
    opening = datetime.datetime.combine(local_start.date(), space.opens_at)
    offset = datetime.datetime.combine(local_start.date(), local_start.time()) - opening
    if offset % slot or length % slot:
        raise ServiceError(
            Code.NOT_ON_SLOT,
            _("Bookings start on the hour of a slot (every %(minutes)d minutes).")
            % {"minutes": space.slot_minutes},
            field="start",
        )


def _check_free(
    *,
    space: Space,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    user: User | None,
    block: bool,
) -> None:
    """Re-read what overlaps (the space is locked) and refuse a conflict."""
    if (
        space.activities.exclude(status="cancelled")
        .filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exists()
    ):
        raise ServiceError(
            Code.SLOT_BLOCKED,
            _("An activity takes place in %(space)s at %(when)s.")
            % {"space": space.name, "when": _when(starts_at)},
            field="start",
        )
    rows = list(
        SpaceBooking.objects.active()
        .filter(space=space)
        .overlapping(starts_at, ends_at)
        .values("kind", "user_id", "starts_at", "ends_at")
    )
    if any(row["kind"] == SpaceBooking.Kind.BLOCK for row in rows):
        raise ServiceError(
            Code.SLOT_BLOCKED,
            _("%(space)s is closed to bookings at %(when)s.")
            % {"space": space.name, "when": _when(starts_at)},
            field="start",
        )
    if block:
        if rows:
            raise ServiceError(
                Code.BOOKINGS_IN_THE_WAY,
                _("%(count)d bookings hold this time: cancel or refuse them first.")
                % {"count": len(rows)},
                field="starts_at",
            )
        return
    # Slot by slot: the most bookings at one moment of the new time.
    slot = datetime.timedelta(minutes=space.slot_minutes)
    moment = starts_at
    while moment < ends_at:
        taken = sum(
            1
            for row in rows
            if row["starts_at"] < moment + slot and row["ends_at"] > moment
        )
        if taken >= space.booking_capacity:
            raise ServiceError(
                Code.SLOT_FULL,
                _("%(space)s is fully booked at %(when)s.")
                % {"space": space.name, "when": _when(moment)},
                field="start",
            )
        moment += slot


def _check_own_overlap(
    *, user: User, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> None:
    own = (
        SpaceBooking.objects.active()
        .filter(user=user, kind=SpaceBooking.Kind.BOOKING)
        .overlapping(starts_at, ends_at)
        .select_related("space")
        .first()
    )
    if own is not None:
        raise ServiceError(
            Code.OWN_OVERLAP,
            _("You already have a booking at this time (%(space)s, %(when)s).")
            % {"space": own.space.name, "when": _when(own.starts_at)},
            field="start",
        )


def _insert(**values) -> SpaceBooking:
    try:
        with transaction.atomic():
            return SpaceBooking.objects.create(**values)
    except IntegrityError as error:
        # The exclusion constraint (PostgreSQL): someone was quicker.
        raise ServiceError(
            Code.SLOT_FULL,
            _("Someone has just booked this time; choose another."),
            field="start",
        ) from error


def booking_create(
    *,
    space_id: int,
    user: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    note: str = "",
    weeks: int = 1,
) -> list[SpaceBooking]:
    """Book ``starts_at``–``ends_at`` in the space, and the same time in each of
    the next ``weeks - 1`` weeks (a team's weekly slot): all of them or none.
    Confirmed at once where the space says so, otherwise waiting for staff."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ServiceError(
            Code.BAD_WEEKS,
            _("A weekly booking repeats for 1 to %(weeks)d weeks.")
            % {"weeks": MAX_WEEKS},
            field="weeks",
        )
    now = timezone.now()
    with transaction.atomic():
        space = _lock_space(space_id)
        if not space.is_bookable:
            raise ServiceError(Code.NOT_BOOKABLE, _("This space takes no bookings."))
        status = (
            SpaceBooking.Status.PENDING
            if space.needs_approval
            else SpaceBooking.Status.CONFIRMED
        )
        series = uuid.uuid4() if weeks > 1 else None
        made = []
        for week in range(weeks):
            shift = datetime.timedelta(weeks=week)
            start, end = (
                _local(starts_at) + shift,
                _local(ends_at) + shift,
            )
            check_times(
                space=space, starts_at=start, ends_at=end, now=now, first=week == 0
            )
            _check_own_overlap(user=user, starts_at=start, ends_at=end)
            _check_free(
                space=space, starts_at=start, ends_at=end, user=user, block=False
            )
            made.append(
                _insert(
                    space=space,
                    user=user,
                    starts_at=start,
                    ends_at=end,
                    status=status,
                    exclusive=space.booking_capacity == 1,
                    note=note.strip()[:200],
                    series=series,
                )
            )
        booking_told(bookings=made, event=status)
    return made


def booking_cancel(*, booking_id: int, user: User, reason: str = "") -> SpaceBooking:
    """The booker (or staff) cancels a booking that has not ended; the booker is
    told when staff did it."""
    with transaction.atomic():
        booking = _lock_booking(booking_id)
        if booking.user_id != user.pk and not is_community_staff(user):
            raise ServiceError(
                Code.BOOKING_NOT_FOUND, _("This booking does not exist.")
            )
        if booking.ends_at <= timezone.now():
            raise ServiceError(Code.ALREADY_OVER, _("This booking is already over."))
        _cancel(booking, reason=reason)
        if booking.user_id != user.pk and booking.kind == SpaceBooking.Kind.BOOKING:
            booking_told(
                bookings=[booking],
                event="cancelled",
                body=booking.cancellation_reason
                or _("The community staff cancelled it."),
            )
    return booking


def _cancel(booking: SpaceBooking, *, reason: str) -> None:
    SpaceBooking.PIPELINE.move(booking, SpaceBooking.Status.CANCELLED)
    booking.cancelled_at = timezone.now()
    booking.cancellation_reason = reason.strip()[:200]
    booking.save(
        update_fields=["status", "cancelled_at", "cancellation_reason", "updated_at"]
    )


def bookings_release_for_activity(
    *,
    space_id: int,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    title: str,
) -> list[SpaceBooking]:
    """An activity now takes place in the space at this time: cancel the bookings
    still to come that overlap it and tell each booker why. Staff blocks are left
    (staff chose them). Called by the activities app when an activity is placed
    or moved; an activity's own time is then blocked by ``_check_free``."""
    now = timezone.now()
    with transaction.atomic():
        _lock_space(space_id)
        released = list(
            SpaceBooking.objects.select_for_update(of=("self",))
            .active()
            .filter(space_id=space_id, kind=SpaceBooking.Kind.BOOKING, ends_at__gt=now)
            .overlapping(starts_at, ends_at)
            .select_related("space", "user")
        )
        reason = _("The space is needed for an activity: %(title)s") % {"title": title}
        for booking in released:
            _cancel(booking, reason=reason)
            booking_told(bookings=[booking], event="cancelled", body=reason)
    return released


def booking_confirm(*, booking_id: int, staff: User) -> SpaceBooking:
    """Staff approve a pending booking (it already holds its time)."""
    _check_staff(staff)
    with transaction.atomic():
        booking = _lock_booking(booking_id)
        SpaceBooking.PIPELINE.move(booking, SpaceBooking.Status.CONFIRMED)
        booking.decided_by = staff
        booking.decided_at = timezone.now()
        booking.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        booking_told(bookings=[booking], event="approved")
    return booking


def booking_refuse(*, booking_id: int, staff: User, reason: str) -> SpaceBooking:
    """Staff refuse a pending booking, saying why (the booker sees the reason)."""
    _check_staff(staff)
    reason = reason.strip()
    if not reason:
        raise ServiceError(
            Code.REASON_MISSING, _("Give a reason for refusing."), field="reason"
        )
    with transaction.atomic():
        booking = _lock_booking(booking_id)
        SpaceBooking.PIPELINE.move(booking, SpaceBooking.Status.REFUSED)
        booking.refusal_reason = reason[:200]
        booking.decided_by = staff
        booking.decided_at = timezone.now()
        booking.save(
            update_fields=[
                "status",
                "refusal_reason",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
        booking_told(bookings=[booking], event="refused", body=booking.refusal_reason)
    return booking


def block_create(
    *,
    space_id: int,
    staff: User,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    reason: str,
) -> SpaceBooking:
    """Staff close a space to bookings for a time (repairs, an event): refused
    while bookings hold part of it."""
    _check_staff(staff)
    if ends_at <= starts_at:
        raise ServiceError(
            Code.NOT_ON_SLOT, _("A block must end after it starts."), field="ends_at"
        )
    if not reason.strip():
        raise ServiceError(
            Code.REASON_MISSING, _("Say why the space is closed."), field="reason"
        )
    with transaction.atomic():
        space = _lock_space(space_id)
        _check_free(
            space=space, starts_at=starts_at, ends_at=ends_at, user=None, block=True
        )
        return _insert(
            space=space,
            user=staff,
            kind=SpaceBooking.Kind.BLOCK,
            starts_at=starts_at,
            ends_at=ends_at,
            status=SpaceBooking.Status.CONFIRMED,
            exclusive=True,
            note=reason.strip()[:200],
            decided_by=staff,
            decided_at=timezone.now(),
        )


__all__ = [
    "MAX_WEEKS",
    "block_create",
    "booking_cancel",
    "booking_confirm",
    "booking_create",
    "booking_refuse",
    "bookings_release_for_activity",
    "check_times",
]
