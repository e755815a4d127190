"""The culture-grid pages."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from grids.models import GridContent
from tests.factories import (
    ActivityFactory,
    BuildingFactory,
    GridContentFactory,
    GridFactory,
    UserFactory,
)

from .factories import CivilityPosterFactory, ConventionArticleFactory

pytestmark = pytest.mark.django_db


def test_grid_list_query_count_does_not_grow(client, assert_same_queries):
    # Nine grids at most, so the list grows by its buildings.
    grids = [GridFactory(number=number) for number in range(1, 4)]
    numbers = iter(range(1, 100))

    def build(per_grid):
        for grid in grids:
            for _ in range(per_grid):
                BuildingFactory(number=next(numbers), grid=grid)

    build(1)
    assert_same_queries(
        client,
        reverse("grids:list"),
        lambda: (build(9), [GridFactory(number=n) for n in range(4, 10)]),
    )


def test_grid_detail_query_count_does_not_grow(client, assert_same_queries):
    grid = GridFactory(number=3)
    numbers = iter(range(1, 100))

    def build(count):
        for index in range(count):
            BuildingFactory(number=next(numbers), grid=grid)
            GridContentFactory(
                grid=grid,
                kind=GridContent.Kind.values[index % 4],
                image=f"grids/content/{index}.jpg",
            )
            ConventionArticleFactory()
            CivilityPosterFactory(grid=grid if index % 2 else None)
            ActivityFactory(grid=grid)

    build(3)
    assert_same_queries(client, grid.get_absolute_url(), lambda: build(27))


def test_grid_list_shows_every_grid_with_theme_slogan_and_buildings(client):
    grid = GridFactory(
        number=5, theme="悦邻", slogan="远亲不如近邻", stairwell="悦邻楼道"
    )
    BuildingFactory(number=17, grid=grid)
    GridFactory(number=6, theme="悦才")

    response = client.get(reverse("grids:list"))

    content = response.content.decode()
    with override("zh-hans"):
        building = gettext("Building %(number)s") % {"number": 17}
    for text in ("悦邻", "远亲不如近邻", "悦邻楼道", building, "悦才"):
        assert text in content, text
    assert grid.get_absolute_url() in content


def test_grid_detail_shows_content_by_kind_convention_posters_activities(client):
    grid = GridFactory(number=2, theme="悦家", theme_meaning="家庭和睦")
    other = GridFactory(number=4)
    BuildingFactory(number=4, grid=grid)
    GridContentFactory(
        grid=grid, kind=GridContent.Kind.PARTY_BUILDING, title="党员先锋岗"
    )
    GridContentFactory(grid=grid, title="未发布的家训", is_published=False)
    GridContentFactory(grid=other, title="别的网格的家训")
    ConventionArticleFactory(number=1, text="爱党爱国，遵纪守法")
    CivilityPosterFactory(grid=grid, title="本网格宣传画")
    CivilityPosterFactory(grid=None, title="全社区宣传画")
    CivilityPosterFactory(grid=other, title="别的网格宣传画")
    ActivityFactory(grid=grid, title="楼道议事会")

    response = client.get(grid.get_absolute_url())

    content = response.content.decode()
    with override("zh-hans"):
        building = gettext("Building %(number)s") % {"number": 4}
        party, family = (
            str(GridContent.Kind.PARTY_BUILDING.label),
            str(GridContent.Kind.FAMILY_TRADITION.label),
        )
    for text in (
        "悦家",
        "家庭和睦",
        building,
        party,
        "党员先锋岗",
        "爱党爱国，遵纪守法",
        "本网格宣传画",
        "全社区宣传画",
        "楼道议事会",
    ):
        assert text in content, text
    # No published family-tradition entry in this grid: no empty heading either.
    for text in ("未发布的家训", "别的网格的家训", "别的网格宣传画", family):
        assert text not in content, text


def test_grid_number_without_a_grid_is_404(client):
    GridFactory(number=1)

    assert client.get(reverse("grids:detail", args=[7])).status_code == 404


def test_grid_page_shows_each_write_on_the_next_request(client, resident):
    """A grid's page keeps its rows in the cache; its grid, buildings, content,
    convention, posters and workers written show on the next request (a login,
    which saves ``last_login`` alone, keeps them)."""
    grid = GridFactory(number=2, slogan="和和美美")
    url = grid.get_absolute_url()

    def page() -> str:
        return client.get(url).content.decode()

    assert "和和美美" in page()
    grid.slogan = "邻里一家亲"
    grid.save()
    assert "邻里一家亲" in page()
    building = BuildingFactory(number=17, grid=grid)
    with override("zh-hans"):
        label = gettext("Building %(number)s") % {"number": 17}
    assert label in page()
    building.delete()
    assert label not in page()
    item = GridContentFactory(grid=grid, title="党员先锋岗")
    assert "党员先锋岗" in page()
    item.is_published = False
    item.save()
    assert "党员先锋岗" not in page()
    article = ConventionArticleFactory(number=1, text="爱党爱国，遵纪守法")
    assert "爱党爱国，遵纪守法" in page()
    article.delete()
    assert "爱党爱国，遵纪守法" not in page()
    CivilityPosterFactory(grid=None, title="全社区宣传画")
    assert "全社区宣传画" in page()
    worker = UserFactory(name="赵网格", phone="13800001111")
    grid.workers.add(worker)
    assert "13800001111" in page()
    worker.phone = "13900002222"
    worker.save()
    assert "13900002222" in page()
    client.force_login(resident)  # saves the resident's last_login alone
    assert "13900002222" in page()
    grid.workers.remove(worker)
    assert "13900002222" not in page()
