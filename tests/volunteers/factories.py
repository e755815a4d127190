"""Factories for the volunteer alliance. Service tests build state through
``volunteers.services``; these make rows directly for model, selector, view and
admin tests (and big leaderboards)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import ActivityFactory, MerchantFactory, TeamFactory, UserFactory
from volunteers.models import (
    HoursEntry,
    PointsEntry,
    Redemption,
    Reward,
    ServiceCategory,
    ServiceRequest,
    TeamMembership,
    Volunteer,
    VolunteerRole,
    VolunteerShift,
)


class VolunteerFactory(factory.django.DjangoModelFactory):
    """An approved volunteer unless told otherwise."""

    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory)
    status = Volunteer.Status.APPROVED
    number = factory.Sequence(lambda n: f"T{n:06d}")
    skills = "理发、修小家电"
    decided_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(
            status=Volunteer.Status.PENDING, number=None, decided_at=None
        )


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    status = TeamMembership.Status.APPROVED


def past_activity(**kwargs):
    """A published activity that took place yesterday, 9:00–11:00 local time."""
    zone = timezone.get_default_timezone()
    day = timezone.localdate() - datetime.timedelta(days=1)
    starts = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)
    kwargs.setdefault("starts_at", starts)
    kwargs.setdefault("ends_at", kwargs["starts_at"] + datetime.timedelta(hours=2))
    return ActivityFactory(**kwargs)


class VolunteerRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerRole

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"签到引导{n}")
    needed = 3


class VolunteerShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerShift

    role = factory.SubFactory(VolunteerRoleFactory)
    volunteer = factory.SubFactory(VolunteerFactory)


class HoursEntryFactory(factory.django.DjangoModelFactory):
    """Verified hours (no points: use the services for those)."""

    class Meta:
        model = HoursEntry

    volunteer = factory.SubFactory(VolunteerFactory)
    activity = factory.SubFactory(ActivityFactory)
    team = factory.LazyAttribute(lambda o: o.activity.team)
    served_on = factory.LazyFunction(timezone.localdate)
    hours = Decimal("2.0")
    source = HoursEntry.Source.LEADER
    status = HoursEntry.Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


class RewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reward

    name = factory.Sequence(lambda n: f"奖品{n}")
    merchant = factory.SubFactory(MerchantFactory)
    points = 20
    stock = 10


class RedemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Redemption

    reward = factory.SubFactory(RewardFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    points = 20
    code = factory.Sequence(lambda n: f"CODE{n:04d}")


def give_points(volunteer, amount: int) -> PointsEntry:
    """Earned points straight into the ledger (through a verified hours entry)."""
    entry = HoursEntryFactory(volunteer=volunteer)
    balance = PointsEntry.objects.filter(volunteer=volunteer).balance()
    return PointsEntry.objects.create(
        volunteer=volunteer,
        kind=PointsEntry.Kind.EARNED,
        amount=amount,
        balance_after=balance + amount,
        hours_entry=entry,
    )


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    requester = factory.SubFactory(UserFactory)
    category = factory.LazyFunction(
        lambda: ServiceCategory.objects.order_by("pk").first()
    )
    description = "家里水龙头漏水"
    wanted_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=1)
    )
    place = "5幢2单元301室"
