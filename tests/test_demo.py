"""``manage.py load_demo``: everything the plan names, idempotent, refused with DEBUG off."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from lunar_python import Lunar

from activities.models import Activity, Audience
from community_portal.accounts.models import User
from community_portal.devtools.demo import pictures
from community_portal.devtools.demo.dates import add_months
from community_portal.devtools.demo.loader import demo_load
from community_portal.permissions import Role
from grids.models import Building, CivilityPoster, ConventionArticle, Grid, GridContent
from venues.models import Alliance, Merchant, Pledge, Programme, Space, Venue
from volunteers.models import Strand, Team

pytestmark = pytest.mark.django_db

PASSWORD = "demo-2026"

# The demo is laid out around today. New Year's Eve, late: the window crosses the
# year, and next year's 春节 and 元宵 (26 January and 9 February 2028) fall in it.
DEMO_DAY = datetime.datetime(2027, 12, 31, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(DEMO_DAY, tick=False)


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    """Thumbnail-sized demo pictures: the pipeline is the same, the suite is faster."""
    monkeypatch.setattr(pictures, "IMAGE_SIZE", (120, 80))


def load() -> str:
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def snapshot() -> dict:
    return {
        "activities": sorted(
            Activity.objects.values_list(
                "title", "starts_at", "ends_at", "status", "cover", "updated_at"
            )
        ),
        "campaigns": sorted(
            Activity.campaigns.through.objects.values_list("activity_id", "campaign_id")
        ),
        "buildings": sorted(Building.objects.values_list("number", "grid__number")),
        "workers": sorted(
            Grid.workers.through.objects.values_list("grid_id", "user_id")
        ),
        "users": sorted(User.objects.values_list("username", "password", "name")),
        "counts": {
            model.__name__: model.objects.count()
            for model in (
                Venue,
                Space,
                Grid,
                Building,
                GridContent,
                ConventionArticle,
                CivilityPoster,
                Alliance,
                Programme,
                Pledge,
                Merchant,
                Team,
                Activity,
                User,
            )
        },
        "covers": sorted(Venue.objects.values_list("cover", flat=True))
        + sorted(Team.objects.values_list("cover", flat=True)),
    }


def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())
    assert not Venue.objects.exists()

    output = load()

    assert Venue.objects.count() == 3
    assert "http://127.0.0.1:8000/" in output
    for username in (
        "admin",
        "staff",
        "leader",
        "gridworker",
        "resident",
        "volunteer",
        "elder",
    ):
        assert username in output
    assert PASSWORD in output


def test_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert Venue.objects.count() == 3


def test_three_venues_and_the_six_spaces_of_yue_cube():
    load()
    assert dict(Venue.objects.values_list("slug", "kind")) == {
        "yue-cube": Venue.Kind.CULTURE_HOME,
        "talk-corridor": Venue.Kind.TALK_CORRIDOR,
        "culture-grids": Venue.Kind.CULTURE_GRIDS,
    }
    cube = Venue.objects.get(slug="yue-cube")
    assert cube.name == "“悦立方”文化家园"
    assert Venue.objects.get(slug="talk-corridor").name == "说事长廊"
    assert Venue.objects.get(slug="culture-grids").name == "文化网格"
    spaces = list(cube.spaces.all())
    assert [space.name for space in spaces] == [
        "悦荟区",
        "悦丰馆",
        "博悦舍",
        "悦享堂",
        "悦珍阁",
        "悦健室",
    ]
    assert Space.objects.count() == 6
    for space in spaces:
        assert space.purpose and space.opening_hours and space.location
        assert space.capacity
        assert space.cover.name.endswith(".jpg")
    assert all(venue.cover for venue in Venue.objects.all())


def test_nine_grids_with_26_buildings_and_their_stairwell_content():
    load()
    grids = list(Grid.objects.order_by("number"))
    assert [grid.number for grid in grids] == list(range(1, 10))
    assert [grid.theme for grid in grids] == [
        "悦廉", "悦家", "悦善", "悦居", "悦邻", "悦才", "悦享", "悦孝", "悦为",
    ]  # fmt: skip
    assert grids[0].stairwell == "悦廉楼道"
    assert grids[8].stairwell == "悦为路"
    assert sorted(Building.objects.values_list("number", flat=True)) == list(
        range(1, 27)
    )
    for grid in grids:
        assert grid.slogan and grid.theme_meaning and grid.cover
        assert 2 <= grid.buildings.count() <= 4
        assert set(grid.contents.values_list("kind", flat=True)) == set(
            GridContent.Kind.values
        )
    assert ConventionArticle.objects.count() >= 8
    posters = CivilityPoster.objects.all()
    assert posters.count() >= 3
    assert all(poster.image for poster in posters)


def test_every_grid_page_shows_its_worker_with_a_tap_to_call_link(client):
    load()
    for grid in Grid.objects.order_by("number"):
        workers = list(grid.workers.all())
        assert workers, grid
        content = client.get(grid.get_absolute_url()).content.decode()
        for worker in workers:
            assert worker.phone, worker
            assert f'href="tel:{worker.phone}"' in content, (grid, worker)
            assert worker.name in content


def test_two_alliances_with_their_programmes_and_merchants():
    load()
    youpin = Alliance.objects.get(slug="youpin")
    depei = Alliance.objects.get(slug="depei")
    assert (youpin.name, depei.name) == ("攸品邻里中心", "德培幼儿园")
    assert set(youpin.programmes.values_list("name", flat=True)) == {
        "诚信街区",
        "攸品松年学堂",
    }
    assert set(depei.programmes.values_list("name", flat=True)) == {
        "创意无限工作室",
        "“一个孩子带动一户家庭”垃圾分类",
        "废旧物品回收及旧物改造成果展示区",
    }
    assert (
        depei.programmes.get(name="废旧物品回收及旧物改造成果展示区").location
        == "攸品物业服务中心"
    )
    assert {"诚信经营", "文明餐桌", "绿色节约"} <= set(
        Pledge.objects.values_list("name", flat=True)
    )
    merchants = youpin.merchants.all()
    assert 6 <= merchants.count() <= 8
    assert all(m.pledges.filter(name="诚信经营").exists() for m in merchants)
    assert merchants.filter(pledges__name="文明餐桌").exists()


def test_teams_cover_the_four_strands():
    load()
    teams = Team.objects.all()
    assert teams.count() >= 12
    assert set(teams.values_list("strand", flat=True)) == set(Strand.values)
    assert all(team.slug.isascii() for team in teams)
    names = set(teams.values_list("name", flat=True))
    for name in (
        "“悦公益”志愿联盟",
        "社区甬剧团",
        "假日学校",
        "道德讲堂",
        "健康课堂",
        "XXX书画工作室",
        "XXX乒乓工作室",
    ):
        assert name in names
    assert Team.objects.get(slug="yue-volunteers").leader.username == "leader"
    assert Team.objects.get(slug="songnian-lecturers").alliance.slug == "youpin"
    assert Team.objects.get(slug="infinite-creativity").alliance.slug == "depei"


def test_activities_fill_the_past_and_next_three_months():
    load()
    today = timezone.localdate()
    start, end = add_months(today, -3), add_months(today, 3)
    in_window = [
        activity
        for activity in Activity.objects.all()
        if start <= local_date(activity.starts_at) <= end
    ]
    assert len(in_window) >= 30
    now = timezone.now()
    assert any(activity.starts_at < now for activity in in_window)
    assert any(activity.starts_at > now for activity in in_window)
    statuses = {activity.status for activity in in_window}
    assert statuses == {
        Activity.Status.PUBLISHED,
        Activity.Status.CANCELLED,
        Activity.Status.DRAFT,
    }
    cancelled = [a for a in in_window if a.status == Activity.Status.CANCELLED]
    assert all(activity.cancellation_reason for activity in cancelled)
    titles = list(Activity.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    for activity in in_window:
        assert activity.summary and activity.description
        assert activity.venue_id or activity.alliance_id
        assert activity.space_id is None or activity.space.venue_id == activity.venue_id
    assert Activity.objects.filter(campaigns__slug="garbage-sorting").exists()
    assert Activity.objects.filter(
        audience=Audience.WOMEN, title__contains="3·8"
    ).exists()
    assert Activity.objects.filter(
        audience=Audience.MEN, title__contains="10·28"
    ).exists()


def lunar_festivals(year: int) -> dict[str, datetime.date]:
    """Computed here from lunar-python directly, not through the loader's helpers."""
    new_year = Lunar.fromYmd(year, 1, 1)
    solars = {
        "春节": new_year.getSolar(),
        "元宵": Lunar.fromYmd(year, 1, 15).getSolar(),
        "清明": new_year.getJieQiTable()["清明"],
        "端午": Lunar.fromYmd(year, 5, 5).getSolar(),
        "七夕": Lunar.fromYmd(year, 7, 7).getSolar(),
        "中秋": Lunar.fromYmd(year, 8, 15).getSolar(),
        "重阳": Lunar.fromYmd(year, 9, 9).getSolar(),
    }
    return {
        name: datetime.date(s.getYear(), s.getMonth(), s.getDay())
        for name, s in solars.items()
    }


def test_festivals_fall_on_their_lunar_dates():
    load()
    today = timezone.localdate()
    expected = list(lunar_festivals(today.year).items())
    later = lunar_festivals(today.year + 1)
    for name in ("春节", "元宵"):
        if today < later[name] <= add_months(today, 3):
            expected.append((name, later[name]))
    # On DEMO_DAY the window reaches into next year's Spring Festival and Lantern.
    assert expected[-2:] == [
        ("春节", datetime.date(2028, 1, 26)),
        ("元宵", datetime.date(2028, 2, 9)),
    ]
    for name, day in expected:
        matches = [
            activity
            for activity in Activity.objects.filter(
                title__contains=f"{day.year}年{name}"
            )
            if local_date(activity.starts_at) == day
        ]
        assert matches, f"no {name} activity on {day}"
        assert matches[0].team.slug == "our-festivals"


def test_longevity_banquet_every_quarter_of_the_window():
    load()
    today = timezone.localdate()
    for day in (add_months(today, -3), today, add_months(today, 3)):
        quarter = "一二三四"[(day.month - 1) // 3]
        banquet = Activity.objects.get(title=f"{day.year}年第{quarter}季度“悦寿宴”")
        assert banquet.audience == Audience.ELDERLY
        assert banquet.min_age == 80


def test_one_demo_account_per_role():
    load()
    # Besides the lived-in demo's residents and the other grids' workers, who cannot
    # sign in.
    accounts = {
        user.username: user
        for user in User.objects.exclude(username__startswith="demo-resident-").exclude(
            username__startswith="demo-gridworker-"
        )
    }
    assert not any(
        user.has_usable_password()
        for user in User.objects.filter(username__startswith="demo-")
    )
    assert set(accounts) == {
        "admin",
        "staff",
        "leader",
        "gridworker",
        "resident",
        "volunteer",
        "elder",
        "daughter",
    }
    for user in accounts.values():
        assert user.check_password(PASSWORD)
    assert accounts["admin"].is_superuser and accounts["admin"].is_staff

    def groups(username):
        return set(accounts[username].groups.values_list("name", flat=True))

    assert groups("staff") == {Role.STAFF} and accounts["staff"].is_staff
    assert groups("leader") == {Role.TEAM_LEADER}
    assert groups("gridworker") == {Role.GRID_WORKER}
    assert Grid.objects.get(number=1).workers.filter(username="gridworker").exists()
    for plain in ("resident", "volunteer", "elder", "daughter"):
        assert groups(plain) == set()
        assert not accounts[plain].is_staff
        assert accounts[plain].name and accounts[plain].phone
    assert accounts["elder"].birth_year == 1940
    assert accounts["resident"].birth_year
    assert Group.objects.filter(name=Role.STAFF).exists()


def test_running_twice_changes_nothing():
    load()
    before = snapshot()

    # Refreshing compares every demo value, so this also proves they all match.
    result = demo_load(refresh=True)

    assert result["created"] == 0
    assert result["updated"] == 0
    assert snapshot() == before


def test_running_on_a_later_day_adds_no_duplicates(monkeypatch):
    load()
    first = dict(Activity.objects.values_list("title", "starts_at"))

    later = timezone.now() + datetime.timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: later)
    demo_load()

    titles = list(Activity.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    again = dict(Activity.objects.values_list("title", "starts_at"))
    # What was there keeps its date; only the month that came into the window is new.
    assert {title: again[title] for title in first} == first
    assert len(again) > len(first)


def test_keeps_edits_made_in_the_demo_unless_refreshing():
    load()
    building = Building.objects.get(number=1)
    building.grid = Grid.objects.get(number=9)
    building.save()
    staff = User.objects.get(username="staff")
    staff.set_password("changed-it")
    staff.save()
    venue = Venue.objects.get(slug="yue-cube")
    cover = venue.cover.name

    demo_load()

    building.refresh_from_db()
    staff.refresh_from_db()
    assert building.grid.number == 9
    assert staff.check_password("changed-it")

    result = demo_load(refresh=True)

    assert result["updated"] == 2
    building.refresh_from_db()
    staff.refresh_from_db()
    venue.refresh_from_db()
    assert building.grid.number == 1
    assert staff.check_password(PASSWORD)
    assert venue.cover.name == cover


def test_the_gallery_an_exhibition_and_bookings_are_in_the_demo():
    from venues.models import Exhibition, SpaceBooking, Work

    load()
    approved = Work.objects.filter(status=Work.Status.APPROVED)
    assert approved.count() >= 6
    assert set(approved.values_list("kind", flat=True)) == set(Work.Kind.values)
    assert all(work.photos.exists() for work in approved)
    assert Work.objects.filter(status=Work.Status.PENDING).exists()
    assert Space.objects.get(name="悦珍阁").shows_gallery
    exhibition = Exhibition.objects.current().get()
    assert exhibition.space.name == "悦丰馆"
    assert exhibition.entries.count() == approved.count()
    statuses = set(SpaceBooking.objects.values_list("status", flat=True))
    assert {"confirmed", "pending", "refused"} <= statuses
    bookings = SpaceBooking.objects.count()
    demo_load()
    assert SpaceBooking.objects.count() == bookings
    assert Work.objects.count() == approved.count() + 1
