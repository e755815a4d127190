"""The coming lists read their index from about now: ``not_ended()`` bounds the
start below by the earliest start of an activity not yet ended, kept in the cache
under the calendar's version. Every write to an activity changes that version, so
an activity written to start earlier than the bound is listed at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from activities.models.activities import earliest_start_not_ended
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def listed_titles(client) -> list[str]:
    return [
        a.title for a in client.get(reverse("activities:list")).context["activities"]
    ]


def test_the_bound_is_the_earliest_start_of_what_has_not_ended():
    now = timezone.now()
    ActivityFactory(starts_at=now - datetime.timedelta(days=9))  # long over
    ongoing = ActivityFactory(
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now + datetime.timedelta(days=1),
    )
    ActivityFactory(starts_at=now + datetime.timedelta(days=1))

    assert earliest_start_not_ended() == ongoing.starts_at
    assert set(Activity.objects.not_ended()) == set(
        Activity.objects.filter(ends_at__gte=now)
    )


def test_nothing_coming_gives_no_bound_and_lists_nothing():
    ActivityFactory(starts_at=timezone.now() - datetime.timedelta(days=9))
    assert earliest_start_not_ended() is None
    assert not Activity.objects.not_ended().exists()


def test_an_activity_created_to_start_before_the_bound_is_listed_at_once(client):
    now = timezone.now()
    ActivityFactory(title="下周的讲座", starts_at=now + datetime.timedelta(days=7))
    assert listed_titles(client) == ["下周的讲座"]  # the bound is cached now

    ActivityFactory(
        title="已开始的书画展",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=4),
    )

    assert listed_titles(client) == ["已开始的书画展", "下周的讲座"]


def test_an_activity_moved_earlier_than_the_bound_is_listed_at_once(client):
    now = timezone.now()
    moved = ActivityFactory(
        title="改期的义诊", starts_at=now + datetime.timedelta(days=9)
    )
    ActivityFactory(title="周末观影", starts_at=now + datetime.timedelta(days=5))
    assert listed_titles(client) == ["周末观影", "改期的义诊"]

    moved.starts_at = now - datetime.timedelta(hours=1)
    moved.ends_at = now + datetime.timedelta(hours=1)
    moved.save()

    assert listed_titles(client) == ["改期的义诊", "周末观影"]
