"""The culture-venue and partner-alliance pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Campaign
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    MerchantFactory,
    ProgrammeFactory,
    SpaceFactory,
    TeamFactory,
    VenueFactory,
)
from venues.models import Venue

from .factories import PledgeFactory, SpacePhotoFactory

pytestmark = pytest.mark.django_db


def build_venues(count):
    for _ in range(count):
        venue = VenueFactory(cover=None)
        SpaceFactory.create_batch(2, venue=venue)


def test_venue_list_query_count_does_not_grow(client, assert_same_queries):
    build_venues(3)
    assert_same_queries(client, reverse("venues:list"), lambda: build_venues(27))


def test_venue_detail_query_count_does_not_grow(client, assert_same_queries):
    venue = VenueFactory()
    campaigns = list(Campaign.objects.all()[:2])

    def build(count):
        for _ in range(count):
            space = SpaceFactory(venue=venue)
            SpacePhotoFactory(space=space)
            ActivityFactory(venue=venue, space=space).campaigns.set(campaigns)

    build(3)
    assert_same_queries(client, venue.get_absolute_url(), lambda: build(27))


def test_venue_list_shows_venues_and_their_spaces(client):
    venue = VenueFactory(name="“悦立方”文化家园", summary="邻里文化之家")
    SpaceFactory(venue=venue, name="博悦舍")

    response = client.get(reverse("venues:list"))

    content = response.content.decode()
    assert "“悦立方”文化家园" in content
    assert "邻里文化之家" in content
    assert "博悦舍" in content
    assert venue.get_absolute_url() in content


def test_venue_detail_shows_spaces_photos_and_coming_activities(client):
    venue = VenueFactory(name="“悦立方”文化家园")
    space = SpaceFactory(
        venue=venue,
        name="悦健室",
        purpose="社区乒乓球室",
        opening_hours="每天 8:30–20:30",
        capacity=12,
        location="邻里中心二楼",
    )
    photo = SpacePhotoFactory(space=space, caption="乒乓球台")
    ActivityFactory(venue=venue, space=space, title="乒乓球友谊赛")
    ActivityFactory(
        venue=venue,
        title="上月的讲座",
        starts_at=timezone.now() - datetime.timedelta(days=30),
    )
    ActivityFactory(venue=venue, title="草稿活动", status=Activity.Status.DRAFT)
    ActivityFactory(title="别处的活动")

    response = client.get(venue.get_absolute_url())

    content = response.content.decode()
    assert "悦健室" in content
    assert "社区乒乓球室" in content
    assert "每天 8:30–20:30" in content
    assert "邻里中心二楼" in content
    assert "乒乓球台" in content
    assert photo.image.name.rsplit(".", 1)[0] + ".thumb" in content
    assert "乒乓球友谊赛" in content
    assert "上月的讲座" not in content
    assert "草稿活动" not in content
    assert "别处的活动" not in content


def test_culture_grids_venue_links_to_the_grids(client):
    venue = VenueFactory(kind=Venue.Kind.CULTURE_GRIDS)

    response = client.get(venue.get_absolute_url())

    assert f'href="{reverse("grids:list")}"' in response.content.decode()


def test_unknown_venue_is_404(client):
    assert client.get(reverse("venues:detail", args=["nowhere"])).status_code == 404


def build_alliances(count):
    for _ in range(count):
        alliance = AllianceFactory()
        ProgrammeFactory(alliance=alliance)
        TeamFactory(alliance=alliance)


def test_alliance_list_query_count_does_not_grow(client, assert_same_queries):
    build_alliances(3)
    assert_same_queries(
        client, reverse("venues:alliance_list"), lambda: build_alliances(27)
    )


def test_alliance_detail_query_count_does_not_grow(client, assert_same_queries):
    alliance = AllianceFactory()
    pledges = [PledgeFactory(name="诚信经营"), PledgeFactory(name="文明餐桌")]

    def build(count):
        for _ in range(count):
            ProgrammeFactory(alliance=alliance)
            MerchantFactory(alliance=alliance).pledges.set(pledges)
            team = TeamFactory(alliance=alliance)
            ActivityFactory(team=team, alliance=alliance)

    build(3)
    assert_same_queries(client, alliance.get_absolute_url(), lambda: build(27))


def test_alliance_detail_shows_programmes_merchants_teams_activities(client):
    alliance = AllianceFactory(name="攸品邻里中心")
    ProgrammeFactory(alliance=alliance, name="攸品松年学堂")
    merchant = MerchantFactory(alliance=alliance, name="老王面馆", business="面食")
    merchant.pledges.add(PledgeFactory(name="诚信经营"))
    MerchantFactory(alliance=alliance, name="已歇业商户", is_active=False)
    team = TeamFactory(alliance=alliance, name="幸福邻里“家”年华")
    ActivityFactory(team=team, title="健康讲座")
    ActivityFactory(alliance=alliance, team=None, title="诚信街区开放日")

    response = client.get(alliance.get_absolute_url())

    content = response.content.decode()
    for text in (
        "攸品松年学堂",
        "老王面馆",
        "诚信经营",
        "幸福邻里“家”年华",
        "健康讲座",
        "诚信街区开放日",
    ):
        assert text in content, text
    assert "已歇业商户" not in content


def test_unknown_alliance_is_404(client):
    response = client.get(reverse("venues:alliance_detail", args=["nowhere"]))

    assert response.status_code == 404


def test_all_activities_links_keep_to_the_venue_and_the_alliance(client):
    """ "All activities ›" under a venue's or an alliance's coming activities opens
    the list filtered to them (the filter the list page offers), not every activity."""
    venue = VenueFactory()
    alliance = AllianceFactory()
    venue_page = client.get(venue.get_absolute_url()).content.decode()
    alliance_page = client.get(alliance.get_absolute_url()).content.decode()
    assert f'href="{reverse("activities:list")}?venue={venue.slug}"' in venue_page
    assert (
        f'href="{reverse("activities:list")}?alliance={alliance.slug}"' in alliance_page
    )


def test_the_talk_corridor_page_leads_to_raising_and_reading_matters(client):
    corridor = VenueFactory(kind="talk_corridor")
    page = client.get(corridor.get_absolute_url()).content.decode()
    assert f'href="{reverse("venues:matter_create")}"' in page
    assert f'href="{reverse("venues:matter_board")}"' in page
    assert "即将开通" not in page
