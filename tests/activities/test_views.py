"""The activity list residents read: pages, cards, filters, the feed link."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Audience, Campaign
from tests.activities.factories import RegistrationFactory
from tests.activities.helpers import (
    CALENDAR_URL,
    LIST_URL,
    build_activities,
)
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    SpaceFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def test_activity_list_query_count_does_not_grow(client, assert_same_queries):
    build_activities(3)
    assert_same_queries(client, LIST_URL, lambda: build_activities(27))


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


def test_filtered_list_query_count_does_not_grow(client, assert_same_queries):
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
    assert_same_queries(client, url, lambda: build(27))


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
