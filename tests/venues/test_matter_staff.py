"""The staff's list of open matters (moved here from the grids overview): overdue ones
marked, counts per grid, one grid at a time, a page at a time with the total."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import BuildingFactory, GridFactory, UserFactory
from venues import selectors
from venues.models import Matter

from .factories import MatterFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
URL = "venues:matter_staff"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def aged(matter, days):
    Matter.objects.filter(pk=matter.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return matter


@time_machine.travel(NOW, tick=False)
def test_the_list_marks_overdue_matters_and_counts_them_per_grid(staff_client):
    building = BuildingFactory(number=3, grid=GridFactory(number=1))
    aged(MatterFactory(building=building, title="八天没人回"), 8)
    MatterFactory(building=building, title="昨天提的")
    replied = aged(MatterFactory(building=building, title="八天但已回复"), 8)
    Matter.objects.filter(pk=replied.pk).update(first_reply_at=timezone.now())
    MatterFactory(building=building, title="已解决", status=Matter.Status.RESOLVED)
    MatterFactory(
        building=building, title="被隐藏", is_hidden=True, hidden_reason="广告"
    )

    response = staff_client.get(reverse(URL))
    assert response.status_code == 200
    overview = response.context["overview"]
    overdue = {matter.title: matter.is_overdue for matter in overview.page}
    assert overdue == {"八天没人回": True, "八天但已回复": False, "昨天提的": False}
    assert overview.page.paginator.count == 3
    grid_one = overview.backlog[0]
    assert (grid_one.open, grid_one.overdue) == (3, 1)
    content = response.content.decode()
    assert "badge-overdue" in content
    assert "被隐藏" not in content


def test_one_grid_at_a_time_and_a_bad_grid_shows_all(staff_client):
    MatterFactory(building=BuildingFactory(number=3, grid=GridFactory(number=1)))
    GridFactory(number=2)
    only_two = staff_client.get(reverse(URL), {"grid": "2"})
    assert only_two.context["overview"].grid.number == 2
    assert not only_two.context["overview"].page.object_list
    every = staff_client.get(reverse(URL), {"grid": "x"})
    assert every.status_code == 200
    assert every.context["overview"].grid is None
    assert len(every.context["overview"].page) == 1


def test_the_list_is_paginated_in_the_selector_with_its_total(staff_client):
    per_page = selectors.STAFF_MATTERS_PER_PAGE
    MatterFactory.create_batch(per_page + 3)
    first = selectors.matter_staff_overview()
    assert len(first.page) == per_page
    assert first.page.paginator.count == per_page + 3
    response = staff_client.get(reverse(URL), {"page": "2"})
    assert len(response.context["overview"].page) == 3
    assert f"{per_page + 3}" in response.content.decode()
    # Past the end: the last page, not an error.
    assert staff_client.get(reverse(URL), {"page": "99"}).status_code == 200


def test_residents_and_grid_workers_are_refused(client, resident, grid_worker):
    for user in (resident, grid_worker):
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 403
    client.logout()
    assert client.get(reverse(URL)).status_code == 302


def test_the_grids_overview_links_to_this_list(staff_client):
    content = staff_client.get(reverse("grids:staff_overview")).content.decode()
    assert reverse(URL) in content


def test_the_query_count_does_not_grow(staff_client, assert_same_queries):
    grid = GridFactory(number=1)
    buildings = iter(range(1, 100))

    def build(count):
        for index in range(count):
            building = BuildingFactory(number=next(buildings), grid=grid)
            aged(
                MatterFactory(
                    building=building if index % 3 else None,
                    author=UserFactory(),
                ),
                index,
            )

    build(3)
    assert_same_queries(staff_client, reverse(URL), lambda: build(30))
