"""The cached pieces of the activity lists and the home page (the places' short
lists, the home's plan, the home's coming activities): every write they depend on
shows on the next request, and the seats are never cached."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from activities.models import Campaign
from activities.services import registration_cancel, registration_create
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    ProgrammeFactory,
    SpaceFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LIST = reverse("activities:list")


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)  # signed in: past the page cache
    return client


def page(client, url=HOME, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def seats_left(count: int) -> str:
    return ngettext("%(seats)s seat left", "%(seats)s seats left", count) % {
        "seats": count
    }


def soon(hours: int = 3) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def test_a_sign_up_and_a_cancellation_show_in_the_seats_at_once(resident_client):
    activity = ActivityFactory(
        title="周三的讲座", starts_at=soon(), capacity=5, max_companions=1
    )
    assert seats_left(5) in page(resident_client)
    assert seats_left(5) in page(resident_client, LIST)

    registration = registration_create(
        activity_id=activity.pk, user=UserFactory(), companions=1
    )

    assert seats_left(3) in page(resident_client)
    assert seats_left(3) in page(resident_client, LIST)

    registration_cancel(registration_id=registration.pk, user=registration.user)

    assert seats_left(5) in page(resident_client)


def test_an_edited_title_and_a_cancellation_show_on_the_home_at_once(resident_client):
    activity = ActivityFactory(title="旧标题", starts_at=soon())
    assert "旧标题" in page(resident_client)

    activity.title = "新标题"
    activity.save()
    content = page(resident_client)
    assert "新标题" in content and "旧标题" not in content

    activity.status = activity.Status.CANCELLED
    activity.save()
    assert "is-cancelled" in page(resident_client)

    activity.delete()
    assert "新标题" not in page(resident_client)


def test_an_activity_that_ends_leaves_the_home_and_the_next_one_comes_in(
    resident_client,
):
    # The lists compare with the database's clock, which no travel moves: a real
    # activity ending in a moment.
    now = timezone.now()
    for minutes in range(10, 18):
        ActivityFactory(
            title=f"第{minutes}分钟的活动",
            starts_at=now + datetime.timedelta(minutes=minutes),
        )
    ends_at = timezone.now() + datetime.timedelta(seconds=2)
    ActivityFactory(
        title="正在进行的活动",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=ends_at,
    )
    content = page(resident_client)
    # Eight on the home: the ninth (the last) waits for a place.
    assert "正在进行的活动" in content and "第17分钟的活动" not in content

    time.sleep(max(0, (ends_at - timezone.now()).total_seconds()) + 0.5)

    content = page(resident_client)
    assert "正在进行的活动" not in content and "第17分钟的活动" in content


def test_a_new_campaign_shows_in_the_filter_at_once(resident_client):
    Campaign.objects.create(name="文明实践月", slug="month")
    assert "文明实践月" in page(resident_client, LIST)

    Campaign.objects.create(name="新时代宣讲", slug="talks")

    assert "新时代宣讲" in page(resident_client, LIST)


def test_a_renamed_venue_or_space_shows_on_the_cards_and_the_home_at_once(
    resident_client,
):
    venue = VenueFactory(name="旧的馆名")
    space = SpaceFactory(venue=venue, name="旧的室名")
    ActivityFactory(title="馆里的活动", venue=venue, space=space, starts_at=soon())
    for url in (HOME, LIST):
        content = page(resident_client, url)
        assert "旧的馆名" in content and "旧的室名" in content

    venue.name = "新的馆名"
    venue.save()
    space.name = "新的室名"
    space.save()

    for url in (HOME, LIST):
        content = page(resident_client, url)
        assert "新的馆名" in content and "新的室名" in content, url
        assert "旧的馆名" not in content and "旧的室名" not in content, url


def test_the_homes_plan_follows_every_write_to_what_it_lists(resident_client):
    alliance = AllianceFactory(name="旧联盟")
    programme = ProgrammeFactory(alliance=alliance, name="旧项目")
    team = TeamFactory(name="旧团队")
    content = page(resident_client)
    assert "旧联盟" in content and "旧项目" in content and "旧团队" in content

    alliance.name = "新联盟"
    alliance.save()
    programme.name = "新项目"
    programme.save()
    team.name = "新团队"
    team.save()

    content = page(resident_client)
    assert "新联盟" in content and "新项目" in content and "新团队" in content
    assert "旧联盟" not in content and "旧团队" not in content

    team.is_active = False
    team.save()
    assert "新团队" not in page(resident_client)

    VenueFactory(name="新开的馆")
    assert "新开的馆" in page(resident_client)


def test_the_homes_plan_is_drawn_in_each_language(client):
    VenueFactory(name="说事长廊")
    assert "说事长廊" in page(client)

    english = page(client, "/en/")

    assert 'lang="en"' in english and "Three culture venues" in english
