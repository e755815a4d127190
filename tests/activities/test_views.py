"""The activity pages residents read: the coming list and one activity."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Audience, Campaign
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
