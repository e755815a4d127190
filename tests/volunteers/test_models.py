"""The database backs the services up: constraints refuse what no service writes."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from volunteers.models import (
    HoursEntry,
    PointsEntry,
    Reward,
    SeasonalService,
    ServiceCategory,
    Volunteer,
    availability_choices,
)

from .factories import (
    HoursEntryFactory,
    RewardFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    VolunteerShiftFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_db(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_data_migration_seeds_categories_seasons_and_a_rate():
    names = set(ServiceCategory.objects.values_list("name", flat=True))
    assert {"助老", "便民维修", "清爽行动", "陪伴就医", "心理疏导"} <= names
    assert set(SeasonalService.objects.values_list("season", flat=True)) == {
        "spring",
        "summer",
        "autumn",
        "winter",
    }
    from volunteers.models import PointsRate

    assert PointsRate.objects.exists()


def test_hours_must_be_between_0_and_24():
    refused_by_db(lambda: HoursEntryFactory(hours=Decimal("-1")))
    refused_by_db(lambda: HoursEntryFactory(hours=Decimal("24.5")))
    assert HoursEntryFactory(hours=Decimal("24")).pk


def test_one_counting_entry_per_volunteer_and_activity():
    entry = HoursEntryFactory()
    refused_by_db(
        lambda: HoursEntryFactory(volunteer=entry.volunteer, activity=entry.activity)
    )
    HoursEntry.objects.filter(pk=entry.pk).update(status="rejected")
    HoursEntryFactory(volunteer=entry.volunteer, activity=entry.activity)


def test_the_ledger_balance_never_goes_negative():
    volunteer = VolunteerFactory()
    entry = HoursEntryFactory(volunteer=volunteer)
    refused_by_db(
        lambda: PointsEntry.objects.create(
            volunteer=volunteer,
            kind="earned",
            amount=5,
            balance_after=-1,
            hours_entry=entry,
        )
    )
    refused_by_db(
        lambda: PointsEntry.objects.create(
            volunteer=volunteer,
            kind="earned",
            amount=-5,
            balance_after=0,
            hours_entry=entry,
        )
    )


def test_stock_never_below_zero():
    reward = RewardFactory(stock=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reward.objects.filter(pk=reward.pk).update(stock=reward.stock - 1)


def test_an_approved_volunteer_has_a_number():
    refused_by_db(lambda: VolunteerFactory(number=None))


def test_one_active_membership_and_shift():
    membership = TeamMembershipFactory()
    refused_by_db(
        lambda: TeamMembershipFactory(
            team=membership.team, volunteer=membership.volunteer
        )
    )
    shift = VolunteerShiftFactory()
    refused_by_db(
        lambda: VolunteerShiftFactory(role=shift.role, volunteer=shift.volunteer)
    )


def test_availability_has_every_weekday_and_time_of_day():
    assert len(availability_choices()) == 21
    assert Volunteer._meta.get_field("availability").default is list
