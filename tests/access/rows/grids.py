"""Rows of the grid work pages."""

from tests.access import world as w
from tests.access.row import (
    CHECK,
    GRID1_ENTRY,
    GRID_WORK,
    ISSUE,
    LOGIN,
    NOBODY,
    REDIRECT,
    STAFF_ONLY,
    VISIT,
    Row,
    each,
    member,
    page_text,
    public,
    this_month,
)
from tests.access.world import (
    GRID2,
    STAFF,
)


def check_work_home(world, role, method, response):
    if method == "get" and role in (GRID2,):
        assert w.GRID1_VISIT_NOTE not in page_text(response), (
            "grid worker 2 sees grid 1's visit log"
        )


def check_csv(world, role, method, response):
    if method == "get" and role == STAFF:
        assert response["Content-Type"].startswith("text/csv")
        assert response.streamed.decode("utf-8-sig").count("\n") == 2, (
            "the export has a header and the one entry of the month"
        )


ROWS: dict[str, Row] = {
    # --- grids ------------------------------------------------------------------------
    "grids:list": Row(**public()),
    "grids:detail": Row(
        **public(), kwargs=lambda world: {"number": world.grid_1.number}
    ),
    # Following a grid: anyone signed in (an empty POST unfollows, a redirect back).
    "grids:follow": Row(
        get=NOBODY,
        post=member(REDIRECT),
        kwargs=lambda world: {"number": world.grid_1.number},
    ),
    "grids:work_home": Row(
        get=GRID_WORK,
        post=NOBODY,
        setup=lambda world: world.visit_log,
        check=check_work_home,
    ),
    "grids:visit_create": Row(get=GRID_WORK, post=GRID_WORK),
    "grids:visit_detail": Row(get=GRID1_ENTRY, post=NOBODY, kwargs=VISIT),
    "grids:visit_edit": Row(get=GRID1_ENTRY, post=GRID1_ENTRY, kwargs=VISIT),
    "grids:issue_create": Row(get=GRID_WORK, post=GRID_WORK),
    "grids:issue_detail": Row(get=GRID1_ENTRY, post=NOBODY, kwargs=ISSUE),
    "grids:issue_edit": Row(get=GRID1_ENTRY, post=GRID1_ENTRY, kwargs=ISSUE),
    "grids:issue_assign": Row(
        get=NOBODY, post=each(403, anonymous=LOGIN, staff=REDIRECT), kwargs=ISSUE
    ),
    "grids:issue_resolve": Row(get=NOBODY, post=STAFF_ONLY, kwargs=ISSUE),
    "grids:check_create": Row(get=GRID_WORK, post=GRID_WORK),
    "grids:check_detail": Row(get=GRID1_ENTRY, post=NOBODY, kwargs=CHECK),
    "grids:check_edit": Row(get=GRID1_ENTRY, post=GRID1_ENTRY, kwargs=CHECK),
    "grids:staff_overview": Row(
        get=STAFF_ONLY,
        post=NOBODY,
        setup=lambda world: world.visit_log,
        query=lambda world: {"grid": "1"},
    ),
    "grids:export_visits": Row(
        get=STAFF_ONLY,
        post=NOBODY,
        setup=lambda world: world.visit_log,
        query=this_month,
        check=check_csv,
    ),
    "grids:export_checks": Row(
        get=STAFF_ONLY,
        post=NOBODY,
        setup=lambda world: world.sorting_check,
        query=this_month,
        check=check_csv,
    ),
}
