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


# --- filters, calendar, the activity page, highlights -------------------------------


def test_activity_filter_combines_every_filter():
    from activities.models import Audience, Campaign
    from tests.factories import AllianceFactory, SpaceFactory, TeamFactory

    space = SpaceFactory(venue__slug="yue-cube")
    team = TeamFactory(slug="our-festivals", alliance=AllianceFactory(slug="depei"))
    wanted = ActivityFactory(
        title="中秋游园会",
        strand="traditional_culture",
        audience=Audience.ELDERLY,
        venue=space.venue,
        space=space,
        team=team,
        location="悦为路",
        starts_at=days(4),
    )
    wanted.campaigns.add(Campaign.objects.get(slug="safety"))
    ActivityFactory(title="中秋讲座", starts_at=days(4))
    filters = selectors.ActivityFilters(
        date_from=timezone.localdate() + datetime.timedelta(days=3),
        date_to=timezone.localdate() + datetime.timedelta(days=5),
        strand="traditional_culture",
        campaign="safety",
        venue="yue-cube",
        space=space.pk,
        team="our-festivals",
        alliance="depei",
        audience="elderly",
        q="中秋 悦为路",
    )

    assert list(selectors.activity_list(filters=filters)) == [wanted]
    assert not filters.is_empty
    assert selectors.ActivityFilters().is_empty


def test_campaign_filter_finds_a_campaign_created_after_the_lists_were_cached():
    """The campaign's id comes from the cached short lists: a new campaign changes
    their version, so its activities are found on the next request; an unknown
    slug matches nothing (not everything)."""
    from activities.models import Campaign

    tagged = ActivityFactory(starts_at=days(2))
    ActivityFactory(starts_at=days(3))
    selectors.activity_filter_choices()  # the lists cached before the campaign

    campaign = Campaign.objects.create(slug="new-year-fair", name="新春市集")
    tagged.campaigns.add(campaign)

    assert list(
        selectors.activity_list(
            filters=selectors.ActivityFilters(campaign=campaign.slug)
        )
    ) == [tagged]
    assert not selectors.activity_list(
        filters=selectors.ActivityFilters(campaign="no-such-campaign")
    ).exists()


def test_activity_list_annotates_seats():
    from tests.activities.factories import RegistrationFactory

    limited = ActivityFactory(capacity=5, starts_at=days(1))
    RegistrationFactory(activity=limited, companions=2)
    RegistrationFactory(activity=limited, waitlisted=True)
    ActivityFactory(capacity=None, starts_at=days(2))

    first, unlimited = selectors.activity_list()

    assert (first.seats_taken, first.seats_left, first.waitlist_count) == (3, 2, 1)
    assert unlimited.seats_left is None


def test_feed_list_shares_the_filters():
    ActivityFactory(title="中秋游园会", starts_at=days(2))
    ActivityFactory(title="健康讲座", starts_at=days(2))

    found = selectors.activity_feed_list(
        filters=selectors.ActivityFilters(q="中秋"), since=days(-30), limit=10
    )

    assert [activity.title for activity in found] == ["中秋游园会"]


def test_calendar_lays_out_the_month_in_weeks_with_festivals():
    def local(day, hour):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    # An activity running over the turn of the month is listed on the 1st.
    overnight = ActivityFactory(
        starts_at=local(datetime.date(2026, 8, 31), 20),
        ends_at=local(datetime.date(2026, 9, 1), 2),
    )
    moon = ActivityFactory(starts_at=local(datetime.date(2026, 9, 25), 19))
    ActivityFactory(
        starts_at=local(datetime.date(2026, 9, 3), 9), status=Activity.Status.DRAFT
    )

    month = selectors.activity_calendar(month=datetime.date(2026, 9, 17))

    assert month.month == datetime.date(2026, 9, 1)
    assert (month.previous_month, month.next_month) == (
        datetime.date(2026, 8, 1),
        datetime.date(2026, 10, 1),
    )
    assert all(len(week) == 7 for week in month.weeks)
    assert month.weeks[0][0].date.weekday() == 0
    assert len(month.days) == 30
    by_date = {day.date: day for day in month.days}
    assert [a.pk for a in by_date[datetime.date(2026, 9, 1)].activities] == [
        overnight.pk
    ]
    assert [a.pk for a in by_date[datetime.date(2026, 9, 25)].activities] == [moon.pk]
    assert [f.key for f in by_date[datetime.date(2026, 9, 25)].festivals] == [
        "mid_autumn"
    ]
    assert [day.date.day for day in month.busy_days] == [1, 25]


def test_activity_page_knows_my_place_and_whether_i_may_rate(resident):
    from tests.activities.factories import RegistrationFactory

    full = ActivityFactory(capacity=1)
    RegistrationFactory(activity=full)
    RegistrationFactory(activity=full, waitlisted=True)
    RegistrationFactory(activity=full, user=resident, waitlisted=True)
    held = ActivityFactory(
        starts_at=days(-1) - datetime.timedelta(hours=3), ends_at=days(-1)
    )
    RegistrationFactory(activity=held, user=resident, checked_in_at=days(-1))

    waiting = selectors.activity_page_get(pk=full.pk, user=resident)
    attended = selectors.activity_page_get(pk=held.pk, user=resident)

    assert waiting.registration.waitlist_position == 2
    assert not waiting.can_rate
    assert attended.attended and attended.can_rate and attended.rating is None


def test_records_published_newest_first_with_attendance():
    from activities.models import ActivityRecord
    from tests.activities.factories import RegistrationFactory

    older = ActivityFactory(starts_at=days(-5))
    newer = ActivityFactory(starts_at=days(-2))
    RegistrationFactory(activity=newer, companions=1, checked_in_at=days(-2))
    for activity, published in ((older, days(-4)), (newer, days(-1))):
        ActivityRecord.objects.create(
            activity=activity, summary="纪实", is_published=True, published_at=published
        )
    ActivityRecord.objects.create(activity=ActivityFactory(), summary="未发布")

    records = list(selectors.record_list_published())

    assert [record.activity for record in records] == [newer, older]
    assert [record.attendance for record in records] == [2, 0]


def test_the_activity_page_names_its_place_and_organisers_as_they_are_now(client):
    """The venue, space, team and partner unit come from the cached short lists
    (no join): a rename is seen on the next request, and the page costs no query
    per relation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.factories import AllianceFactory, SpaceFactory, TeamFactory

    alliance = AllianceFactory(name="攸品邻里中心")
    team = TeamFactory(name="悦公益志愿队", alliance=alliance)
    space = SpaceFactory(name="书画室")
    activity = ActivityFactory(space=space, venue=space.venue, team=team)
    url = reverse("activities:detail", kwargs={"pk": activity.pk})
    client.get(url)  # the short lists read once

    with CaptureQueriesContext(connection) as first:
        content = client.get(url).content.decode()
    assert "书画室" in content and "悦公益志愿队" in content
    assert not [q for q in first.captured_queries if "venues_space" in q["sql"]]
    assert not [q for q in first.captured_queries if "volunteers_team" in q["sql"]]

    space.name = "墨香书画室"
    space.save()
    team.name = "悦公益先锋队"
    team.save()

    content = client.get(url).content.decode()
    assert "墨香书画室" in content and "悦公益先锋队" in content
