"""Signing up: seats, the waitlist order, the window, age, notices."""

import pytest
from django.utils import timezone

from activities import notifications
from activities.errors import Code
from activities.models import Activity, Registration
from activities.services import (
    registration_cancel,
    registration_create,
)
from community_portal.errors import ServiceError
from tests.activities.helpers import (
    banquet,
    hours,
    sign_up,
)
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


# --- sign-up -----------------------------------------------------------------


def test_sign_up_confirms_while_seats_remain_then_waitlists():
    activity = ActivityFactory(capacity=2)

    first, second, third = (sign_up(activity) for _ in range(3))

    assert [first.status, second.status, third.status] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]
    assert first.confirmed_at is not None and first.waitlisted_at is None
    assert third.waitlisted_at is not None and third.confirmed_at is None
    assert Registration.objects.filter(activity=activity).confirmed().seat_count() == 2


def test_unlimited_capacity_always_confirms():
    activity = ActivityFactory(capacity=None)

    registrations = [sign_up(activity) for _ in range(5)]

    assert {r.status for r in registrations} == {Status.CONFIRMED}


def test_companions_take_seats():
    activity = ActivityFactory(capacity=4, max_companions=2)

    parent = sign_up(activity, companions=2)
    fits_exactly = sign_up(activity)
    too_many = sign_up(activity)

    assert parent.seats == 3
    assert parent.status == Status.CONFIRMED
    assert fits_exactly.status == Status.CONFIRMED
    assert too_many.status == Status.WAITLISTED


def test_party_that_does_not_fit_is_waitlisted():
    activity = ActivityFactory(capacity=3, max_companions=2)
    sign_up(activity)

    party = sign_up(activity, companions=2)

    assert party.status == Status.WAITLISTED


def test_newcomer_does_not_jump_the_waitlist():
    """One seat is free, but a party of three is waiting: the newcomer queues."""
    activity = ActivityFactory(capacity=3, max_companions=2)
    sign_up(activity, companions=1)
    party = sign_up(activity, companions=2)

    newcomer = sign_up(activity)

    assert party.status == Status.WAITLISTED
    assert newcomer.status == Status.WAITLISTED


@pytest.mark.parametrize(
    ("activity_kwargs", "companions", "code"),
    [
        ({"status": Activity.Status.DRAFT}, 0, Code.NOT_PUBLISHED),
        ({"status": Activity.Status.CANCELLED}, 0, Code.ACTIVITY_CANCELLED),
        (
            {
                "starts_at": timezone.now() - hours(3),
                "ends_at": timezone.now() - hours(1),
            },
            0,
            Code.ENDED,
        ),
        (
            {"registration_opens_at": timezone.now() + hours(24)},
            0,
            Code.NOT_OPEN_YET,
        ),
        (
            {"registration_closes_at": timezone.now() - hours(1)},
            0,
            Code.CLOSED,
        ),
        # Without a closing time, registration closes at the start.
        (
            {
                "starts_at": timezone.now() - hours(1),
                "ends_at": timezone.now() + hours(1),
            },
            0,
            Code.CLOSED,
        ),
        ({"max_companions": 0}, 1, Code.TOO_MANY_COMPANIONS),
        ({"max_companions": 2}, 3, Code.TOO_MANY_COMPANIONS),
        ({"max_companions": 2}, -1, Code.TOO_MANY_COMPANIONS),
    ],
    ids=[
        "draft",
        "cancelled",
        "ended",
        "not-open-yet",
        "closed",
        "started",
        "no-companions",
        "too-many-companions",
        "negative-companions",
    ],
)
def test_sign_up_refusals_write_nothing(activity_kwargs, companions, code):
    activity = ActivityFactory(**activity_kwargs)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, companions=companions)

    assert excinfo.value.code == code
    assert excinfo.value.message
    assert Registration.objects.count() == 0


def test_sign_up_inside_the_window_succeeds():
    activity = ActivityFactory(
        registration_opens_at=timezone.now() - hours(1),
        registration_closes_at=timezone.now() + hours(1),
    )

    assert sign_up(activity).status == Status.CONFIRMED


def test_sign_up_for_missing_activity():
    with pytest.raises(ServiceError) as excinfo:
        registration_create(activity_id=987654, user=UserFactory())

    assert excinfo.value.code == Code.ACTIVITY_NOT_FOUND


def test_not_open_yet_message_names_the_opening_time():
    opens = timezone.now() + hours(24)
    activity = ActivityFactory(registration_opens_at=opens)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity)

    assert str(timezone.localtime(opens).year) in excinfo.value.message


def test_double_submit_creates_one_registration(resident):
    activity = ActivityFactory()
    sign_up(activity, resident)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, resident)

    assert excinfo.value.code == Code.ALREADY_REGISTERED
    assert Registration.objects.count() == 1


def test_waitlisted_person_cannot_sign_up_again(resident):
    activity = ActivityFactory(capacity=1)
    sign_up(activity)
    assert sign_up(activity, resident).status == Status.WAITLISTED

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, resident)

    assert excinfo.value.code == Code.ALREADY_REGISTERED
    assert Registration.objects.count() == 2


def test_sign_up_again_after_cancelling_is_a_new_row(resident):
    activity = ActivityFactory()
    first = sign_up(activity, resident)
    registration_cancel(registration_id=first.pk, user=resident)

    second = sign_up(activity, resident)

    assert second.pk != first.pk
    assert second.status == Status.CONFIRMED
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert Registration.objects.filter(activity=activity).count() == 2


# --- age ---------------------------------------------------------------------


def test_too_young_is_refused():
    activity = banquet()
    young = UserFactory(birth_year=timezone.localtime(activity.starts_at).year - 79)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, young)

    assert excinfo.value.code == Code.NOT_ELIGIBLE
    assert "80" in excinfo.value.message
    assert Registration.objects.count() == 0


def test_turning_80_in_the_activity_year_is_old_enough():
    activity = banquet()
    user = UserFactory(birth_year=timezone.localtime(activity.starts_at).year - 80)

    registration = sign_up(activity, user)

    assert registration.status == Status.CONFIRMED
    assert registration.eligibility_overridden_by is None


def test_without_birth_year_age_is_not_checked():
    registration = sign_up(banquet(), UserFactory(birth_year=None))

    assert registration.status == Status.CONFIRMED


def test_staff_override_lets_a_younger_resident_in_and_is_recorded(staff_user):
    activity = banquet()
    young = UserFactory(birth_year=timezone.localtime(activity.starts_at).year - 70)

    registration = sign_up(activity, young, override_eligibility_by=staff_user)

    assert registration.status == Status.CONFIRMED
    assert registration.eligibility_overridden_by == staff_user


def test_unneeded_override_is_not_recorded(staff_user):
    activity = banquet()
    old = UserFactory(birth_year=1930)

    registration = sign_up(activity, old, override_eligibility_by=staff_user)

    assert registration.eligibility_overridden_by is None


def test_override_by_a_resident_is_refused(resident):
    activity = banquet()
    young = UserFactory(birth_year=2000)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(activity, young, override_eligibility_by=resident)

    assert excinfo.value.code == Code.NOT_ALLOWED
    assert Registration.objects.count() == 0


def test_override_does_not_open_a_closed_activity(staff_user):
    activity = ActivityFactory(min_age=80, status=Activity.Status.DRAFT)

    with pytest.raises(ServiceError) as excinfo:
        sign_up(
            activity, UserFactory(birth_year=2000), override_eligibility_by=staff_user
        )

    assert excinfo.value.code == Code.NOT_PUBLISHED


# --- notifications -------------------------------------------------------------


@pytest.fixture
def sent(monkeypatch):
    """Records the notification hooks that ran, as (hook, registration id)."""
    calls = []
    for name in (
        "registration_confirmed",
        "registration_waitlisted",
        "registration_promoted",
        "registration_cancelled",
    ):
        monkeypatch.setattr(
            notifications,
            name,
            lambda *, registration_id, name=name: calls.append((name, registration_id)),
        )
    return calls


def test_notifications_run_after_commit(sent, django_capture_on_commit_callbacks):
    activity = ActivityFactory(capacity=1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirmed = sign_up(activity)
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [("registration_confirmed", confirmed.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        waiting = sign_up(activity)
        registration_cancel(registration_id=confirmed.pk, user=confirmed.user)

    assert sent[1:] == [
        ("registration_waitlisted", waiting.pk),
        ("registration_cancelled", confirmed.pk),
        ("registration_promoted", waiting.pk),
    ]


def test_refused_sign_up_notifies_nobody(sent, django_capture_on_commit_callbacks):
    activity = ActivityFactory(status=Activity.Status.DRAFT)
    # Made before: saving an account queues cache-version bumps of its own.
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ServiceError),
    ):
        sign_up(activity, user)

    assert callbacks == []
    assert sent == []
