"""The one way a list is cut into pages: in the selector, never by silent slicing.

A selector that returns a list a person reads returns a ``Page`` from ``paginate``;
the page knows its total (``page.paginator.count``), which every staff list shows,
and the shared partial ``partials/pagination.html`` draws its links. A page number
that is not a number or is past the end gives the nearest page, never an error.
"""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

DEFAULT_PER_PAGE = 20


def paginate(
    items: QuerySet | Sequence,
    *,
    page: object = 1,
    per_page: int = DEFAULT_PER_PAGE,
    count: int | None = None,
) -> Page:
    """``count``: the number of ``items`` when the caller already knows it (a
    figure it shows anyway), which saves the ``COUNT`` query."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(page)


def page_links(page: Page) -> list[int | None]:
    """The page numbers the pagination partial links to, computed once: the first
    and last page, the current one and its neighbours, ``None`` for each gap (drawn
    as "…"). A list of 1,000 pages costs seven links, not a loop over 1,000."""
    return [
        number if isinstance(number, int) else None
        for number in page.paginator.get_elided_page_range(
            page.number, on_each_side=1, on_ends=1
        )
    ]
