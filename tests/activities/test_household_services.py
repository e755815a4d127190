"""Signing a household up together: a seat and a code per person, the age rules
per person, a party never split on the waitlist, nothing half-saved."""

import pytest
from django.db import transaction

from activities.errors import Code
from activities.models import Registration
from activities.services import (
    checkin_code,
    party_registration_create,
    registration_cancel,
    registration_create,
)
from community_portal.accounts.models import HouseholdMember
from community_portal.accounts.services import household_create, household_member_add
from community_portal.errors import ServiceError
from tests.factories import ActivityFactory, BuildingFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def make_household(*, birth_year=1985, members=(("小明", 2018, "child"),)):
    """An adult with a household and its members (built through the services)."""
    adult = UserFactory(birth_year=birth_year)
    household_create(user=adult, building_id=BuildingFactory().pk, room="2-301")
    people = [
        household_member_add(user=adult, name=name, birth_year=year, relation=relation)
        for name, year, relation in members
    ]
    return adult, people


def party(activity, adult, members, **kwargs):
    return party_registration_create(
        activity_id=activity.pk,
        user=adult,
        member_ids=[member.pk for member in members],
        **kwargs,
    )


def test_each_person_has_a_confirmed_seat_and_a_code_of_their_own():
    activity = ActivityFactory(capacity=10, max_companions=3)
    adult, (child, grandma) = make_household(
        members=(("小明", 2018, "child"), ("王奶奶", 1940, "parent"))
    )

    rows = party(activity, adult, [child, grandma])

    assert [row.status for row in rows] == [Status.CONFIRMED] * 3
    assert rows[0].member is None
    assert {row.member for row in rows[1:]} == {child, grandma}
    assert len({row.party for row in rows}) == 1
    assert len({checkin_code(row) for row in rows}) == 3
    assert Registration.objects.filter(activity=activity).confirmed().seat_count() == 3


def test_a_relative_signs_up_the_elder_alone():
    banquet = ActivityFactory(capacity=10, min_age=80)
    daughter, (mother,) = make_household(members=(("王奶奶", 1940, "parent"),))

    (row,) = party(banquet, daughter, [mother], include_self=False)

    assert row.user == daughter and row.member == mother
    assert row.status == Status.CONFIRMED
    assert row.person_name == "王奶奶"


def test_a_member_too_young_is_refused_by_name_and_nothing_is_saved():
    activity = ActivityFactory(capacity=10, min_age=12, max_companions=3)
    adult, (child,) = make_household()

    with pytest.raises(ServiceError) as refused:
        party(activity, adult, [child])

    assert refused.value.code == Code.NOT_ELIGIBLE
    assert "小明" in refused.value.message
    assert not Registration.objects.filter(activity=activity).exists()


def test_a_party_larger_than_the_free_seats_waits_as_a_whole():
    activity = ActivityFactory(capacity=3, max_companions=3)
    registration_create(activity_id=activity.pk, user=UserFactory())
    adult, members = make_household(
        members=(("小明", 2018, "child"), ("小红", 2016, "child"))
    )

    rows = party(activity, adult, members)

    assert [row.status for row in rows] == [Status.WAITLISTED] * 3
    assert len({row.waitlisted_at for row in rows}) == 1


def test_the_waitlist_promotes_the_party_only_when_all_of_it_fits():
    activity = ActivityFactory(capacity=3, max_companions=3)
    first = registration_create(activity_id=activity.pk, user=UserFactory())
    second = registration_create(activity_id=activity.pk, user=UserFactory())
    registration_create(activity_id=activity.pk, user=UserFactory())
    adult, members = make_household(
        members=(("小明", 2018, "child"), ("小红", 2016, "child"))
    )
    rows = party(activity, adult, members)
    behind = registration_create(activity_id=activity.pk, user=UserFactory())

    registration_cancel(registration_id=first.pk, user=first.user)
    # One seat free: the party of three keeps its place; nobody jumps it.
    assert set(
        Registration.objects.filter(
            pk__in=[r.pk for r in rows] + [behind.pk]
        ).values_list("status", flat=True)
    ) == {Status.WAITLISTED}

    registration_cancel(registration_id=second.pk, user=second.user)
    assert set(
        Registration.objects.filter(pk__in=[r.pk for r in rows]).values_list(
            "status", flat=True
        )
    ) == {Status.WAITLISTED}  # two free seats: still not enough for three

    third = (
        Registration.objects.filter(activity=activity, party__isnull=True)
        .exclude(pk__in=[first.pk, second.pk, behind.pk])
        .get()
    )
    registration_cancel(registration_id=third.pk, user=third.user)
    assert (
        list(
            Registration.objects.filter(pk__in=[r.pk for r in rows]).values_list(
                "status", flat=True
            )
        )
        == [Status.CONFIRMED] * 3
    )
    behind.refresh_from_db()
    assert behind.status == Status.WAITLISTED


def test_a_member_signed_up_twice_is_refused():
    activity = ActivityFactory(capacity=10, max_companions=3)
    adult, (child,) = make_household()
    party(activity, adult, [child])

    with pytest.raises(ServiceError) as refused:
        party(activity, adult, [child], include_self=False)

    assert refused.value.code == Code.ALREADY_REGISTERED
    assert "小明" in refused.value.message
    assert Registration.objects.filter(activity=activity).count() == 2


def test_the_database_refuses_a_second_active_seat_for_a_member():
    activity = ActivityFactory(capacity=10)
    adult, (child,) = make_household()
    party(activity, adult, [child], include_self=False)

    with pytest.raises(Exception), transaction.atomic():  # noqa: B017, PT011
        Registration.objects.create(
            activity=activity, user=UserFactory(), member=child, status=Status.CONFIRMED
        )


def test_a_member_of_another_household_cannot_be_picked():
    activity = ActivityFactory(capacity=10, max_companions=3)
    adult, _members = make_household()
    _other, (stranger,) = make_household(members=(("李四", 2015, "child"),))

    with pytest.raises(ServiceError) as refused:
        party(activity, adult, [stranger])

    assert refused.value.code == Code.NOT_ALLOWED
    assert not Registration.objects.filter(activity=activity).exists()


def test_the_household_size_limit_counts_everyone_beyond_the_first():
    activity = ActivityFactory(capacity=10, max_companions=1)
    adult, members = make_household(
        members=(("小明", 2018, "child"), ("小红", 2016, "child"))
    )

    with pytest.raises(ServiceError) as refused:
        party(activity, adult, members)

    assert refused.value.code == Code.TOO_MANY_COMPANIONS
    assert not Registration.objects.filter(activity=activity).exists()


def test_an_elder_signed_up_by_a_relative_cannot_take_a_second_seat():
    banquet = ActivityFactory(capacity=10, min_age=80)
    daughter, _members = make_household(members=())
    elder = UserFactory(birth_year=1940)
    member = HouseholdMember.objects.create(
        household=daughter.household_member.household,
        user=elder,
        name=elder.name,
        birth_year=1940,
        relation=HouseholdMember.Relation.PARENT,
    )
    party(banquet, daughter, [member], include_self=False)

    with pytest.raises(ServiceError) as refused:
        registration_create(activity_id=banquet.pk, user=elder)

    assert refused.value.code == Code.ALREADY_REGISTERED
