"""Sign-up, cancellation and the waitlist.

Seats are never oversold. Every function that can take a seat opens its own
transaction, locks the activity row once (``select_for_update()``), re-checks the
rules against the locked row and only then writes; the lock guards every status
change of that activity's registrations. The unique constraint "one active
registration per person and activity" backs it up. On SQLite ``select_for_update()``
does nothing, but the settings make every transaction ``BEGIN IMMEDIATE``, which
serialises writers just the same.

Lock order, to stay free of deadlocks: the activity first, then a registration.
Every status change goes through ``Registration.PIPELINE``. Residents are told
about changes through ``activities.notifications``, only after the commit.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.permissions import is_community_staff

from .. import notifications
from ..errors import Code
from ..models import Activity, Registration
from .common import (
    age_rule_message,
    check_activity_takes_people,
    check_companions,
    format_time,
    get_activity,
    lock_activity,
    on_commit,
)


def _check_registrable(
    *,
    activity: Activity,
    user: User,
    companions: int,
    override_eligibility_by: User | None,
    now: datetime.datetime,
) -> bool:
    """Every rule but seats. Returns whether the age rule needed the override."""
    check_activity_takes_people(activity)
    if now >= activity.ends_at:
        raise ServiceError(Code.ENDED, _("This activity has already ended."))
    if activity.registration_opens_at and now < activity.registration_opens_at:
        raise ServiceError(
            Code.NOT_OPEN_YET,
            _("Registration opens at %(time)s.")
            % {"time": format_time(activity.registration_opens_at)},
        )
    if now >= activity.registration_deadline:
        raise ServiceError(Code.CLOSED, _("Registration for this activity has closed."))
    check_companions(activity, companions)
    refusal = age_rule_message(activity, user)
    if refusal is None:
        return False
    if override_eligibility_by is None:
        raise ServiceError(Code.NOT_ELIGIBLE, refusal)
    return True


def _already_registered() -> ServiceError:
    return ServiceError(
        Code.ALREADY_REGISTERED, _("You are already registered for this activity.")
    )


def _own_seat(user: User) -> Q:
    """The registrations that are ``user``'s own seat: signed up by themselves,
    or by a relative as a member of their household."""
    return Q(user_id=user.pk, member__isnull=True) | Q(member__user_id=user.pk)


def registration_create(
    *,
    activity_id: int,
    user: User,
    companions: int = 0,
    override_eligibility_by: User | None = None,
) -> Registration:
    """Sign ``user`` (plus companions) up: confirmed while seats remain and nobody
    is waiting, otherwise onto the waitlist.

    ``override_eligibility_by`` is a staff member letting someone in who does not
    meet the minimum age; it is recorded only when the age rule needed it.
    """
    if override_eligibility_by is not None and not is_community_staff(
        override_eligibility_by
    ):
        raise ServiceError(
            Code.NOT_ALLOWED, _("Only community staff can make an exception.")
        )
    # Fail fast without the lock: closed activities, double clicks.
    activity = get_activity(activity_id)
    _check_registrable(
        activity=activity,
        user=user,
        companions=companions,
        override_eligibility_by=override_eligibility_by,
        now=timezone.now(),
    )
    if (
        Registration.objects.active()
        .filter(_own_seat(user), activity_id=activity_id)
        .exists()
    ):
        raise _already_registered()

    with transaction.atomic():
        activity = lock_activity(activity_id)
        now = timezone.now()
        overridden = _check_registrable(
            activity=activity,
            user=user,
            companions=companions,
            override_eligibility_by=override_eligibility_by,
            now=now,
        )
        counts = Registration.objects.filter(activity_id=activity_id).aggregate(
            seats_taken=Coalesce(
                Sum(
                    F("companions") + 1, filter=Q(status=Registration.Status.CONFIRMED)
                ),
                0,
            ),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
            mine=Count(
                "pk",
                filter=_own_seat(user) & ~Q(status=Registration.Status.CANCELLED),
            ),
        )
        if counts["mine"]:
            raise _already_registered()
        # Nobody jumps the queue: while anyone waits, newcomers wait behind them.
        confirm = activity.capacity is None or (
            not counts["waiting"]
            and counts["seats_taken"] + 1 + companions <= activity.capacity
        )
        try:
            registration = Registration.objects.create(
                activity=activity,
                user=user,
                companions=companions,
                status=(
                    Registration.Status.CONFIRMED
                    if confirm
                    else Registration.Status.WAITLISTED
                ),
                confirmed_at=now if confirm else None,
                waitlisted_at=None if confirm else now,
                eligibility_overridden_by=(
                    override_eligibility_by if overridden else None
                ),
            )
        except IntegrityError:
            # Only the one-active-registration constraint can fail here (the rest
            # was checked above); it backs up the check made under the lock.
            raise _already_registered() from None
        on_commit(
            notifications.registration_confirmed
            if confirm
            else notifications.registration_waitlisted,
            registration,
        )
    return registration


def promote_waitlist_locked(
    activity: Activity, *, now: datetime.datetime
) -> list[Registration]:
    """Confirm waitlisted registrations, oldest first, while their seats fit.
    Strictly in order: a large party at the head is not skipped, and a
    household's party is promoted whole or waits. The caller holds the activity
    lock."""
    if activity.status != Activity.Status.PUBLISHED or now >= activity.ends_at:
        return []
    registrations = Registration.objects.filter(activity_id=activity.pk)
    free = None
    if activity.capacity is not None:
        free = activity.capacity - registrations.confirmed().seat_count()
    promoted = []
    for group in _waitlist_groups(list(registrations.waitlisted())):
        seats = sum(registration.seats for registration in group)
        if free is not None and seats > free:
            break
        for registration in group:
            Registration.PIPELINE.move(registration, Registration.Status.CONFIRMED)
            registration.confirmed_at = now
            registration.save(update_fields=["status", "confirmed_at", "updated_at"])
            promoted.append(registration)
        # One notice per sign-up: a household's adult hears once for the party.
        on_commit(notifications.registration_promoted, group[0])
        if free is not None:
            free -= seats
    return promoted


def _waitlist_groups(waitlisted: list[Registration]) -> list[list[Registration]]:
    """The waitlist in promotion order, a household's party (same ``party``) as
    one group at the place of its first row: promoted all at once or not at all."""
    groups: list[list[Registration]] = []
    by_party: dict = {}
    for registration in waitlisted:
        if registration.party is None:
            groups.append([registration])
        elif registration.party in by_party:
            by_party[registration.party].append(registration)
        else:
            by_party[registration.party] = [registration]
            groups.append(by_party[registration.party])
    return groups


def waitlist_promote(*, activity_id: int) -> list[Registration]:
    """Fill free seats from the waitlist; returns the promoted registrations."""
    with transaction.atomic():
        activity = lock_activity(activity_id)
        return promote_waitlist_locked(activity, now=timezone.now())


def registration_cancel(
    *, registration_id: int, user: User, by_staff: bool = False
) -> Registration:
    """Cancel a registration (the row stays) and promote from the waitlist in the
    same transaction. Residents cancel their own confirmed seats until the
    activity's cut-off; staff (``by_staff=True``) cancel any, any time. Leaving the
    waitlist is always allowed."""
    if by_staff and not is_community_staff(user):
        raise ServiceError(
            Code.NOT_ALLOWED, _("You are not allowed to cancel this registration.")
        )
    activity_id = (
        Registration.objects.filter(pk=registration_id)
        .values_list("activity_id", flat=True)
        .first()
    )
    if activity_id is None:
        raise ServiceError(
            Code.REGISTRATION_NOT_FOUND, _("This registration does not exist.")
        )
    with transaction.atomic():
        activity = lock_activity(activity_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        now = timezone.now()
        if not by_staff and registration.user_id != user.pk:
            raise ServiceError(
                Code.NOT_ALLOWED,
                _("You are not allowed to cancel this registration."),
            )
        if registration.status == Registration.Status.CANCELLED:
            raise ServiceError(
                Code.ALREADY_CANCELLED, _("This registration is already cancelled.")
            )
        if registration.is_checked_in:
            raise ServiceError(
                Code.CHECKED_IN,
                _("This registration is checked in and can no longer be cancelled."),
            )
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        if was_confirmed and not by_staff and now >= activity.cancellation_deadline:
            raise ServiceError(
                Code.CANCELLATION_CLOSED,
                _("Cancellation closed at %(time)s. Please contact the organisers.")
                % {"time": format_time(activity.cancellation_deadline)},
            )
        Registration.PIPELINE.move(registration, Registration.Status.CANCELLED)
        registration.cancelled_at = now
        registration.cancelled_by = user
        registration.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"]
        )
        on_commit(notifications.registration_cancelled, registration)
        if was_confirmed:
            promote_waitlist_locked(activity, now=now)
    return registration
