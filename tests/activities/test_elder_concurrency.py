"""Staff signing elders up from the 80+ roster while residents sign themselves up
for the last seats: never more than the capacity confirmed, nobody twice."""

import pytest

from activities.models import Registration
from activities.services import ElderPick, elders_register, registration_create
from tests.activities.test_concurrency import run_at_once
from tests.conftest import requires_postgres
from tests.factories import ActivityFactory, StaffUserFactory, UserFactory


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_roster_sign_up_and_residents_race_for_the_last_seats():
    activity = ActivityFactory(title="悦寿宴", capacity=6, max_companions=1, min_age=80)
    staff = StaffUserFactory()
    elders = [UserFactory(birth_year=1940) for _ in range(4)]
    others = [UserFactory(birth_year=1944) for _ in range(4)]
    picks = [ElderPick(user_id=elder.pk, companions=1) for elder in elders]
    calls = [
        lambda: elders_register(activity_id=activity.pk, by=staff, picks=picks),
        # Two staff members at once: the second finds the elders registered.
        lambda: elders_register(activity_id=activity.pk, by=staff, picks=picks),
    ] + [
        (lambda user=user: registration_create(activity_id=activity.pk, user=user))
        for user in others
    ]

    _results, errors = run_at_once(calls)

    assert errors == []
    registrations = Registration.objects.filter(activity=activity)
    assert registrations.confirmed().seat_count() <= 6
    assert registrations.filter(user__in=elders).count() == 4
    assert registrations.count() == 8
