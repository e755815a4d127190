"""A grid's page keeps three of its reads in the shared cache — the coming activity
cards, the per-household participation and the selection winners — and every write
that changes one of them shows on the very next request (the page is warmed first,
so a stale value would be served)."""

import datetime

import pytest
from django.utils import timezone

from activities.models import Campaign, Registration
from activities.services import (
    party_registration_create,
    registration_cancel,
    registration_check_in,
    registration_create,
)
from community_portal.accounts.services import household_create, household_member_add
from tests.factories import ActivityFactory, BuildingFactory, GridFactory, UserFactory
from tests.venues.selection_helpers import candidate, selection_in
from venues import services as venue_services

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def grid():
    return GridFactory(number=3, theme="悦邻")


def coming_titles(client, grid) -> list[str]:
    response = client.get(grid.get_absolute_url())
    return [activity.title for activity in response.context["page"].activities]


# --- The coming activity cards ----------------------------------------------------------


def test_a_new_or_changed_activity_shows_at_once(client, grid):
    ActivityFactory(grid=grid, title="楼道议事会")
    assert coming_titles(client, grid) == ["楼道议事会"]

    ActivityFactory(grid=grid, title="垃圾分类宣讲", starts_at=timezone.now() + HOUR)
    assert coming_titles(client, grid) == ["垃圾分类宣讲", "楼道议事会"]

    moved = ActivityFactory(grid=GridFactory(number=5), title="别的网格")
    moved.grid = grid
    moved.save()
    assert "别的网格" in coming_titles(client, grid)


def test_a_sign_up_changes_the_seat_count_on_the_card_at_once(client, grid):
    activity = ActivityFactory(grid=grid, capacity=5)
    page = client.get(grid.get_absolute_url()).context["page"]
    assert page.activities[0].seats_left == 5

    registration = registration_create(activity_id=activity.pk, user=UserFactory())
    page = client.get(grid.get_absolute_url()).context["page"]
    assert page.activities[0].seats_left == 4

    registration_cancel(registration_id=registration.pk, user=registration.user)
    page = client.get(grid.get_absolute_url()).context["page"]
    assert page.activities[0].seats_left == 5


def test_a_card_leaves_when_its_activity_ends_and_the_next_one_comes_in(
    client, grid, time_machine
):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    first = ActivityFactory(
        grid=grid, title="第一场", starts_at=now + HOUR, ends_at=now + 2 * HOUR
    )
    for day in range(1, 7):
        ActivityFactory(
            grid=grid,
            title=f"第{day + 1}场",
            starts_at=now + datetime.timedelta(days=day),
        )
    titles = coming_titles(client, grid)
    assert titles[0] == first.title and len(titles) == 6 and "第7场" not in titles

    # The database clock is not travelled: the first one is ended in the rows too.
    time_machine.move_to(now + 3 * HOUR, tick=False)
    type(first).objects.filter(pk=first.pk).update(
        starts_at=now - 2 * HOUR, ends_at=now - HOUR
    )
    titles = coming_titles(client, grid)
    assert first.title not in titles and titles[-1] == "第7场"


def test_an_activity_made_a_draft_leaves_at_once(client, grid):
    activity = ActivityFactory(grid=grid, title="书法体验课")
    assert coming_titles(client, grid) == ["书法体验课"]
    activity.status = activity.Status.DRAFT
    activity.save()
    assert coming_titles(client, grid) == []


# --- The per-household participation ----------------------------------------------------


@pytest.fixture
def households(grid):
    building = BuildingFactory(grid=grid)
    daughter = UserFactory(birth_year=1975, name="王芳")
    household_create(user=daughter, building_id=building.pk, room="2-301")
    child = household_member_add(
        user=daughter, name="小明", birth_year=2018, relation="grandchild"
    )
    neighbour = UserFactory(birth_year=1980)
    household_create(user=neighbour, building_id=building.pk, room="2-302")
    return building, daughter, child


def participation(client, grid):
    figure = client.get(grid.get_absolute_url()).context["household_participation"]
    return figure.households, figure.taking_part


def test_a_check_in_at_a_sorting_activity_counts_at_once(
    client, grid, households, staff_user, time_machine
):
    _building, daughter, child = households
    sorting = ActivityFactory(capacity=20, max_companions=2)
    sorting.campaigns.add(Campaign.objects.get(slug="garbage-sorting"))
    (seat,) = party_registration_create(
        activity_id=sorting.pk, user=daughter, member_ids=[child.pk], include_self=False
    )
    assert participation(client, grid) == (2, 0)

    time_machine.move_to(sorting.starts_at + datetime.timedelta(minutes=5))
    registration_check_in(registration_id=seat.pk, by_user=staff_user)
    assert participation(client, grid) == (2, 1)

    # The activity is no longer tagged 垃圾分类: the check-in no longer counts.
    sorting.campaigns.clear()
    assert participation(client, grid) == (2, 0)
    sorting.campaigns.add(Campaign.objects.get(slug="garbage-sorting"))
    assert participation(client, grid) == (2, 1)

    Registration.objects.get(pk=seat.pk).delete()
    assert participation(client, grid) == (2, 0)


def test_a_household_moving_in_counts_at_once(client, grid, households):
    building, _daughter, _child = households
    assert participation(client, grid) == (2, 0)
    household_create(
        user=UserFactory(birth_year=1990), building_id=building.pk, room="3-101"
    )
    assert participation(client, grid) == (3, 0)


# --- The selection winners ------------------------------------------------------------


def winner_names(client, grid) -> list[str]:
    page = client.get(grid.get_absolute_url()).context["page"]
    return [winner.nominee_name for winner in page.winners]


def test_a_winner_refused_or_recounted_shows_at_once(client, grid, staff_user):
    selection = selection_in("notice", title="最美家庭", winner_count=1)
    first = candidate(selection, name="3幢 陈家", grid=grid, vote_count=30)
    second = candidate(selection, name="3幢 周家", grid=grid, vote_count=20)
    assert winner_names(client, grid) == ["3幢 陈家"]

    venue_services.nomination_refuse(
        nomination_id=first.pk, staff=staff_user, reason="材料不实"
    )
    assert winner_names(client, grid) == ["3幢 周家"]

    second.vote_count = 0
    second.save()
    assert winner_names(client, grid) == []


def test_a_new_selection_in_notice_shows_its_winner_at_once(client, grid):
    assert winner_names(client, grid) == []
    selection = selection_in("notice", title="最美庭院", winner_count=1)
    candidate(selection, name="3幢 吴家", grid=grid, vote_count=5)
    assert winner_names(client, grid) == ["3幢 吴家"]
