"""Row builders of the activities' admin."""

import datetime

from django.utils import timezone

from activities.models import (
    Activity,
    ActivityRecord,
    ActivitySeries,
    Campaign,
    Rating,
    RecordPhoto,
    Registration,
)
from tests.admin.site import upload
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    GridFactory,
    SpaceFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)


def build_campaigns(n):
    start = Campaign.objects.count()
    campaigns = [
        Campaign.objects.create(
            name=f"中心工作{start + i}", slug=f"campaign-{start + i}"
        )
        for i in range(n)
    ]
    for campaign in campaigns:
        ActivityFactory().campaigns.add(campaign)
    return campaigns


def build_activities(n):
    campaigns = list(Campaign.objects.all()[:2])
    activities = []
    for i in range(n):
        venue = VenueFactory()
        activity = ActivityFactory(
            venue=venue,
            space=SpaceFactory(venue=venue),
            alliance=AllianceFactory(),
            grid=GridFactory(number=i % 9 + 1),
            starts_at=timezone.now() + datetime.timedelta(days=40 * i - 300),
        )
        activity.campaigns.add(*campaigns)
        _register(activity, 2)
        activities.append(activity)
    return activities


def _register(activity, n, **kwargs):
    from tests.activities.factories import RegistrationFactory

    return RegistrationFactory.create_batch(n, activity=activity, **kwargs)


def _held_activity(**kwargs):
    starts_at = timezone.now() - datetime.timedelta(days=2)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def build_registrations(n):
    activity = _held_activity()
    checker = UserFactory()
    registrations = _register(activity, n // 2 + 1)
    for registration in registrations:
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = checker
        registration.save()
    rest = n - len(registrations)
    if rest > 0:
        registrations += _register(activity, rest, waitlisted=True)
    return registrations


def build_series(n):
    return [
        ActivitySeries.objects.create(
            title=f"悦寿宴{i}",
            frequency=ActivitySeries.Frequency.QUARTERLY,
            starts_on=datetime.date(2030, 1, 15),
            ends_on=datetime.date(2030, 12, 31),
            start_time=datetime.time(11, 0),
            strand="volunteering",
            venue=VenueFactory(),
            team=TeamFactory(),
            summary="为80岁以上老人祝寿",
        )
        for i in range(n)
    ]


def build_records(n):
    records = []
    for _ in range(n):
        activity = _held_activity()
        _register(activity, 2, checked_in_at=timezone.now())
        record = ActivityRecord.objects.create(
            activity=activity, summary="共40位居民参加。", author=UserFactory()
        )
        RecordPhoto.objects.create(record=record, image=upload())
        records.append(record)
    return records


def build_ratings(n):
    activity = _held_activity()
    return [
        Rating.objects.create(
            activity=activity, user=UserFactory(), score=i % 5 + 1, comment="很好"
        )
        for i in range(n)
    ]


ROW_BUILDERS = {
    Campaign: build_campaigns,
    Activity: build_activities,
    Registration: build_registrations,
    ActivitySeries: build_series,
    ActivityRecord: build_records,
    Rating: build_ratings,
}
