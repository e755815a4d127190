"""Serving at activities: sign up for a role, withdraw, check in and out."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
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
        now = timezone.now()
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
