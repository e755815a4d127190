"""The one way a list is cut into pages: in the selector, never by silent slicing.

A selector that returns a list a person reads returns a ``Page`` from ``paginate``;
the page knows its total (``page.paginator.count``), which every staff list shows,
and the shared partial ``partials/pagination.html`` draws its links. A page number
that is not a number or is past the end gives the nearest page, never an error.
"""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

DEFAULT_PER_PAGE = 20
# Past this page number ``paginate_counting_along`` leaves the page to ``paginate``.
MAX_COUNTED_PAGE = 100_000


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


def paginate_counting_along(
    items: QuerySet, *, page: object = 1, per_page: int = DEFAULT_PER_PAGE
) -> Page:
    """``paginate`` in one query instead of two: each row of the page carries the
    total as a window count, so no ``COUNT`` runs beside it. For short lists whose
    rows are cheap (the window counts every matching row before the page is cut);
    a page past the end, where no row comes back, falls back to ``paginate`` (which
    gives the last page). An empty list is one query too."""
    try:
        number = max(int(page), 1)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        number = 1
    if number > MAX_COUNTED_PAGE:  # an offset no database takes: paginate clamps it
        return paginate(items, page=page, per_page=per_page)
    bottom = (number - 1) * per_page
    rows = list(
        items.annotate(listed_total=Window(Count("pk")))[bottom : bottom + per_page]
    )
    if not rows and number > 1:
        return paginate(items, page=page, per_page=per_page)
    paginator = Paginator(items, per_page)
    # A cached_property: set, it is not computed. No row on the first page: none.
    paginator.count = rows[0].listed_total if rows else 0
    return Page(rows, number, paginator)


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
