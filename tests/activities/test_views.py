"""The activity pages residents read: the coming list and one activity."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Audience, Campaign
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    GridFactory,
    SpaceFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


LIST_URL = reverse("activities:list")


def assert_same_queries(client, url, grow, django_assert_num_queries):
    """Render ``url`` small, ``grow()`` the data tenfold, render again: same count."""
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def build_activities(count):
    campaigns = list(Campaign.objects.all()[:3])
    for index in range(count):
        space = SpaceFactory()
        activity = ActivityFactory(
            venue=space.venue,
            space=space,
            alliance=AllianceFactory(),
            grid=GridFactory(number=index % 9 + 1),
            status=Activity.Status.CANCELLED if index % 5 == 0 else "published",
            starts_at=timezone.now() + datetime.timedelta(days=1, hours=index),
        )
        activity.campaigns.set(campaigns)


def test_activity_list_query_count_does_not_grow(client, django_assert_num_queries):
    build_activities(3)
    assert_same_queries(
        client, LIST_URL, lambda: build_activities(27), django_assert_num_queries
    )


def test_activity_detail_query_count_does_not_grow(client, django_assert_num_queries):
    activity = ActivityFactory(
        alliance=AllianceFactory(), grid=GridFactory(number=1), team=TeamFactory()
    )
    activity.campaigns.set(Campaign.objects.all()[:1])

    def grow():
        activity.campaigns.set(Campaign.objects.all())
        build_activities(27)

    assert_same_queries(
        client, activity.get_absolute_url(), grow, django_assert_num_queries
    )


def test_activity_list_shows_twelve_a_page_with_pagination(client):
    build_activities(30)

    first = client.get(LIST_URL)
    third = client.get(LIST_URL, {"page": 3})
    beyond = client.get(LIST_URL, {"page": 99})

    assert len(first.context["activities"]) == 12
    assert len(third.context["activities"]) == 6
    assert 'class="pagination"' in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    assert beyond.context["page_obj"].number == 3


def test_activity_list_marks_cancelled_and_leaves_out_drafts_and_past(client):
    ActivityFactory(title="端午包粽子")
    ActivityFactory(title="取消了的讲座", status=Activity.Status.CANCELLED)
    ActivityFactory(title="还没发布", status=Activity.Status.DRAFT)
    ActivityFactory(
        title="早就结束了", starts_at=timezone.now() - datetime.timedelta(days=3)
    )

    content = client.get(LIST_URL).content.decode()

    assert "端午包粽子" in content
    assert "还没发布" not in content
    assert "早就结束了" not in content
    cancelled_item = re.search(
        r'<li class="activity-item is-cancelled">(.*?)</li>', content, re.S
    )
    assert cancelled_item and "取消了的讲座" in cancelled_item.group(1)
    assert "badge-cancelled" in cancelled_item.group(1)


def test_activity_list_says_so_kindly_when_empty(client):
    content = client.get(LIST_URL).content.decode()

    assert "empty-state" in content
    assert "activity-item" not in content


def test_activity_detail_shows_what_a_resident_needs(client):
    space = SpaceFactory(name="悦享堂", venue__name="“悦立方”文化家园")
    team = TeamFactory(name="悦公益")
    alliance = AllianceFactory(name="德培幼儿园")
    starts = timezone.make_aware(datetime.datetime(2031, 12, 6, 14, 0))
    activity = ActivityFactory(
        title="悦寿宴",
        venue=space.venue,
        space=space,
        location="邻里中心一楼",
        team=team,
        alliance=alliance,
        audience=Audience.ELDERLY,
        capacity=40,
        summary="为80岁以上老人祝寿",
        description="欢迎家属陪同。",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    activity.campaigns.set(Campaign.objects.filter(slug="civilization"))

    content = client.get(activity.get_absolute_url()).content.decode()

    for text in (
        "悦寿宴",
        "“悦立方”文化家园",
        "悦享堂",
        "邻里中心一楼",
        "悦公益",
        "德培幼儿园",
        "文明创建",
        "为80岁以上老人祝寿",
        "欢迎家属陪同。",
        "40",
        "14:00–16:00",
        "2031",
        str(Audience.ELDERLY.label),
    ):
        assert text in content, text
    assert "cancelled-banner" not in content
    assert reverse("activities:ics", args=[activity.pk]) in content


def test_times_are_shown_in_shanghai_time(client):
    # 06:00 UTC is 14:00 in Shanghai.
    starts = datetime.datetime(2031, 12, 6, 6, 0, tzinfo=datetime.UTC)
    activity = ActivityFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )

    content = client.get(activity.get_absolute_url()).content.decode()

    assert "14:00–16:00" in content


def test_cancelled_activity_shows_a_clear_banner(client):
    activity = ActivityFactory(
        status=Activity.Status.CANCELLED, cancellation_reason="台风预警，改期另行通知"
    )

    response = client.get(activity.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="cancelled-banner" role="alert"' in content
    assert "台风预警，改期另行通知" in content
    assert "event.ics" not in content  # nothing to add to a calendar


def test_draft_is_404_to_the_public_and_200_to_staff(client, resident, staff_user):
    draft = ActivityFactory(status=Activity.Status.DRAFT)
    url = draft.get_absolute_url()

    assert client.get(url).status_code == 404
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    assert client.get(url).status_code == 200


def test_unknown_activity_is_404(client):
    response = client.get(reverse("activities:detail", args=[424242]))

    assert response.status_code == 404
    assert "btn btn-primary btn-lg" in response.content.decode()  # our 404 page


def test_english_activity_list_renders(client):
    ActivityFactory(title="端午包粽子")

    response = client.get("/en/activities/")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in content
    assert "端午包粽子" in content
    assert 'href="/en/activities/' in content


# --- filters ------------------------------------------------------------------------


def titles(response) -> list[str]:
    return [activity.title for activity in response.context["activities"]]


@pytest.fixture
def filter_data():
    from tests.factories import VenueFactory

    venue = VenueFactory(slug="yue-cube")
    space = SpaceFactory(venue=venue, name="悦享堂")
    alliance = AllianceFactory(slug="depei")
    team = TeamFactory(slug="our-festivals", alliance=alliance)
    festival = ActivityFactory(
        title="中秋游园会",
        strand="traditional_culture",
        audience=Audience.ELDERLY,
        venue=venue,
        space=space,
        team=team,
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    festival.campaigns.add(Campaign.objects.get(slug="garbage-sorting"))
    ActivityFactory(
        title="健康讲座", starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    return {"venue": venue, "space": space, "festival": festival}


@pytest.mark.parametrize(
    "params",
    [
        {"strand": "traditional_culture"},
        {"audience": "elderly"},
        {"campaign": "garbage-sorting"},
        {"venue": "yue-cube"},
        {"team": "our-festivals"},
        {"alliance": "depei"},  # the team's partner unit
        {"q": "中秋"},
        {"q": "  游园   中秋 "},
        {"q": "游园", "audience": "elderly", "venue": "yue-cube", "strand": "bad"},
    ],
)
def test_activity_list_filters(client, filter_data, params):
    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert titles(response) == ["中秋游园会"]


def test_activity_list_filters_by_space_and_dates(client, filter_data):
    in_ten_days = timezone.localdate() + datetime.timedelta(days=10)

    by_space = client.get(LIST_URL, {"space": filter_data["space"].pk})
    by_day = client.get(
        LIST_URL, {"date_from": in_ten_days.isoformat(), "date_to": in_ten_days}
    )
    until = client.get(
        LIST_URL, {"date_to": timezone.localdate() + datetime.timedelta(days=3)}
    )

    assert titles(by_space) == ["中秋游园会"]
    assert titles(by_day) == ["中秋游园会"]
    assert titles(until) == ["健康讲座"]


def test_date_from_in_the_past_shows_ended_activities(client):
    ActivityFactory(
        title="上周的讲座", starts_at=timezone.now() - datetime.timedelta(days=7)
    )

    default = client.get(LIST_URL)
    looking_back = client.get(
        LIST_URL, {"date_from": timezone.localdate() - datetime.timedelta(days=8)}
    )

    assert titles(default) == []
    assert titles(looking_back) == ["上周的讲座"]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2026-13-45"},
        {"date_from": "9999-01-01"},
        {"date_from": "2026-05-01", "date_to": "2026-04-01"},
        {"space": "abc"},
        {"space": "-3"},
        {"strand": "<script>"},
        {"audience": "martians"},
        {"venue": "不是slug"},
        {"q": "x" * 500},
        {"page": "abc"},
        {"page": "-1"},
    ],
)
def test_bad_filter_values_never_fail(client, filter_data, params):
    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    if "page" not in params:
        assert response.context["form"].errors
        assert 'role="alert"' in response.content.decode()


def test_unknown_slug_finds_nothing_and_offers_to_clear(client, filter_data):
    response = client.get(LIST_URL, {"venue": "no-such-venue"})

    content = response.content.decode()
    assert titles(response) == []
    assert "empty-state" in content
    assert f'href="{LIST_URL}"' in content  # clear filters


def test_filters_are_kept_in_the_form_and_the_page_links(client):
    for index in range(14):
        ActivityFactory(
            title=f"健康课堂{index}",
            starts_at=timezone.now() + datetime.timedelta(days=1, hours=index),
        )

    response = client.get(LIST_URL, {"q": "健康", "audience": "everyone"})

    content = response.content.decode()
    assert 'value="健康"' in content
    assert '<option value="everyone" selected>' in content
    assert "?q=%E5%81%A5%E5%BA%B7&amp;audience=everyone&amp;page=2" in content
    second = client.get(LIST_URL, {"q": "健康", "audience": "everyone", "page": 2})
    assert len(second.context["activities"]) == 2


def test_filtered_list_query_count_does_not_grow(client, django_assert_num_queries):
    from tests.factories import VenueFactory

    VenueFactory(slug="yue-cube")
    url = LIST_URL + "?q=活动&venue=yue-cube&strand=modern_ideas&campaign=civilization"

    def build(count):
        venue = VenueFactory._meta.model.objects.get(slug="yue-cube")
        for index in range(count):
            activity = ActivityFactory(
                venue=venue,
                capacity=2,
                starts_at=timezone.now() + datetime.timedelta(days=1, hours=index),
            )
            activity.campaigns.set(Campaign.objects.all())
            RegistrationFactory(activity=activity)
            RegistrationFactory(activity=activity, waitlisted=True)

    build(3)
    assert_same_queries(client, url, lambda: build(27), django_assert_num_queries)


def test_cards_show_seats_left_and_the_waitlist(client):
    roomy = ActivityFactory(title="宽敞", capacity=10)
    RegistrationFactory(activity=roomy, companions=1)
    full = ActivityFactory(title="满员", capacity=1)
    RegistrationFactory(activity=full)
    RegistrationFactory(activity=full, waitlisted=True)

    response = client.get(LIST_URL)

    by_title = {activity.title: activity for activity in response.context["activities"]}
    assert by_title["宽敞"].seats_left == 8
    assert (by_title["满员"].seats_left, by_title["满员"].waitlist_count) == (0, 1)
    assert 'class="seats is-full"' in response.content.decode()


def test_feed_link_keeps_the_filters(client):
    response = client.get(LIST_URL, {"q": "健康"})

    assert (
        'href="/activities/feed.ics?q=%E5%81%A5%E5%BA%B7"' in response.content.decode()
    )


# --- the month calendar ---------------------------------------------------------------

CALENDAR_URL = reverse("activities:calendar")


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_calendar_shows_the_month_with_activities_and_festivals(client):
    # Mid-Autumn 2026 falls on 25 September.
    ActivityFactory(title="中秋游园会", starts_at=at(datetime.date(2026, 9, 25), 18))
    ActivityFactory(title="十月的活动", starts_at=at(datetime.date(2026, 10, 2), 9))

    response = client.get(CALENDAR_URL, {"month": "2026-09"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "中秋游园会" in content and "十月的活动" not in content
    day = next(d for d in response.context["calendar"].days if d.date.day == 25)
    assert [festival.key for festival in day.festivals] == ["mid_autumn"]
    assert [activity.title for activity in day.activities] == ["中秋游园会"]
    assert 'href="?month=2026-08"' in content
    assert 'href="?month=2026-10"' in content


def test_calendar_marks_today_and_defaults_to_this_month(client):
    response = client.get(CALENDAR_URL)

    today = timezone.localdate()
    assert response.context["calendar"].month == today.replace(day=1)
    assert 'aria-current="date"' in response.content.decode()


@pytest.mark.parametrize("month", ["2026-13", "abc", "99999-01", "1850-01", ""])
def test_calendar_bad_month_is_this_month(client, month):
    response = client.get(CALENDAR_URL, {"month": month})

    assert response.status_code == 200
    assert response.context["calendar"].month == timezone.localdate().replace(day=1)


def test_calendar_query_count_does_not_grow(client, django_assert_num_queries):
    month = timezone.localdate().replace(day=1)

    def build(count):
        for index in range(count):
            ActivityFactory(
                starts_at=at(month + datetime.timedelta(days=index % 27), 10),
                status=Activity.Status.CANCELLED if index % 4 == 0 else "published",
            )

    build(3)
    assert_same_queries(
        client, CALENDAR_URL, lambda: build(30), django_assert_num_queries
    )


def test_calendar_is_linked_from_the_list_and_the_nav(client):
    content = client.get(LIST_URL).content.decode()

    assert content.count(f'href="{CALENDAR_URL}"') >= 2


def test_english_calendar_renders(client):
    response = client.get("/en/activities/calendar/", {"month": "2026-09"})

    assert response.status_code == 200
    assert "Mid-Autumn Festival" in response.content.decode()


# --- one activity ---------------------------------------------------------------------


def test_activity_page_has_qr_code_ics_and_feed(client):
    activity = ActivityFactory()

    content = client.get(activity.get_absolute_url()).content.decode()

    assert 'class="poster-qr"' in content and "<svg" in content
    assert f"http://testserver{activity.get_absolute_url()}" in content
    assert reverse("activities:ics", args=[activity.pk]) in content
    assert reverse("activities:feed") in content
    assert "<script>" not in content and "<script " not in content.replace(
        '<script src="', ""
    )


def test_activity_page_explains_window_and_cutoff(client, resident):
    activity = ActivityFactory(capacity=5, cancellation_cutoff_hours=24)
    RegistrationFactory(activity=activity, companions=1)
    client.force_login(resident)

    response = client.get(activity.get_absolute_url())

    content = response.content.decode()
    assert response.context["activity"].seats_left == 3
    assert response.context["registration_open"] is True
    assert "24" in content  # you can cancel up to 24 hours before
    assert content.count('class="btn btn-primary btn-lg w-100 btn-signup"') == 1


def build_held_activity_with_everything(count: int, activity: Activity) -> None:
    from activities.models import ActivityRecord, Rating, RecordPhoto
    from tests.factories import UserFactory

    record, _created = ActivityRecord.objects.get_or_create(
        activity=activity,
        defaults={
            "summary": "很热闹",
            "is_published": True,
            "published_at": timezone.now(),
        },
    )
    start = record.photos.count()
    for index in range(count):
        user = UserFactory()
        RegistrationFactory(
            activity=activity, user=user, checked_in_at=activity.starts_at
        )
        Rating.objects.create(activity=activity, user=user, score=index % 5 + 1)
        RecordPhoto.objects.create(
            record=record, image=f"records/p{start + index}.jpg", position=start + index
        )


def test_activity_page_query_count_with_registrations_ratings_and_photos(
    client, resident, django_assert_num_queries
):
    starts_at = timezone.now() - datetime.timedelta(days=1)
    activity = ActivityFactory(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        alliance=AllianceFactory(),
        grid=GridFactory(number=1),
    )
    activity.campaigns.set(Campaign.objects.all())
    RegistrationFactory(activity=activity, user=resident, checked_in_at=starts_at)
    build_held_activity_with_everything(3, activity)
    client.force_login(resident)

    response = client.get(activity.get_absolute_url())
    assert response.context["page"].can_rate
    assert "records/p0.thumb.jpg" in response.content.decode()
    assert_same_queries(
        client,
        activity.get_absolute_url(),
        lambda: build_held_activity_with_everything(27, activity),
        django_assert_num_queries,
    )


def test_upcoming_activity_page_query_count_with_registrations(
    client, resident, django_assert_num_queries
):
    activity = ActivityFactory(capacity=10)
    RegistrationFactory(activity=activity, user=resident, waitlisted=True)
    client.force_login(resident)

    def grow():
        for _ in range(30):
            RegistrationFactory(activity=activity, waitlisted=True)

    assert_same_queries(
        client, activity.get_absolute_url(), grow, django_assert_num_queries
    )


def test_ended_activity_shows_its_published_record_and_average(client):
    from activities.models import ActivityRecord, Rating

    starts_at = timezone.now() - datetime.timedelta(days=2)
    activity = ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    for score in (4, 5):
        registration = RegistrationFactory(activity=activity, checked_in_at=starts_at)
        Rating.objects.create(activity=activity, user=registration.user, score=score)
    ActivityRecord.objects.create(
        activity=activity,
        summary="四十位老人参加",
        is_published=True,
        published_at=timezone.now(),
    )

    content = client.get(activity.get_absolute_url()).content.decode()

    assert "四十位老人参加" in content
    assert "4.5" in content
    assert reverse("activities:rate", args=[activity.pk]) not in content  # visitor


def test_unpublished_record_stays_hidden(client):
    from activities.models import ActivityRecord

    starts_at = timezone.now() - datetime.timedelta(days=2)
    activity = ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    ActivityRecord.objects.create(activity=activity, summary="草稿纪实")

    assert "草稿纪实" not in client.get(activity.get_absolute_url()).content.decode()


def test_english_activity_page_renders_for_a_resident(client, resident):
    activity = ActivityFactory(max_companions=1)
    client.force_login(resident)

    response = client.get(f"/en{activity.get_absolute_url()}")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sign me up" in content
    assert f'action="/en/activities/{activity.pk}/register/"' in content


# --- highlights -----------------------------------------------------------------------

HIGHLIGHTS_URL = reverse("activities:highlights")


def build_records(count: int) -> None:
    from activities.models import ActivityRecord, RecordPhoto

    for index in range(count):
        starts_at = timezone.now() - datetime.timedelta(days=index + 1)
        activity = ActivityFactory(
            starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
        )
        RegistrationFactory(activity=activity, checked_in_at=starts_at)
        record = ActivityRecord.objects.create(
            activity=activity,
            summary=f"纪实{activity.pk}",
            is_published=True,
            published_at=timezone.now() - datetime.timedelta(days=index),
        )
        for position in range(3):
            RecordPhoto.objects.create(
                record=record,
                image=f"records/r{record.pk}-{position}.jpg",
                position=position,
            )


def test_highlights_shows_published_records_newest_first(client):
    from activities.models import ActivityRecord

    build_records(3)
    hidden = ActivityFactory(starts_at=timezone.now() - datetime.timedelta(days=1))
    ActivityRecord.objects.create(activity=hidden, summary="未发布的纪实")

    response = client.get(HIGHLIGHTS_URL)

    content = response.content.decode()
    records = list(response.context["records"])
    assert [r.published_at for r in records] == sorted(
        (r.published_at for r in records), reverse=True
    )
    assert "未发布的纪实" not in content
    assert ".thumb.jpg" in content
    assert records[0].activity.get_absolute_url() in content
    assert records[0].attendance == 1


def test_highlights_query_count_does_not_grow(client, django_assert_num_queries):
    build_records(3)
    assert_same_queries(
        client, HIGHLIGHTS_URL, lambda: build_records(27), django_assert_num_queries
    )


def test_highlights_is_paginated_and_empty_says_so(client):
    empty = client.get(HIGHLIGHTS_URL).content.decode()
    build_records(12)

    second = client.get(HIGHLIGHTS_URL, {"page": 2})

    assert "empty-state" in empty
    assert len(second.context["records"]) == 2


def test_english_highlights_renders(client):
    build_records(1)

    assert client.get("/en/highlights/").status_code == 200


# --- home: this week ------------------------------------------------------------------


def test_home_shows_this_weeks_activities(client):
    ActivityFactory(
        title="明天的活动", starts_at=timezone.now() + datetime.timedelta(hours=20)
    )
    ActivityFactory(
        title="一个月后", starts_at=timezone.now() + datetime.timedelta(days=30)
    )

    content = client.get(reverse("home")).content.decode()

    assert "明天的活动" in content
    assert "一个月后" not in content
    assert f'href="{CALENDAR_URL}"' in content


def test_organisers_find_their_tools_on_the_activity_page(
    client, team_leader, resident
):
    from volunteers.models import Team

    activity = ActivityFactory(team=Team.objects.get(leader=team_leader))
    checkin_url = reverse("activities:checkin", args=[activity.pk])

    client.force_login(resident)
    assert checkin_url not in client.get(activity.get_absolute_url()).content.decode()

    client.force_login(team_leader)
    content = client.get(activity.get_absolute_url()).content.decode()
    assert checkin_url in content
    assert reverse("activities:record", args=[activity.pk]) in content
    assert reverse("activities:staff_satisfaction") not in content  # staff only
