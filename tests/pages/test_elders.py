"""The 80+ roster for the quarterly 悦寿宴 (``/staff/elders/``): who is on it, the
birthdays of the quarter, grid scope, bad input, the CSV, signing elders up in
one step (seats, waitlist, skips) and a fixed number of queries."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Registration
from activities.services import ElderPick, elders_register
from community_portal.accounts.models import Household, HouseholdMember
from community_portal.pages import elders as roster
from community_portal.permissions import Role
from tests.activities.factories import RegistrationFactory
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    GridFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("elder_roster")
# A Monday in the fourth quarter of 2026, mid-morning in Shanghai.
TODAY = datetime.datetime(2026, 10, 12, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def grids():
    one, two = GridFactory(number=1), GridFactory(number=2)
    return {
        "one": one,
        "two": two,
        "b1": BuildingFactory(number=1, grid=one),
        "b2": BuildingFactory(number=2, grid=two),
    }


@pytest.fixture
def staff():
    return StaffUserFactory(username="staffer")


def banquet(**kwargs):
    start = datetime.datetime(2026, 11, 13, 11, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    fields = {
        "title": "2026年第四季度“悦寿宴”",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "min_age": 80,
        "capacity": 40,
        "max_companions": 2,
    }
    return ActivityFactory(**{**fields, **kwargs})


def household(building, room, *people, manager=None):
    home = Household.objects.create(building=building, room=room)
    if manager is not None:
        HouseholdMember.objects.create(
            household=home,
            user=manager,
            name=manager.name,
            birth_year=1968,
            relation=HouseholdMember.Relation.SELF,
            is_manager=True,
        )
    return [
        HouseholdMember.objects.create(
            household=home, name=name, birth_year=year, birth_month=month
        )
        for name, year, month in people
    ]


def test_quarter_input():
    assert str(roster.Quarter.parse("2026-Q4")) == "2026-Q4"
    assert roster.Quarter.parse("2026-Q4").months == range(10, 13)
    assert str(roster.Quarter.parse("")) == "2026-Q4"  # today's quarter
    assert str(roster.Quarter.parse("2026-Q1").shifted(-1)) == "2025-Q4"
    assert str(roster.Quarter.parse("2026-Q4").shifted(1)) == "2027-Q1"
    for bad in ("2026-Q5", "2026-Q0", "2026Q4", "Q4", "99999-Q1", "2026-q4"):
        with pytest.raises(roster.RosterInputError):
            roster.Quarter.parse(bad)


def test_roster_lists_accounts_and_members_aged_80_this_year(grids, staff):
    UserFactory(name="刚满八十", birth_year=1946, birth_month=11, building=grids["b1"])
    UserFactory(name="七十九岁", birth_year=1947, building=grids["b1"])
    UserFactory(name="没填年份", building=grids["b1"])
    UserFactory(name="停用账号", birth_year=1930, building=grids["b1"], is_active=False)
    household(grids["b2"], "1-101", ("无账号老人", 1936, 2), ("孙子", 2015, None))
    scope = roster.roster_scope(user=staff, quarter="2026-Q4", grid=None)
    rows = roster.elder_roster(scope=scope).page.object_list
    assert [(row.name, row.age, row.birthday_in_quarter) for row in rows] == [
        ("刚满八十", 80, True),
        ("无账号老人", 90, False),
    ]
    assert rows[1].room == "1-101" and rows[1].grid_number == 2
    # Next year's first quarter: the 79-year-old turns 80.
    scope = roster.roster_scope(user=staff, quarter="2027-Q1", grid=None)
    names = [row.name for row in roster.elder_roster(scope=scope).page.object_list]
    assert "七十九岁" in names


def test_an_account_in_a_household_is_listed_once_with_its_address(grids, staff):
    elder = UserFactory(name="周桂英", birth_year=1940)
    home = Household.objects.create(building=grids["b1"], room="2-202")
    HouseholdMember.objects.create(
        household=home, user=elder, name="周桂英", birth_year=1940, is_manager=True
    )
    scope = roster.roster_scope(
        user=staff, quarter="2026-Q4", grid=str(grids["one"].pk)
    )
    rows = roster.elder_roster(scope=scope).page.object_list
    assert [(row.name, row.building_number, row.room) for row in rows] == [
        ("周桂英", 1, "2-202")
    ]
    assert rows[0].birthday_in_quarter is None


def test_grid_workers_see_their_own_grid_only(client, grids):
    worker = UserFactory(roles=[Role.GRID_WORKER])
    grids["one"].workers.add(worker)
    UserFactory(name="一网格老人", birth_year=1940, building=grids["b1"])
    UserFactory(name="二网格老人", birth_year=1940, building=grids["b2"])
    client.force_login(worker)
    page = client.get(URL, {"quarter": "2026-Q4"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "一网格老人" in body and "二网格老人" not in body
    assert client.get(URL, {"grid": grids["two"].pk}).status_code == 403
    resident = UserFactory()
    client.force_login(resident)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"quarter": "2026-Q5"}, "2026-Q5"),
        ({"quarter": "<script>"}, "&lt;script&gt;"),
        ({"grid": "999"}, "999"),
        ({"grid": "abc"}, "abc"),
    ],
)
def test_bad_input_is_a_400_with_the_input_kept(client, staff, query, message):
    client.force_login(staff)
    page = client.get(URL, query)
    assert page.status_code == 400
    body = page.content.decode()
    assert "alert-danger" in body and message in body
    assert "<script>" not in body.split("<main", 1)[-1].split("</main>")[0]


def test_birthdays_of_the_quarter_are_marked_on_the_page(client, grids, staff):
    UserFactory(name="十月生日", birth_year=1940, birth_month=10, building=grids["b1"])
    UserFactory(name="五月生日", birth_year=1940, birth_month=5, building=grids["b1"])
    UserFactory(name="月份不详", birth_year=1940, building=grids["b1"])
    client.force_login(staff)
    body = client.get(URL, {"quarter": "2026-Q4"}).content.decode()
    assert body.count("badge badge-birthday") == 1
    assert "roster-unknown" in body
    assert "生日月份未填" in body  # the unknown month says so (Chinese catalogue)


def test_csv_export(client, grids, staff):
    activity = banquet()
    elder = UserFactory(name="=HYPERLINK(1)", birth_year=1940, building=grids["b1"])
    RegistrationFactory(activity=activity, user=elder, companions=1)
    household(grids["b2"], "3-301", ("王奶奶", 1938, 12))
    client.force_login(staff)
    response = client.get(URL, {"quarter": "2026-Q4", "format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[1][4] == "'=HYPERLINK(1)"  # no formula
    assert rows[1][11] == "1"
    assert rows[2][:7] == ["2", "悦2", "2", "3-301", "王奶奶", "1938", "12"]


def test_sign_up_in_one_step_respects_seats_and_skips(grids, staff):
    activity = banquet(capacity=4)
    daughter = UserFactory(name="女儿", birth_year=1968)
    first = UserFactory(name="甲", birth_year=1940, building=grids["b1"])
    second = UserFactory(name="乙", birth_year=1941, building=grids["b1"])
    already = UserFactory(name="丙", birth_year=1942, building=grids["b1"])
    RegistrationFactory(activity=activity, user=already)
    (grandma,) = household(grids["b2"], "1-1", ("丁", 1936, 10), manager=daughter)
    (orphan,) = household(grids["b2"], "1-2", ("戊", 1936, 10))
    result = elders_register(
        activity_id=activity.pk,
        by=staff,
        picks=[
            ElderPick(user_id=first.pk, companions=1),  # 2 seats: 3 of 4 taken
            ElderPick(user_id=already.pk),
            ElderPick(member_id=grandma.pk, companions=1),  # 2 more: waitlisted
            ElderPick(user_id=second.pk),  # 1 would fit, but nobody jumps the queue
            ElderPick(member_id=orphan.pk),
            ElderPick(user_id=first.pk, companions=5),
        ],
    )
    assert result.confirmed == ["甲"]
    assert result.waitlisted == ["丁", "乙"]
    assert result.skipped == ["丙", "甲"]
    assert [name for name, _reason in result.refused] == ["戊"]
    seat = Registration.objects.get(member=grandma)
    assert seat.user == daughter and seat.status == Registration.Status.WAITLISTED
    assert Registration.objects.get(user=first).companions == 1


def test_too_many_companions_and_too_young_are_refused_one_by_one(grids, staff):
    activity = banquet(max_companions=1)
    elder = UserFactory(name="甲", birth_year=1940)
    young = UserFactory(name="乙", birth_year=1960)
    result = elders_register(
        activity_id=activity.pk,
        by=staff,
        picks=[ElderPick(user_id=elder.pk, companions=2), ElderPick(user_id=young.pk)],
    )
    assert not result.confirmed and len(result.refused) == 2


def test_the_page_signs_up_the_selected_and_shows_who_came(client, grids, staff):
    activity = banquet()
    came = UserFactory(name="已签到", birth_year=1940, building=grids["b1"])
    RegistrationFactory(activity=activity, user=came, checked_in_at=timezone.now())
    picked = UserFactory(name="被选中", birth_year=1940, building=grids["b1"])
    other_grid = UserFactory(name="别的网格", birth_year=1940, building=grids["b2"])
    worker = UserFactory(roles=[Role.GRID_WORKER])
    grids["one"].workers.add(worker)
    client.force_login(worker)
    response = client.post(
        URL,
        {
            "quarter": "2026-Q4",
            "grid": grids["one"].pk,
            "pick": [f"u-{picked.pk}", f"u-{other_grid.pk}", "x-1", "u-abc"],
            f"companions-u-{picked.pk}": "2",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?quarter=2026-Q4&grid={grids['one'].pk}"
    assert Registration.objects.get(user=picked).companions == 2
    assert not Registration.objects.filter(user=other_grid).exists()
    page = client.get(response["Location"])
    body = page.content.decode()
    assert activity.title in body
    assert "✓" in body  # who came
    assert "1" in str(list(page.context["messages"]))


def test_nothing_selected_and_no_banquet_say_so(client, grids, staff):
    client.force_login(staff)
    response = client.post(URL, {"quarter": "2026-Q4"}, follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    banquet()
    response = client.post(URL, {"quarter": "2026-Q4"}, follow=True)
    assert len(list(response.context["messages"])) == 1


def test_closed_banquet_is_a_message_not_a_500(client, grids, staff):
    start = timezone.now() - datetime.timedelta(hours=3)
    activity = banquet(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    elder = UserFactory(birth_year=1940, building=grids["b1"])
    client.force_login(staff)
    response = client.post(
        URL, {"quarter": "2026-Q4", "pick": [f"u-{elder.pk}"]}, follow=True
    )
    assert response.status_code == 200
    assert not Registration.objects.filter(activity=activity, user=elder).exists()
    assert len(list(response.context["messages"])) == 1
    # Over: no boxes to tick, no button; the registrations and check-ins stay.
    body = client.get(URL, {"quarter": "2026-Q4"}).content.decode()
    assert 'name="pick"' not in body and activity.title in body


def test_fixed_queries_at_two_sizes(client, grids, staff, assert_same_queries):
    activity = banquet()
    counter = iter(range(1000))

    def grow(count=3):
        for _ in range(count):
            n = next(counter)
            user = UserFactory(birth_year=1940, birth_month=n % 12 + 1)
            user.building = grids["b1"]
            user.save()
            RegistrationFactory(activity=activity, user=user)
            household(grids["b2"], f"9-{n}", (f"老人{n}", 1935, None))

    grow(2)
    client.force_login(staff)
    assert_same_queries(client, f"{URL}?quarter=2026-Q4", grow=lambda: grow(6))
    assert_same_queries(
        client, f"{URL}?quarter=2026-Q4&format=csv", grow=lambda: grow(6)
    )
