"""Check-in at the door: by code, from the list, and walk-ins."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.timeutils import checkin_window_refusal

from ..checkin import make_code, read_code
from ..errors import Code
from ..models import Activity, Registration
from .common import (
    check_activity_takes_people,
    check_can_run_door,
    check_companions,
    format_time,
    get_activity,
    is_old_enough,
    lock_activity,
)


def checkin_code(registration: Registration) -> str:
    """The code a resident shows at the door (as text or a QR code)."""
    return make_code(
        registration_id=registration.pk, activity_id=registration.activity_id
    )


def check_checkin_window(activity: Activity) -> None:
    """Check-in is accepted from ``checkin_opens_minutes`` before the start until
    the end; outside, the message says when it opens."""
    refusal = checkin_window_refusal(
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        opens_minutes=activity.checkin_opens_minutes,
        now=timezone.now(),
    )
    if refusal is not None:
        raise ServiceError(Code.CHECKIN_CLOSED, refusal)


def _check_in_locked(
    registration: Registration, *, activity: Activity, by_user: User
) -> Registration:
    if activity.status == Activity.Status.CANCELLED:
        raise ServiceError(
            Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
        )
    check_checkin_window(activity)
    if registration.status == Registration.Status.CANCELLED:
        raise ServiceError(
            Code.REGISTRATION_CANCELLED, _("This registration has been cancelled.")
        )
    if registration.status == Registration.Status.WAITLISTED:
        raise ServiceError(
            Code.NOT_CONFIRMED,
            _("This registration is on the waitlist and has no seat yet."),
        )
    if registration.is_checked_in:
        raise ServiceError(
            Code.ALREADY_CHECKED_IN,
            _("Already checked in at %(time)s.")
            % {"time": format_time(registration.checked_in_at)},
        )
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by_user
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    return registration


def checkin_by_code(*, activity_id: int, code: str, by_user: User) -> Registration:
    """Check in the registration a code belongs to, once."""
    activity = get_activity(activity_id)
    check_can_run_door(user=by_user, activity=activity)
    parsed = read_code(code)
    if parsed.activity_id != activity.pk:
        raise ServiceError(
            Code.CODE_OTHER_ACTIVITY, _("This check-in code is for another activity.")
        )
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(pk=parsed.registration_id, activity_id=activity.pk)
            .first()
        )
        if registration is None:
            raise ServiceError(
                Code.CODE_INVALID,
                _("This check-in code is not valid. Please check it and try again."),
            )
        return _check_in_locked(registration, activity=activity, by_user=by_user)


def registration_check_in(*, registration_id: int, by_user: User) -> Registration:
    """Check someone in from the list at the door (no code: a phone left at
    home is common among older residents)."""
    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None:
        raise ServiceError(
            Code.REGISTRATION_NOT_FOUND, _("This registration does not exist.")
        )
    activity = get_activity(registration.activity_id)
    check_can_run_door(user=by_user, activity=activity)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        return _check_in_locked(registration, activity=activity, by_user=by_user)


def walk_in_add(
    *, activity_id: int, user: User, by_user: User, companions: int = 0
) -> Registration:
    """Record someone who turned up at the door, checked in at once.

    The organiser at the door decides whether there is room, so a walk-in may go
    beyond ``capacity`` (it is marked ``is_walk_in`` for the ledgers) and the
    registration window and age rule do not apply (an age exception is recorded as
    made by ``by_user``). Someone already registered is not added twice: a
    confirmed registration is checked in, a waitlisted one is confirmed and
    checked in. Cancelled or draft activities take no walk-ins.
    """
    activity = get_activity(activity_id)
    check_can_run_door(user=by_user, activity=activity)
    with transaction.atomic():
        activity = lock_activity(activity_id)
        check_activity_takes_people(activity)
        check_checkin_window(activity)
        check_companions(activity, companions)
        now = timezone.now()
        existing = (
            Registration.objects.select_for_update()
            .active()
            .filter(activity_id=activity_id, user_id=user.pk, member__isnull=True)
            .first()
        )
        if existing is not None:
            if existing.status == Registration.Status.WAITLISTED:
                Registration.PIPELINE.move(existing, Registration.Status.CONFIRMED)
                existing.confirmed_at = now
                existing.save(update_fields=["status", "confirmed_at", "updated_at"])
            return _check_in_locked(existing, activity=activity, by_user=by_user)
        return Registration.objects.create(
            activity=activity,
            user=user,
            companions=companions,
            status=Registration.Status.CONFIRMED,
            confirmed_at=now,
            checked_in_at=now,
            checked_in_by=by_user,
            is_walk_in=True,
            eligibility_overridden_by=(
                None if is_old_enough(activity, user) else by_user
            ),
        )
