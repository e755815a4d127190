"""``load_demo`` makes the portal look used: past activities with people, ratings
and records, a full leaderboard, grid work with a history, and idempotent."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityRecord,
    Audience,
    Rating,
    Registration,
)
from community_portal.accounts.models import User
from community_portal.devtools.demo import pictures
from community_portal.devtools.demo.loader import demo_load
from grids.models import SortingCheck, VisitLog
from venues.models import Matter
from volunteers.models import Redemption, Reward
from volunteers.selectors import leaderboard_volunteers

pytestmark = pytest.mark.django_db

DEMO_DAY = datetime.datetime(2027, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(DEMO_DAY, tick=False)


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    monkeypatch.setattr(pictures, "IMAGE_SIZE", (120, 80))


@pytest.fixture
def loaded():
    call_command("load_demo", "--force", stdout=StringIO())


def test_past_activities_have_registrations_check_ins_and_ratings(loaded):
    past = Activity.objects.filter(
        status=Activity.Status.PUBLISHED, ends_at__lt=timezone.now()
    )
    assert past.exists()
    with_people = past.filter(registrations__isnull=False).distinct().count()
    assert with_people == past.count()
    assert Registration.objects.filter(checked_in_at__isnull=False).count() > 100
    scores = set(Rating.objects.values_list("score", flat=True))
    assert {3, 4, 5} <= scores
    assert Rating.objects.exclude(comment="").exists()
    records = ActivityRecord.objects.filter(is_published=True)
    assert records.count() >= 5
    assert all(record.photos.exists() for record in records)


def test_satisfaction_page_shows_an_average(client, loaded):
    client.force_login(User.objects.get(username="staff"))
    response = client.get(reverse("activities:staff_satisfaction"))
    assert response.status_code == 200
    assert response.context["totals"]["average"] > 3


def test_leaderboard_lists_dozens_of_volunteers(loaded):
    assert len(leaderboard_volunteers(year=None, limit=100)) >= 20
    assert len(leaderboard_volunteers(year=DEMO_DAY.year)) >= 20
    assert Redemption.objects.count() >= 3


def test_grid_work_and_matters_have_a_history(loaded):
    assert SortingCheck.objects.dates("checked_on", "month").count() >= 4
    assert VisitLog.objects.dates("visited_on", "month").count() >= 4
    statuses = set(Matter.objects.values_list("status", flat=True))
    assert {"open", "accepted", "in_progress", "resolved"} <= statuses


def test_shop_items_have_pictures(loaded):
    assert not Reward.objects.filter(image="").exists()


def test_a_second_load_creates_nothing(loaded):
    counts = (Registration.objects.count(), Rating.objects.count())
    result = demo_load()
    assert result["created"] == 0
    assert result["updated"] == 0
    assert (Registration.objects.count(), Rating.objects.count()) == counts


@pytest.mark.parametrize("username", ["resident", "elder"])
def test_the_resident_and_the_elder_have_a_coming_activity(loaded, username):
    """Their home's "My next activity" shows it (the screenshots in docs/ too).
    The home itself is not asked here: it compares with the database's clock,
    which the frozen clock does not move."""
    registration = Registration.objects.get(
        user__username=username,
        status=Registration.Status.CONFIRMED,
        activity__starts_at__gt=timezone.now() + datetime.timedelta(days=1),
    )
    if username == "elder":
        assert registration.activity.audience in (Audience.ELDERLY, Audience.EVERYONE)
