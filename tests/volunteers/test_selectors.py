"""Reads of the volunteer alliance: leaderboards that stay fast, masked names,
who sees which service request."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, TeamFactory, UserFactory
from volunteers import selectors, services
from volunteers.models import HoursEntry, TeamMembership

from .factories import (
    HoursEntryFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A leap day: "the same day last year" does not exist.
LEAP_DAY = datetime.datetime(2028, 2, 29, 10, 0, tzinfo=SHANGHAI)
MID_YEAR = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)


@time_machine.travel(LEAP_DAY, tick=False)
def test_leaderboard_ranks_verified_hours_with_masked_names():
    top = VolunteerFactory(user=UserFactory(name="张三明"))
    second = VolunteerFactory(user=UserFactory(name="李四"))
    HoursEntryFactory(volunteer=top, hours=Decimal("5"))
    HoursEntryFactory(volunteer=top, hours=Decimal("3"))
    HoursEntryFactory(volunteer=second, hours=Decimal("4"))
    HoursEntryFactory(
        volunteer=second,
        hours=Decimal("9"),
        status=HoursEntry.Status.PENDING,
        verified_at=None,
    )
    HoursEntryFactory(
        volunteer=second,
        hours=Decimal("10"),
        served_on=datetime.date(2027, 12, 31),
    )

    this_year = selectors.leaderboard_volunteers(year=2028)
    assert [(row.rank, row.name, row.hours) for row in this_year] == [
        (1, "张*明", Decimal("8.0")),
        (2, "李*", Decimal("4.0")),
    ]
    overall = selectors.leaderboard_volunteers(year=None)
    assert [row.name for row in overall] == ["李*", "张*明"]


def test_team_leaderboard_counts_hours_at_the_teams_activities():
    team = TeamFactory(name="清爽行动队")
    HoursEntryFactory(activity=ActivityFactory(team=team), hours=Decimal("6"))
    HoursEntryFactory(activity=ActivityFactory(team=team), hours=Decimal("2"))
    rows = selectors.leaderboard_teams(year=None)
    assert rows[0].name == "清爽行动队"
    assert rows[0].hours == Decimal("8.0")


def _board(client, url_name="volunteers:leaderboard"):
    return client.get(reverse(url_name)).content.decode()


@time_machine.travel(MID_YEAR, tick=False)
@pytest.mark.parametrize("url_name", ["volunteers:leaderboard", "volunteers:hub"])
def test_the_leaderboards_show_each_hours_write_on_the_next_request(
    client, staff_user, url_name
):
    """The sums are cached; hours verified or deleted and a team renamed show on the
    next request."""
    team = TeamFactory(name="清爽行动队")
    volunteer = VolunteerFactory(user=UserFactory(name="张三明"))
    entry = HoursEntryFactory(
        volunteer=volunteer, activity=ActivityFactory(team=team), hours=Decimal("2.5")
    )
    content = _board(client, url_name)
    assert "张*明" in content
    assert "2.5" in content
    with CaptureQueriesContext(connection) as warm:
        _board(client, url_name)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        _board(client, url_name)
    assert len(warm) < len(cold)

    pending = HoursEntryFactory(
        volunteer=volunteer,
        activity=ActivityFactory(team=team),
        hours=Decimal("5.3"),
        status=HoursEntry.Status.PENDING,
        verified_at=None,
    )
    assert "7.8" not in _board(client, url_name)
    services.hours_verify(entry_ids=[pending.pk], by_user=staff_user)
    assert "7.8" in _board(client, url_name)

    entry.delete()
    content = _board(client, url_name)
    assert "7.8" not in content
    assert "5.3" in content

    team.name = "绿色家园队"
    team.save()
    assert "绿色家园队" in _board(client, url_name)


def build_hours(count):
    volunteers = VolunteerFactory.create_batch(max(1, count // 3))
    activity = ActivityFactory()
    rows = [
        HoursEntry(
            volunteer=volunteers[i % len(volunteers)],
            activity=activity if i < len(volunteers) else ActivityFactory(),
            team_id=activity.team_id,
            served_on=timezone.localdate() - datetime.timedelta(days=i % 300),
            hours=Decimal("1.5"),
            source="leader",
            status="verified",
            verified_at=timezone.now(),
        )
        for i in range(count)
    ]
    HoursEntry.objects.bulk_create(rows)


# Mid-year: the 120 days of hours that build_hours spreads back all fall in 2026.
@time_machine.travel(MID_YEAR, tick=False)
@pytest.mark.parametrize("year", [None, 2026])
def test_leaderboard_queries_do_not_grow_and_top_20(year):
    build_hours(6)
    with CaptureQueriesContext(connection) as small:
        selectors.leaderboard_volunteers(year=year)
        selectors.leaderboard_teams(year=year)
    build_hours(120)
    # bulk_create sends no signal, so the cached sums stand: count the uncached read.
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        rows = selectors.leaderboard_volunteers(year=year)
        selectors.leaderboard_teams(year=year)
    assert len(large) == len(small) == 4
    assert len(rows) == 20


def test_requesters_see_their_own_volunteers_their_teams_staff_everything(staff_user):
    mine = ServiceRequestFactory()
    team = TeamFactory()
    sent = ServiceRequestFactory(
        team=team, status="dispatched", dispatched_at=timezone.now()
    )
    member = VolunteerFactory()
    TeamMembershipFactory(team=team, volunteer=member)
    outsider = VolunteerFactory()
    pending = VolunteerFactory()
    TeamMembershipFactory(
        team=team, volunteer=pending, status=TeamMembership.Status.PENDING
    )

    assert selectors.service_request_get(pk=mine.pk, user=mine.requester) == mine
    assert selectors.service_request_get(pk=mine.pk, user=member.user) is None
    assert selectors.service_request_get(pk=sent.pk, user=member.user) == sent
    assert selectors.service_request_get(pk=sent.pk, user=outsider.user) is None
    assert selectors.service_request_get(pk=sent.pk, user=pending.user) is None
    assert selectors.service_request_get(pk=sent.pk, user=staff_user) == sent

    lists = selectors.service_request_lists(user=member.user)
    assert lists.tabs == ["teams", "mine"] and lists.show == "teams"
    assert list(lists.page) == [sent]
    mine_only = selectors.service_request_lists(user=member.user, show="mine")
    assert list(mine_only.page) == []
    # A member cannot ask for the staff's list: they get their first own list.
    assert selectors.service_request_lists(user=member.user, show="open").show == (
        "teams"
    )


def test_staff_see_open_requests_oldest_first_with_overdue_marked(staff_user):
    old = ServiceRequestFactory(wanted_at=timezone.now() - datetime.timedelta(hours=3))
    new = ServiceRequestFactory()
    ServiceRequestFactory(status="cancelled", cancelled_at=timezone.now())
    from volunteers.models import ServiceRequest

    ServiceRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    lists = selectors.service_request_lists(user=staff_user)
    assert lists.show == "open"
    rows = list(lists.page)
    assert [row.pk for row in rows] == [old.pk, new.pk]
    assert [row.is_overdue for row in rows] == [True, False]


def test_team_members_are_masked():
    team = TeamFactory()
    TeamMembershipFactory(
        team=team, volunteer=VolunteerFactory(user=UserFactory(name="王小红"))
    )
    TeamMembershipFactory(team=team, status="pending")
    assert selectors.team_members(team_id=team.pk) == ["王*红"]


@time_machine.travel(LEAP_DAY, tick=False)
def test_the_dashboard_sums_hours_per_year_and_the_balance():
    volunteer = VolunteerFactory()
    HoursEntryFactory(volunteer=volunteer, hours=Decimal("2"))
    HoursEntryFactory(
        volunteer=volunteer,
        hours=Decimal("3"),
        served_on=datetime.date(2027, 12, 31),
    )
    dashboard = selectors.volunteer_dashboard(volunteer=volunteer)
    assert [(row["year"], row["total"]) for row in dashboard.hours_by_year] == [
        (2028, Decimal("2.0")),
        (2027, Decimal("3.0")),
    ]
    assert dashboard.hours_total == Decimal("5.0")
    assert dashboard.balance == 0


@time_machine.travel(MID_YEAR, tick=False)
def test_the_leaderboard_page_reads_its_four_boards_in_two_queries_once_cached():
    build_hours(30)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        board = selectors.leaderboard_page(year=2026)
    with CaptureQueriesContext(connection) as warm:
        again = selectors.leaderboard_page(year=2026)
    # Four sums, then the names and the teams; the sums cached after that.
    assert len(cold) == 6 and len(warm) == 2
    assert again == board
    assert board.volunteers_year == selectors.leaderboard_volunteers(year=2026)
    assert board.volunteers_all == selectors.leaderboard_volunteers(year=None)
    assert board.teams_year == selectors.leaderboard_teams(year=2026)
    assert board.teams_all == selectors.leaderboard_teams(year=None)
    assert board.volunteers_all and board.teams_all


@time_machine.travel(LEAP_DAY, tick=False)
def test_the_dashboard_keeps_pending_hours_apart_from_the_years():
    volunteer = VolunteerFactory()
    HoursEntryFactory(volunteer=volunteer, hours=Decimal("2"))
    # Pending in a year of its own, pending beside verified, and a rejected one.
    HoursEntryFactory(
        volunteer=volunteer,
        hours=Decimal("1.5"),
        served_on=datetime.date(2026, 5, 1),
        status=HoursEntry.Status.PENDING,
        verified_at=None,
    )
    HoursEntryFactory(
        volunteer=volunteer,
        hours=Decimal("4"),
        status=HoursEntry.Status.PENDING,
        verified_at=None,
    )
    HoursEntryFactory(
        volunteer=volunteer,
        hours=Decimal("8"),
        status=HoursEntry.Status.REJECTED,
        verified_at=None,
    )
    HoursEntryFactory(hours=Decimal("9"))  # someone else's

    dashboard = selectors.volunteer_dashboard(volunteer=volunteer)

    assert [(row["year"], row["total"]) for row in dashboard.hours_by_year] == [
        (2028, Decimal("2.0"))
    ]
    assert dashboard.hours_total == Decimal("2.0")
    assert dashboard.hours_pending == Decimal("5.5")
    assert dashboard.history.paginator.count == 4
