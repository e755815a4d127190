"""Registration fields on Activity, the Registration model, its constraints and
querysets."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.models import Activity, Registration
from tests.factories import ActivityFactory, UserFactory

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


# --- Activity ------------------------------------------------------------------


def test_registration_defaults():
    activity = ActivityFactory()

    assert activity.registration_opens_at is None
    assert activity.registration_closes_at is None
    assert activity.cancellation_cutoff_hours == 2
    assert activity.max_companions == 0
    assert activity.min_age is None
    assert activity.registration_deadline == activity.starts_at
    assert activity.cancellation_deadline == activity.starts_at - hours(2)


def test_clean_accepts_a_sensible_window():
    activity = ActivityFactory.build(
        registration_opens_at=timezone.now(),
        registration_closes_at=timezone.now() + hours(24),
    )

    activity.clean()


def test_clean_refuses_closing_before_opening():
    now = timezone.now()
    activity = ActivityFactory.build(
        registration_opens_at=now + hours(2), registration_closes_at=now + hours(1)
    )

    with pytest.raises(ValidationError) as excinfo:
        activity.clean()

    assert "registration_closes_at" in excinfo.value.message_dict


def test_clean_refuses_closing_after_the_end():
    activity = ActivityFactory.build()
    activity.registration_closes_at = activity.ends_at + hours(1)

    with pytest.raises(ValidationError) as excinfo:
        activity.clean()

    assert "registration_closes_at" in excinfo.value.message_dict


def test_full_clean_reports_the_window_once():
    activity = ActivityFactory()
    activity.registration_closes_at = activity.ends_at + hours(1)

    with pytest.raises(ValidationError) as excinfo:
        activity.full_clean()

    assert list(excinfo.value.message_dict) == ["registration_closes_at"]


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(hours(2), hours(1)), (hours(1), hours(1)), (None, hours(100))],
    ids=["closes-before-opens", "closes-when-opens", "closes-after-end"],
)
def test_database_refuses_a_broken_window(opens, closes):
    now = timezone.now()
    activity = ActivityFactory(starts_at=now + hours(24), ends_at=now + hours(26))
    activity.registration_opens_at = opens and now + opens
    activity.registration_closes_at = closes and now + closes

    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()


@pytest.mark.parametrize(
    ("changes", "is_open"),
    [
        ({}, True),
        ({"status": Activity.Status.DRAFT}, False),
        ({"status": Activity.Status.CANCELLED}, False),
        ({"registration_opens_at": hours(1)}, False),
        ({"registration_opens_at": -hours(1)}, True),
        ({"registration_closes_at": -hours(1)}, False),
        ({"starts_at": -hours(1)}, False),
    ],
    ids=["open", "draft", "cancelled", "not-yet", "opened", "closed", "started"],
)
def test_is_registration_open(changes, is_open):
    now = timezone.now()
    activity = ActivityFactory.build(starts_at=now + hours(24), ends_at=now + hours(26))
    for field, value in changes.items():
        setattr(activity, field, now + value if field.endswith("_at") else value)

    assert activity.is_registration_open(now=now) is is_open


def test_seat_counters_and_seats_left():
    full = ActivityFactory(max_companions=2, capacity=5)
    empty = ActivityFactory(capacity=None)
    RegistrationFactory(activity=full, companions=2)
    RegistrationFactory(activity=full)
    RegistrationFactory(activity=full, cancelled=True)
    RegistrationFactory(activity=full, waitlisted=True)
    RegistrationFactory(activity=full, waitlisted=True)

    counts = {
        a.pk: (a.seats_taken, a.waitlist_count, a.seats_left)
        for a in Activity.objects.with_related()
    }

    assert counts == {full.pk: (4, 2, 1), empty.pk: (0, 0, None)}


def test_activity_with_registrations_cannot_be_deleted():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=registration.activity_id).delete()


# --- Registration ------------------------------------------------------------------


def test_seats_counts_companions():
    assert Registration(companions=0).seats == 1
    assert Registration(companions=2).seats == 3


def test_one_active_registration_per_person():
    registration = RegistrationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(
            activity=registration.activity, user=registration.user, waitlisted=True
        )


def test_cancelled_registrations_do_not_block_a_new_one():
    first = RegistrationFactory(cancelled=True)
    RegistrationFactory(activity=first.activity, user=first.user, cancelled=True)

    again = RegistrationFactory(activity=first.activity, user=first.user)

    assert again.status == Status.CONFIRMED
    assert Registration.objects.filter(user=first.user).count() == 3


def test_unique_constraint_is_validated_like_a_form_would():
    registration = RegistrationFactory()
    duplicate = Registration(activity=registration.activity, user=registration.user)

    with pytest.raises(ValidationError):
        duplicate.validate_constraints()


@pytest.mark.parametrize(
    "fields",
    [
        {"companions": -1},
        {"status": "lost"},
        {"status": Status.WAITLISTED, "waitlisted_at": None},
        {"status": Status.WAITLISTED, "waitlisted_at": "now", "checked_in_at": "now"},
        {"status": Status.CANCELLED, "checked_in_at": "now"},
    ],
    ids=[
        "negative-companions",
        "unknown-status",
        "waitlisted-without-time",
        "waitlisted-checked-in",
        "cancelled-checked-in",
    ],
)
def test_database_constraints(fields):
    registration = RegistrationFactory()
    for field, value in fields.items():
        setattr(registration, field, timezone.now() if value == "now" else value)

    # A negative companions count may fail before SQL (the driver or the column
    # type); any database error is the point.
    with pytest.raises((IntegrityError, ValueError)), transaction.atomic():
        registration.save()


def test_queryset_methods():
    activity = ActivityFactory(max_companions=1)
    confirmed = RegistrationFactory(activity=activity, companions=1)
    later = RegistrationFactory(
        activity=activity,
        waitlisted=True,
        waitlisted_at=timezone.now() + hours(1),
    )
    earlier = RegistrationFactory(
        activity=activity, waitlisted=True, waitlisted_at=timezone.now()
    )
    cancelled = RegistrationFactory(activity=activity, cancelled=True)
    registrations = Registration.objects.filter(activity=activity)

    assert set(registrations.active()) == {confirmed, later, earlier}
    assert list(registrations.confirmed()) == [confirmed]
    assert list(registrations.waitlisted()) == [earlier, later]
    assert registrations.confirmed().seat_count() == 2
    assert registrations.none().seat_count() == 0
    assert cancelled not in registrations.active()
    assert list(registrations.checked_in()) == []


def test_with_related_loads_activity_and_user_in_one_query(django_assert_num_queries):
    RegistrationFactory.create_batch(3, checked_in_by=UserFactory())

    with django_assert_num_queries(1):
        rows = [
            (r.activity.title, r.user.name, r.checked_in_by.name)
            for r in Registration.objects.with_related()
        ]

    assert len(rows) == 3


def test_str_names_person_and_activity():
    registration = RegistrationFactory(
        user=UserFactory(name="张小明"), activity=ActivityFactory(title="悦寿宴")
    )

    assert str(registration) == "张小明 – 悦寿宴"
