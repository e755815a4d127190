"""A household of three and single residents racing for the last seats: never
more than the capacity confirmed, and the household never split."""

import pytest

from activities.models import Registration
from activities.services import party_registration_create, registration_create
from community_portal.accounts.services import household_create, household_member_add
from tests.activities.test_concurrency import run_at_once
from tests.conftest import requires_postgres
from tests.factories import ActivityFactory, BuildingFactory, UserFactory

Status = Registration.Status


@pytest.mark.postgres_only
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_household_of_three_and_others_race_for_the_last_three_seats():
    activity = ActivityFactory(capacity=10, max_companions=2)
    for _ in range(7):
        registration_create(activity_id=activity.pk, user=UserFactory())
    adult = UserFactory(birth_year=1985)
    household_create(user=adult, building_id=BuildingFactory().pk, room="3-502")
    members = [
        household_member_add(user=adult, name=name, birth_year=year, relation="child")
        for name, year in (("小明", 2016), ("小红", 2018))
    ]
    others = UserFactory.create_batch(6)
    calls = [
        lambda: party_registration_create(
            activity_id=activity.pk,
            user=adult,
            member_ids=[member.pk for member in members],
        )
    ] + [
        (lambda user=user: registration_create(activity_id=activity.pk, user=user))
        for user in others
    ]

    _results, errors = run_at_once(calls)

    assert errors == []
    registrations = Registration.objects.filter(activity=activity)
    assert registrations.confirmed().seat_count() <= 10
    household = set(registrations.filter(user=adult).values_list("status", flat=True))
    assert registrations.filter(user=adult).count() == 3
    assert len(household) == 1  # all confirmed or all waitlisted
    assert registrations.count() == 7 + 3 + 6
