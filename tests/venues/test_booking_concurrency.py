"""Many residents booking the same slot at once, from real threads with their
own connections, on PostgreSQL: exactly the capacity is confirmed."""

import datetime

import pytest
from django.utils import timezone

from tests.activities.test_concurrency import run_at_once
from tests.conftest import requires_postgres
from tests.factories import UserFactory
from tests.venues.booking_helpers import bookable_space
from venues.errors import Code
from venues.models import SpaceBooking
from venues.services import booking_create


def _tomorrow(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour)),
        timezone.get_default_timezone(),
    )


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("capacity", [1, 3])
def test_many_residents_one_slot(capacity):
    space = bookable_space(slug=f"race-{capacity}", booking_capacity=capacity)
    users = UserFactory.create_batch(20)
    start, end = _tomorrow(9), _tomorrow(10)
    results, errors = run_at_once(
        [
            (
                lambda user=user: booking_create(
                    space_id=space.pk, user=user, starts_at=start, ends_at=end
                )
            )
            for user in users
        ]
    )
    assert len(results) == capacity
    assert len(errors) == 20 - capacity
    assert {error.code for error in errors} == {Code.SLOT_FULL}
    assert SpaceBooking.objects.active().filter(space=space).count() == capacity


@requires_postgres
@pytest.mark.django_db
def test_exclusion_constraint_refuses_an_overlap_written_past_the_service():
    from django.db import IntegrityError, transaction

    space = bookable_space(slug="raw")
    user = UserFactory()
    SpaceBooking.objects.create(
        space=space,
        user=user,
        starts_at=_tomorrow(9),
        ends_at=_tomorrow(11),
        status=SpaceBooking.Status.CONFIRMED,
        exclusive=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SpaceBooking.objects.create(
            space=space,
            user=UserFactory(),
            starts_at=_tomorrow(10),
            ends_at=_tomorrow(12),
            status=SpaceBooking.Status.PENDING,
            exclusive=True,
        )
    # Touching ends do not overlap ('[)' ranges).
    SpaceBooking.objects.create(
        space=space,
        user=UserFactory(),
        starts_at=_tomorrow(11),
        ends_at=_tomorrow(12),
        status=SpaceBooking.Status.PENDING,
        exclusive=True,
    )
