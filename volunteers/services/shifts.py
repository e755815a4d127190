"""Serving at activities: sign up for a role, withdraw, check in and out (by the
organiser, or by the volunteer scanning the activity's door QR)."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.timeutils import checkin_window_refusal

from ..errors import Code
from ..models import (
    HoursEntry,
    VolunteerRole,
    VolunteerShift,
)
from .common import (
    _approved_volunteer,
    _not_allowed,
    can_organise_activity,
)
from .hours import _hours_create

# --- serving at activities ------------------------------------------------------------


def _check_role_open(activity, *, now: datetime.datetime) -> None:
    if activity.status != activity.Status.PUBLISHED or now >= activity.ends_at:
        raise ServiceError(
            Code.ACTIVITY_CLOSED,
            _("This activity is no longer taking volunteers."),
        )


def shift_sign_up(*, role_id: int, user: User) -> VolunteerShift:
    """An approved volunteer signs up for a role; never more than it needs."""
    volunteer = _approved_volunteer(user)
    role = VolunteerRole.objects.select_related("activity").filter(pk=role_id).first()
    if role is None:
        raise ServiceError(Code.NOT_FOUND, _("This role does not exist."))
    _check_role_open(role.activity, now=timezone.now())
    already = ServiceError(
        Code.ALREADY_SIGNED_UP, _("You have already signed up for this role.")
    )
    if role.shifts.active().filter(volunteer_id=volunteer.pk).exists():
        raise already
    with transaction.atomic():
        role = VolunteerRole.objects.select_for_update().get(pk=role_id)
        _check_role_open(role.activity, now=timezone.now())
        shifts = role.shifts.active()
        if shifts.filter(volunteer_id=volunteer.pk).exists():
            raise already
        if shifts.count() >= role.needed:
            raise ServiceError(
                Code.ROLE_FULL, _("This role already has all the volunteers it needs.")
            )
        try:
            with transaction.atomic():
                return VolunteerShift.objects.create(role=role, volunteer=volunteer)
        except IntegrityError:
            raise already from None


def shift_cancel(*, shift_id: int, user: User) -> VolunteerShift:
    """A volunteer withdraws from a role before checking in."""
    with transaction.atomic():
        shift = (
            VolunteerShift.objects.select_for_update()
            .select_related("volunteer")
            .filter(pk=shift_id)
            .first()
        )
        if shift is None or shift.volunteer.user_id != user.pk:
            raise ServiceError(Code.NOT_FOUND, _("This sign-up does not exist."))
        if shift.status == VolunteerShift.Status.CANCELLED:
            raise ServiceError(
                Code.WRONG_STATUS, _("This sign-up is already cancelled.")
            )
        if shift.checked_in_at:
            raise ServiceError(
                Code.ALREADY_CHECKED_IN,
                _("You have checked in already; please tell the organiser instead."),
            )
        VolunteerShift.PIPELINE.move(shift, VolunteerShift.Status.CANCELLED)
        shift.save()
    return shift


def _organiser_shift(shift_id: int, by_user: User) -> VolunteerShift:
    shift = (
        VolunteerShift.objects.select_for_update()
        .select_related("role__activity")
        .filter(pk=shift_id)
        .first()
    )
    if shift is None:
        raise ServiceError(Code.NOT_FOUND, _("This sign-up does not exist."))
    if not can_organise_activity(user=by_user, activity=shift.role.activity):
        raise _not_allowed(
            _("Only community staff and the organising team can do this.")
        )
    if shift.status == VolunteerShift.Status.CANCELLED:
        raise ServiceError(Code.WRONG_STATUS, _("This sign-up has been cancelled."))
    return shift


def shift_check_in(*, shift_id: int, by_user: User) -> VolunteerShift:
    """The organiser checks a volunteer in at the activity."""
    with transaction.atomic():
        shift = _organiser_shift(shift_id, by_user)
        if shift.checked_in_at:
            raise ServiceError(
                Code.ALREADY_CHECKED_IN, _("This volunteer is already checked in.")
            )
        now = timezone.now()
        activity = shift.role.activity
        refusal = checkin_window_refusal(
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            opens_minutes=activity.checkin_opens_minutes,
            now=now,
        )
        if refusal is not None:
            raise ServiceError(Code.ACTIVITY_CLOSED, refusal)
        shift.checked_in_at = now
        shift.save()
    return shift


def shift_check_out(*, shift_id: int, by_user: User) -> HoursEntry:
    """The organiser checks a volunteer out; the time between becomes hours waiting
    for staff to verify (rounded to half hours, at least half an hour)."""
    with transaction.atomic():
        shift = _organiser_shift(shift_id, by_user)
        if not shift.checked_in_at:
            raise ServiceError(
                Code.NOT_CHECKED_IN, _("This volunteer has not checked in.")
            )
        if shift.checked_out_at:
            raise ServiceError(
                Code.ALREADY_CHECKED_OUT, _("This volunteer is already checked out.")
            )
        return _check_out(shift, by_user=by_user, now=timezone.now())


def _check_out(shift: VolunteerShift, *, by_user: User, now) -> HoursEntry:
    """Inside the shift's lock: the time since the check-in becomes hours waiting
    for staff to verify (rounded to half hours, at least half an hour)."""
    seconds = (now - shift.checked_in_at).total_seconds()
    halves = max(1, round(seconds / 1800))
    hours = min(Decimal(halves) / 2, Decimal(HoursEntry.MAX_HOURS_PER_DAY))
    shift.checked_out_at = now
    shift.save()
    return _hours_create(
        volunteer_id=shift.volunteer_id,
        activity=shift.role.activity,
        hours=hours,
        source=HoursEntry.Source.CHECK_OUT,
        by_user=by_user,
    )


# A second scan this soon after the first is a double scan, not the shift's end.
DOOR_SCAN_MIN_SHIFT = datetime.timedelta(minutes=15)
# The end of a shift is taken until this long after the activity ends (clearing up);
# later, the team leader enters the hours.
DOOR_SCAN_END_GRACE = datetime.timedelta(hours=2)


def shift_door_scan(
    *, activity_id: int, user: User
) -> tuple[VolunteerShift, HoursEntry | None]:
    """A volunteer scans the activity's door QR: the first scan starts their shift
    (within the check-in window), the second ends it and makes the hours, waiting
    for staff to verify as any others. Returns the shift and, at the end, the hours.
    """
    with transaction.atomic():
        shifts = (
            VolunteerShift.objects.select_for_update()
            .select_related("role__activity")
            .active()
            .filter(volunteer__user_id=user.pk, role__activity_id=activity_id)
            .order_by(models.F("checked_in_at").asc(nulls_last=True), "pk")
        )
        shift = shifts.filter(checked_out_at__isnull=True).first()
        if shift is None:
            if shifts.exists():
                raise ServiceError(
                    Code.ALREADY_CHECKED_OUT,
                    _("Your shift at this activity has already been recorded."),
                )
            raise ServiceError(
                Code.DID_NOT_SERVE,
                _("You have not signed up to serve at this activity."),
            )
        activity = shift.role.activity
        now = timezone.now()
        if shift.checked_in_at is None:
            refusal = checkin_window_refusal(
                starts_at=activity.starts_at,
                ends_at=activity.ends_at,
                opens_minutes=activity.checkin_opens_minutes,
                now=now,
            )
            if refusal is not None:
                raise ServiceError(Code.ACTIVITY_CLOSED, refusal)
            shift.checked_in_at = now
            shift.save()
            return shift, None
        started = formats.date_format(timezone.localtime(shift.checked_in_at), "H:i")
        if now - shift.checked_in_at < DOOR_SCAN_MIN_SHIFT:
            raise ServiceError(
                Code.NOT_CHECKED_OUT,
                _(
                    "Your shift started at %(time)s. Scan the door QR again when "
                    "your shift ends."
                )
                % {"time": started},
            )
        if now > activity.ends_at + DOOR_SCAN_END_GRACE:
            raise ServiceError(
                Code.ACTIVITY_CLOSED,
                _(
                    "The end of your shift can no longer be recorded by scanning; "
                    "please ask the team leader to enter your hours."
                ),
            )
        return shift, _check_out(shift, by_user=user, now=now)
