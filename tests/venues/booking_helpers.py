"""Shared helpers of the booking tests: a bookable space and local times."""

import datetime

from django.utils import timezone

from tests.factories import SpaceFactory
from venues.models import BookingMode

# A Wednesday morning, before the space opens.
NOW = datetime.datetime(
    2026, 5, 6, 7, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)


def local(day: int, hour: int, minute: int = 0, month: int = 5) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime(2026, month, day, hour, minute),
        timezone.get_default_timezone(),
    )


def bookable_space(**overrides):
    values = {
        "slug": "tables",
        "booking_mode": BookingMode.INSTANT,
        "opens_at": datetime.time(8),
        "closes_at": datetime.time(20),
        "open_weekdays": "1234567",
        "slot_minutes": 60,
        "max_slots": 2,
        "booking_capacity": 1,
        "days_ahead": 14,
    }
    values.update(overrides)
    return SpaceFactory(**values)
