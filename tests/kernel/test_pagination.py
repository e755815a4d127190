"""The shared pagination: the links are computed once, a few whatever the length."""

import pytest
from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

from community_portal.pagination import page_links, paginate, paginate_counting_along
from tests.factories import VenueFactory
from venues.models import Venue


def page(number: int, pages: int = 1000):
    return Paginator(range(pages * 10), 10).get_page(number)


def test_a_long_list_gets_the_ends_the_neighbours_and_gaps():
    assert page_links(page(1)) == [1, 2, None, 1000]
    assert page_links(page(500)) == [1, None, 499, 500, 501, None, 1000]
    assert page_links(page(1000)) == [1, None, 999, 1000]
    assert page_links(page(3, pages=5)) == [1, 2, 3, 4, 5]


def test_the_partial_draws_them():
    html = Template('{% include "partials/pagination.html" %}').render(
        RequestContext(RequestFactory().get("/"), {"page_obj": page(500)})
    )

    assert html.count('class="page-link"') == 9  # ‹, 1, …, 499, 500, 501, …, 1000, ›
    assert 'aria-current="page"' in html and html.count("…") == 2


# --- a page and its total in one query -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "asked, number, names",
    [
        (None, 1, ["v00", "v01", "v02", "v03"]),
        ("2", 2, ["v04", "v05", "v06", "v07"]),
        ("3", 3, ["v08", "v09"]),
        ("0", 1, ["v00", "v01", "v02", "v03"]),
        ("abc", 1, ["v00", "v01", "v02", "v03"]),
    ],
)
def test_counting_along_gives_the_page_and_its_total_in_one_query(
    asked, number, names, django_assert_num_queries
):
    for index in range(10):
        VenueFactory(name=f"v{index:02}")
    with django_assert_num_queries(1):
        result = paginate_counting_along(
            Venue.objects.order_by("name"), page=asked, per_page=4
        )
        assert [venue.name for venue in result.object_list] == names
        assert (result.paginator.count, result.paginator.num_pages) == (10, 3)
    assert result.number == number
    assert result.has_next() is (number < 3)


@pytest.mark.django_db
@pytest.mark.parametrize("asked", ["4", "99", "10000000000000000000000"])
def test_counting_along_past_the_end_gives_the_last_page_as_paginate_does(asked):
    for index in range(10):
        VenueFactory(name=f"v{index:02}")
    venues = Venue.objects.order_by("name")

    result = paginate_counting_along(venues, page=asked, per_page=4)

    expected = paginate(venues, page=asked, per_page=4)
    assert result.number == expected.number == 3
    assert [v.name for v in result.object_list] == ["v08", "v09"]
    assert result.paginator.count == 10


@pytest.mark.django_db
def test_counting_along_an_empty_list_is_one_empty_page_in_one_query(
    django_assert_num_queries,
):
    with django_assert_num_queries(1):
        result = paginate_counting_along(Venue.objects.order_by("name"), page="1")
    assert list(result.object_list) == []
    assert result.paginator.count == 0
    assert result.number == 1
