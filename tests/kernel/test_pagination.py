"""The shared pagination: the links are computed once, a few whatever the length."""

from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory

from community_portal.pagination import page_links


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
