"""Garbage-sorting rates: database sums per month and per grid, shown as a chart that
also reads as a table, at a query count that does not grow with the checks."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grids import selectors
from tests.factories import BuildingFactory, GridFactory

from .factories import SortingCheckFactory

pytestmark = pytest.mark.django_db

# 00:30 on 1 January in Shanghai (still 31 December in UTC): the twelve months end
# with a month of one day, and last month is in last year.
NEW_YEARS_NIGHT = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen_clock(time_machine):
    """The months are counted back from today: the clock stands still."""
    time_machine.move_to(NEW_YEARS_NIGHT, tick=False)


def months_ago(months: int, day: int = 10) -> datetime.date:
    first = timezone.localdate().replace(day=1)
    for _ in range(months):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return min(first.replace(day=day), timezone.localdate())


def test_monthly_rates_are_sums_of_the_months_checks():
    grid = GridFactory(number=1)
    building = BuildingFactory(grid=grid)
    SortingCheckFactory(
        building=building,
        checked_on=months_ago(1),
        households_checked=10,
        households_correct=5,
        households_aware=8,
    )
    SortingCheckFactory(
        building=building,
        checked_on=months_ago(1, day=1),
        households_checked=30,
        households_correct=25,
        households_aware=22,
    )
    SortingCheckFactory(building=building, checked_on=months_ago(13))  # too old
    other = BuildingFactory(grid=GridFactory(number=2))
    SortingCheckFactory(building=other, checked_on=months_ago(1))  # another grid

    rates = selectors.grid_sorting_rates(grid=grid)
    assert len(rates) == 12
    assert rates[0].month == datetime.date(2026, 2, 1)
    assert rates[-1].month == datetime.date(2027, 1, 1)
    assert rates[-2].month == datetime.date(2026, 12, 1)
    last_month = rates[-2]
    assert (last_month.checked, last_month.correct, last_month.aware) == (40, 30, 30)
    assert last_month.participation == 75.0
    assert last_month.awareness == 75.0
    assert rates[-1].participation is None  # no checks this month
    assert rates.has_data


def test_the_comparison_covers_every_grid_and_the_community():
    one, two = GridFactory(number=1), GridFactory(number=2)
    GridFactory(number=3)
    SortingCheckFactory(
        building=BuildingFactory(grid=one),
        households_checked=10,
        households_correct=9,
        households_aware=10,
    )
    SortingCheckFactory(
        building=BuildingFactory(grid=two),
        households_checked=10,
        households_correct=1,
        households_aware=5,
    )
    comparison = selectors.grids_sorting_comparison()
    by_number = {row.grid.number: row for row in comparison.rows}
    assert by_number[1].participation == 90.0
    assert by_number[2].awareness == 50.0
    assert by_number[3].participation is None
    assert comparison.total.participation == 50.0
    assert comparison.total.awareness == 75.0


def test_the_grid_page_shows_the_rates_as_a_chart_and_a_table(client):
    grid = GridFactory(number=4)
    SortingCheckFactory(
        building=BuildingFactory(grid=grid),
        households_checked=8,
        households_correct=6,
        households_aware=7,
    )
    content = client.get(grid.get_absolute_url()).content.decode()
    assert "<svg" in content
    assert "<caption>" in content
    assert "75.0%" in content
    assert "87.5%" in content


def test_the_grid_list_compares_the_grids(client):
    grid = GridFactory(number=4)
    SortingCheckFactory(
        building=BuildingFactory(grid=grid),
        households_checked=4,
        households_correct=1,
        households_aware=2,
    )
    content = client.get(reverse("grids:list")).content.decode()
    assert "25.0%" in content
    assert "50.0%" in content


def test_a_grid_without_checks_says_so(client):
    grid = GridFactory(number=5)
    response = client.get(grid.get_absolute_url())
    assert not response.context["sorting_rates"].has_data
    assert "<caption>" not in response.content.decode().split("sorting-title")[1]


@pytest.mark.parametrize("url_name", ["list", "detail"])
def test_rates_cost_the_same_queries_whatever_the_number_of_checks(
    client, url_name, django_assert_num_queries
):
    grids = [GridFactory(number=n) for n in range(1, 10)]
    buildings = [BuildingFactory(grid=grid) for grid in grids]
    url = (
        reverse("grids:list")
        if url_name == "list"
        else reverse("grids:detail", args=[1])
    )

    def build(count):
        for index in range(count):
            SortingCheckFactory(
                building=buildings[index % 9], checked_on=months_ago(index % 12)
            )

    # Both renders read everything afresh (the page's other cached reads too).
    build(3)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    build(60)
    cache.clear()
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_the_sums_are_cached_until_a_check_is_written(
    client, django_assert_num_queries
):
    """The grid list and a grid's page keep the checks' sums in the shared cache; a
    check saved, changed or deleted shows on the next request."""
    grid = GridFactory(number=4)
    building = BuildingFactory(grid=grid)
    check = SortingCheckFactory(
        building=building,
        households_checked=4,
        households_correct=1,
        households_aware=2,
    )
    list_url, detail_url = reverse("grids:list"), grid.get_absolute_url()
    assert "25.0%" in client.get(list_url).content.decode()
    assert "25.0%" in client.get(detail_url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        client.get(list_url)
    with CaptureQueriesContext(connection) as cold:
        cache.clear()
        client.get(list_url)
    assert len(warm) < len(cold)

    SortingCheckFactory(
        building=building,
        households_checked=4,
        households_correct=4,
        households_aware=4,
    )  # 5 of 8 correct, 6 of 8 aware
    assert "62.5%" in client.get(list_url).content.decode()
    assert "62.5%" in client.get(detail_url).content.decode()

    check.households_correct = 0
    check.save()  # 4 of 8 correct
    assert "50.0%" in client.get(list_url).content.decode()
    assert "50.0%" in client.get(detail_url).content.decode()

    check.delete()  # 4 of 4
    assert "100.0%" in client.get(list_url).content.decode()
    assert "100.0%" in client.get(detail_url).content.decode()


def test_the_cached_sums_follow_the_months(client, time_machine):
    """The sums are keyed on the first month counted: a new month drops the old one
    without any write."""
    grid = GridFactory(number=4)
    SortingCheckFactory(
        building=BuildingFactory(grid=grid),
        checked_on=months_ago(11),
        households_checked=4,
        households_correct=1,
        households_aware=2,
    )
    assert "25.0%" in client.get(reverse("grids:list")).content.decode()
    assert "25.0%" in client.get(grid.get_absolute_url()).content.decode()
    time_machine.move_to(NEW_YEARS_NIGHT + datetime.timedelta(days=31), tick=False)
    response = client.get(reverse("grids:list"))
    assert response.context["sorting"].total.checked == 0
    assert "25.0%" not in response.content.decode()
    # The grid page's drawn rates are cached on the first month counted too.
    assert "25.0%" not in client.get(grid.get_absolute_url()).content.decode()


def test_the_grid_pages_drawn_rates_are_kept_per_language(client):
    """The chart and table of a grid page are cached per language: the English
    page is not served the Chinese fragment, and a new check shows in both."""
    grid = GridFactory(number=4)
    building = BuildingFactory(grid=grid)
    SortingCheckFactory(
        building=building,
        households_checked=4,
        households_correct=1,
        households_aware=2,
    )
    url = grid.get_absolute_url()
    chinese = client.get(url).content.decode()
    english = client.get("/en" + url).content.decode()
    assert "Participation rate" in english and "Participation rate" not in chinese
    SortingCheckFactory(
        building=building,
        households_checked=4,
        households_correct=4,
        households_aware=4,
    )
    assert "62.5%" in client.get("/en" + url).content.decode()
    assert "62.5%" in client.get(url).content.decode()
