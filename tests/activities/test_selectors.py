"""Reads of activities for the resident pages."""

import datetime

import pytest
from django.utils import timezone

from activities import selectors
from activities.models import Activity
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def test_activity_list_has_published_and_cancelled_not_ended_soonest_first():
    later = ActivityFactory(starts_at=days(5))
    sooner = ActivityFactory(starts_at=days(1))
    cancelled = ActivityFactory(starts_at=days(2), status=Activity.Status.CANCELLED)
    running = ActivityFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ActivityFactory(starts_at=days(3), status=Activity.Status.DRAFT)
    ActivityFactory(starts_at=days(-3))

    assert list(selectors.activity_list()) == [running, sooner, cancelled, later]


def test_activity_get_hides_drafts_from_everyone_but_staff(resident, staff_user):
    from django.contrib.auth.models import AnonymousUser

    draft = ActivityFactory(status=Activity.Status.DRAFT)

    assert selectors.activity_get(pk=draft.pk, user=AnonymousUser()) is None
    assert selectors.activity_get(pk=draft.pk, user=resident) is None
    assert selectors.activity_get(pk=draft.pk, user=staff_user) == draft


def test_activity_get_unknown_is_none(resident):
    assert selectors.activity_get(pk=987654, user=resident) is None


def test_next_two_weeks_ends_on_the_sunday_after_next():
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    last_day = monday + datetime.timedelta(days=13)
    inside = ActivityFactory(
        starts_at=timezone.make_aware(
            datetime.datetime.combine(last_day, datetime.time(20, 0))
        )
    )
    ActivityFactory(
        starts_at=timezone.make_aware(
            datetime.datetime.combine(
                last_day + datetime.timedelta(days=1), datetime.time(9, 0)
            )
        )
    )

    assert selectors.activity_list_next_two_weeks() == [inside]


def test_next_two_weeks_shows_at_most_the_limit():
    ActivityFactory.create_batch(10, starts_at=days(1))

    assert len(selectors.activity_list_next_two_weeks(limit=8)) == 8


def test_recent_has_ended_published_activities_latest_first():
    older = ActivityFactory(starts_at=days(-10))
    newer = ActivityFactory(starts_at=days(-2))
    ActivityFactory(starts_at=days(-1), status=Activity.Status.CANCELLED)
    ActivityFactory(starts_at=days(2))

    assert selectors.activity_list_recent() == [newer, older]
