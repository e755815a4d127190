"""The home page of a signed-in resident starts from their tasks: the next activity
with its check-in code, unread notices, this week's activities for them, four big
actions; the anonymous home leads with the coming activities and the plan in words.
Both in a fixed number of queries; the bottom bar and the share card on every page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Audience, Registration
from activities.services import checkin_code
from community_portal.notices.models import Notice
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    GridFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def soon(hours: int = 2) -> datetime.datetime:
    """Today, still this week whatever the weekday (hours from now, before Sunday
    night: the tests build activities no later than this evening)."""
    now = timezone.localtime()
    evening = now.replace(hour=23, minute=0, second=0, microsecond=0)
    return min(now + datetime.timedelta(hours=hours), evening)


def sign_up(user, activity) -> Registration:
    return Registration.objects.create(
        activity=activity, user=user, status=Registration.Status.CONFIRMED
    )


def make_mine(user, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        sign_up(user, ActivityFactory(title=f"我报名的{i}", starts_at=soon()))
        Notice.objects.create(
            recipient=user, kind="other", title=f"通知{i}", key=f"k{i}"
        )
        ActivityFactory(title=f"本周{i}", starts_at=soon())


def test_signed_in_home_starts_from_my_tasks(client):
    user = UserFactory(name="张小明")
    activity = ActivityFactory(title="邻里读书会", starts_at=soon())
    registration = sign_up(user, activity)
    Notice.objects.create(recipient=user, kind="other", title="报名成功", key="a")
    client.force_login(user)

    content = client.get(HOME).content.decode()

    assert "邻里读书会" in content
    assert checkin_code(registration) in content
    assert f'href="/me/#checkin-{registration.pk}"' in content
    assert "报名成功" in content
    for url in (
        reverse("activities:list"),
        reverse("venues:matter_create"),
        reverse("volunteers:service_new"),
        reverse("me"),
    ):
        assert f'class="home-action" href="{url}"' in content, url
    # "我的" shows the QR code the home page points to.
    me = client.get(reverse("me")).content.decode()
    assert f'id="checkin-{registration.pk}"' in me


def test_my_next_activity_is_my_soonest_confirmed_seat_not_yet_ended(client):
    user = UserFactory()
    now = timezone.now()
    hall = VenueFactory(name="悦立方文化家园")
    ended = ActivityFactory(
        title="已结束的课",
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(hours=1),
    )
    later = ActivityFactory(
        title="后天的课", starts_at=now + datetime.timedelta(days=2)
    )
    soonest = ActivityFactory(
        title="明天的课", starts_at=now + datetime.timedelta(days=1), venue=hall
    )
    waiting = ActivityFactory(
        title="候补的课", starts_at=now + datetime.timedelta(hours=1)
    )
    for activity in (ended, later, soonest):
        sign_up(user, activity)
    Registration.objects.create(
        activity=waiting,
        user=user,
        status=Registration.Status.WAITLISTED,
        waitlisted_at=now,
    )
    client.force_login(user)

    content = client.get(HOME).content.decode()
    next_card = content.split('id="home-next-title"')[1].split("</section>")[0]

    assert "明天的课" in next_card
    assert "悦立方文化家园" in next_card
    for other in ("已结束的课", "后天的课", "候补的课"):
        assert other not in next_card


def test_this_week_is_for_my_audience_and_my_grid(client):
    mine, other = GridFactory(number=1), GridFactory(number=2)
    elder = UserFactory(
        birth_year=timezone.localdate().year - 85,
        building=BuildingFactory(number=3, grid=mine),
    )
    young = UserFactory(birth_year=timezone.localdate().year - 30)
    ActivityFactory(title="给老人的", audience=Audience.ELDERLY, starts_at=soon())
    ActivityFactory(title="我网格的", grid=mine, starts_at=soon())
    ActivityFactory(title="别的网格的", grid=other, starts_at=soon())
    ActivityFactory(title="给孩子的", audience=Audience.CHILDREN, starts_at=soon())

    client.force_login(elder)
    week = [a.title for a in client.get(HOME).context["for_me"].this_week]
    assert sorted(week) == ["我网格的", "给老人的"]

    client.force_login(young)
    week = [a.title for a in client.get(HOME).context["for_me"].this_week]
    assert week == []


def test_signed_in_home_query_count_does_not_grow(client, assert_same_queries):
    user = UserFactory(building=BuildingFactory(number=5))
    make_mine(user, 2)
    client.force_login(user)

    assert_same_queries(client, HOME, grow=lambda: make_mine(user, 12, start=2))


def test_anonymous_home_leads_with_the_activities_and_the_plan_in_words(client):
    VenueFactory(name="说事长廊")
    ActivityFactory(title="中秋赏月会", starts_at=soon())

    content = client.get(HOME).content.decode()

    assert "<strong>X</strong>" not in content
    assert content.index("中秋赏月会") < content.index('id="plan-title"')
    plan = content[content.index('id="plan-title"') :]
    assert "说事长廊" in plan
    assert 'class="home-action"' not in content


def test_the_bottom_bar_marks_the_page_shown(client, resident):
    content = client.get(reverse("activities:list")).content.decode()

    bar = re.search(r'<nav class="bottom-nav.*?</nav>', content, re.S).group(0)
    assert re.search(r'href="/activities/"\s+aria-current="page"', bar)
    assert bar.count("aria-current") == 1
    for url in ("/", "/matters/", "/me/"):
        assert f'href="{url}"' in bar


def test_log_out_is_set_apart_and_on_my_page(client, resident):
    client.force_login(resident)

    home = client.get(HOME).content.decode()
    me = client.get(reverse("me")).content.decode()

    assert 'class="m-0 portal-logout"' in home
    assert 'action="/accounts/logout/"' in me.split('id="main"')[1]


def test_public_pages_carry_a_share_card(client):
    activity = ActivityFactory(title="中秋赏月会", summary="一起赏月")

    home = client.get(HOME).content.decode()
    page = client.get(activity.get_absolute_url()).content.decode()

    assert re.search(r'property="og:image"\s+content="http://testserver/\S*share', home)
    assert 'property="og:title" content="中秋赏月会"' in page
    assert re.search(r'property="og:description"\s+content="一起赏月"', page)


def test_venue_page_links_a_map_and_a_call(client):
    venue = VenueFactory(address="XX花园社区 说事长廊", office_phone="0571-8888 1002")

    content = client.get(venue.get_absolute_url()).content.decode()

    assert 'href="https://uri.amap.com/search?keyword=XX' in content
    assert 'href="tel:057188881002"' in content


def test_grid_page_shows_its_worker_with_a_call(client):
    grid = GridFactory(number=4)
    grid.workers.add(UserFactory(name="刘网格", phone="13800001111"))

    content = client.get(reverse("grids:detail", args=[4])).content.decode()

    assert "刘网格" in content
    assert 'href="tel:13800001111"' in content
