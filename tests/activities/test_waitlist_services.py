"""Cancelling and the waitlist: who may cancel when, promotion in order,
capacity changes."""

import pytest
from django.utils import timezone

from activities.errors import Code
from activities.models import Activity, Registration
from activities.services import (
    activity_capacity_update,
    checkin_by_code,
    checkin_code,
    registration_cancel,
    waitlist_promote,
)
from community_portal.errors import ServiceError
from tests.activities.helpers import (
    hours,
    open_door,
    sign_up,
)
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


# --- cancellation and the waitlist -------------------------------------------------


def test_owner_cancels_and_the_first_waitlisted_is_promoted(resident):
    activity = ActivityFactory(capacity=1)
    mine = sign_up(activity, resident)
    first_waiting = sign_up(activity)
    second_waiting = sign_up(activity)

    cancelled = registration_cancel(registration_id=mine.pk, user=resident)

    assert cancelled.status == Status.CANCELLED
    assert cancelled.cancelled_at is not None
    assert cancelled.cancelled_by == resident
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert first_waiting.confirmed_at is not None
    assert second_waiting.status == Status.WAITLISTED
    assert Registration.objects.filter(activity=activity).count() == 3


def test_promotion_in_order_with_companions():
    activity = ActivityFactory(capacity=4, max_companions=2)
    sign_up(activity)
    party_of_three = sign_up(activity, companions=2)
    pair = sign_up(activity, companions=1)  # 2 seats, waiting first
    single = sign_up(activity)  # 1 seat, waiting second
    last = sign_up(activity)  # 1 seat, waiting third

    registration_cancel(
        registration_id=party_of_three.pk, user=party_of_three.user
    )  # 3 seats free

    for registration in (pair, single, last):
        registration.refresh_from_db()
    assert pair.status == Status.CONFIRMED
    assert single.status == Status.CONFIRMED
    assert last.status == Status.WAITLISTED
    assert Registration.objects.filter(activity=activity).confirmed().seat_count() == 4


def test_promotion_stops_at_a_head_that_does_not_fit():
    """Strictly in order: a party of three at the head is not skipped for a single."""
    activity = ActivityFactory(capacity=2, max_companions=2)
    leaving = sign_up(activity)
    sign_up(activity)
    party = sign_up(activity, companions=2)
    single = sign_up(activity)

    registration_cancel(registration_id=leaving.pk, user=leaving.user)

    party.refresh_from_db()
    single.refresh_from_db()
    assert (party.status, single.status) == (Status.WAITLISTED, Status.WAITLISTED)


def test_waitlist_order_follows_waitlisted_at():
    activity = ActivityFactory(capacity=1)
    confirmed = sign_up(activity)
    waiting = [sign_up(activity) for _ in range(3)]
    # Someone who waited longest (edited timestamps stand in for an old entry).
    Registration.objects.filter(pk=waiting[2].pk).update(
        waitlisted_at=timezone.now() - hours(5)
    )

    registration_cancel(registration_id=confirmed.pk, user=confirmed.user)

    assert Registration.objects.get(pk=waiting[2].pk).status == Status.CONFIRMED
    assert Registration.objects.get(pk=waiting[0].pk).status == Status.WAITLISTED


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    activity = ActivityFactory(capacity=1, max_companions=1)
    sign_up(activity)
    leaving = sign_up(activity)
    staying = sign_up(activity)

    registration_cancel(registration_id=leaving.pk, user=leaving.user)

    staying.refresh_from_db()
    assert staying.status == Status.WAITLISTED


def test_someone_else_cannot_cancel(resident):
    registration = sign_up(ActivityFactory(), resident)
    other = UserFactory()

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(registration_id=registration.pk, user=other)

    assert excinfo.value.code == Code.NOT_ALLOWED
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_claiming_staff_without_being_staff_is_refused(resident):
    registration = sign_up(ActivityFactory())

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(
            registration_id=registration.pk, user=resident, by_staff=True
        )

    assert excinfo.value.code == Code.NOT_ALLOWED
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancellation_cut_off_binds_residents_not_staff(resident, staff_user):
    activity = ActivityFactory(
        starts_at=timezone.now() + hours(3),
        ends_at=timezone.now() + hours(5),
        cancellation_cutoff_hours=2,
    )
    registration = sign_up(activity, resident)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() + hours(1)
    )  # time passes: the start is now inside the cut-off

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(registration_id=registration.pk, user=resident)
    assert excinfo.value.code == Code.CANCELLATION_CLOSED
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED

    cancelled = registration_cancel(
        registration_id=registration.pk, user=staff_user, by_staff=True
    )
    assert cancelled.status == Status.CANCELLED
    assert cancelled.cancelled_by == staff_user


def test_cancellation_before_the_cut_off_is_allowed(resident):
    activity = ActivityFactory(
        starts_at=timezone.now() + hours(3),
        ends_at=timezone.now() + hours(5),
        cancellation_cutoff_hours=2,
    )
    registration = sign_up(activity, resident)

    assert (
        registration_cancel(registration_id=registration.pk, user=resident).status
        == Status.CANCELLED
    )


def test_waitlisted_may_leave_after_the_cut_off(resident):
    activity = ActivityFactory(
        capacity=1,
        starts_at=timezone.now() + hours(3),
        ends_at=timezone.now() + hours(5),
    )
    sign_up(activity)
    waiting = sign_up(activity, resident)
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() + hours(1))

    cancelled = registration_cancel(registration_id=waiting.pk, user=resident)

    assert cancelled.status == Status.CANCELLED


def test_cancelling_twice_is_refused(resident):
    registration = sign_up(ActivityFactory(), resident)
    registration_cancel(registration_id=registration.pk, user=resident)

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(registration_id=registration.pk, user=resident)

    assert excinfo.value.code == Code.ALREADY_CANCELLED


def test_checked_in_registration_cannot_be_cancelled(
    resident, staff_user, time_machine
):
    activity = ActivityFactory()
    registration = sign_up(activity, resident)
    open_door(time_machine, activity)
    checkin_by_code(
        activity_id=activity.pk, code=checkin_code(registration), by_user=staff_user
    )

    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(
            registration_id=registration.pk, user=staff_user, by_staff=True
        )

    assert excinfo.value.code == Code.CHECKED_IN
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_cancelling_a_missing_registration(resident):
    with pytest.raises(ServiceError) as excinfo:
        registration_cancel(registration_id=987654, user=resident)

    assert excinfo.value.code == Code.REGISTRATION_NOT_FOUND


def test_capacity_increase_promotes_in_order():
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = [sign_up(activity) for _ in range(3)]

    promoted = activity_capacity_update(activity_id=activity.pk, capacity=3)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    activity.refresh_from_db()
    assert activity.capacity == 3
    assert Registration.objects.get(pk=waiting[2].pk).status == Status.WAITLISTED


def test_capacity_decrease_cancels_nobody():
    activity = ActivityFactory(capacity=3)
    confirmed = [sign_up(activity) for _ in range(3)]

    assert activity_capacity_update(activity_id=activity.pk, capacity=1) == []

    assert sign_up(activity).status == Status.WAITLISTED
    assert all(
        Registration.objects.get(pk=r.pk).status == Status.CONFIRMED for r in confirmed
    )


def test_waitlist_promote_fills_free_seats():
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)
    Activity.objects.filter(pk=activity.pk).update(capacity=2)  # e.g. an admin edit

    assert waitlist_promote(activity_id=activity.pk) == [waiting]
    assert waitlist_promote(activity_id=activity.pk) == []


def test_cancelled_activity_promotes_nobody():
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)
    Activity.objects.filter(pk=activity.pk).update(
        capacity=5, status=Activity.Status.CANCELLED
    )

    assert waitlist_promote(activity_id=activity.pk) == []
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
