"""One row of the access matrix: the expected outcome per role, and how to build the request."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from tests.access.world import (
    ANONYMOUS,
    ROLES,
    World,
)

LOGIN = "login"  # 302 to the login page
REDIRECT = "redirect"  # 302 anywhere but the login page


def each(default, **overrides) -> dict[str, object]:
    """The same outcome for every role, except the ones named."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def member(default, **overrides) -> dict[str, object]:
    """Logged-in users only: anonymous visitors are sent to the login page."""
    return each(default, **{ANONYMOUS: LOGIN, **overrides})


# Who does grid work: grid workers of either grid, and community staff.
GRID_WORK = each(403, anonymous=LOGIN, grid1=200, grid2=200, staff=200)
# Grid worker 1's entry: grid worker 2 must not find it.
GRID1_ENTRY = each(403, anonymous=LOGIN, grid1=200, grid2=404, staff=200)
STAFF_ONLY = each(403, anonymous=LOGIN, staff=200)
NOBODY = each(405)


@dataclass(frozen=True)
class Row:
    get: dict[str, object]
    post: dict[str, object]
    # URL kwargs, built from the world (creating the objects they name).
    kwargs: Callable[[World], dict] = lambda world: {}
    # Objects to make before the request that the URL does not name.
    setup: Callable[[World], object] = lambda world: None
    # A GET query string, for pages that do more with one (exports, ranges).
    query: Callable[[World], dict] = lambda world: {}
    # A minimal POST body (the CSRF token is added); empty unless given.
    data: Callable[[World], dict] = lambda world: {}
    # Extra assertions on a response: check(world, role, method, response).
    check: Callable | None = None
    # Declared here, checked against the view: a new exempt view must say so.
    csrf_exempt: bool = False


def public() -> dict:
    """A page anyone reads; it accepts no POST."""
    return {"get": each(200), "post": NOBODY}


def page_text(response) -> str:
    return response.content.decode(errors="replace")


def this_month(world) -> dict:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)
    return {"start": start.isoformat(), "end": today.isoformat()}


ACTIVITY = lambda world: {"pk": world.activity.pk}  # noqa: E731
PAST_ACTIVITY = lambda world: {"pk": world.past_activity.pk}  # noqa: E731
VISIT = lambda world: {"pk": world.visit_log.pk}  # noqa: E731
ISSUE = lambda world: {"pk": world.issue_report.pk}  # noqa: E731
CHECK = lambda world: {"pk": world.sorting_check.pk}  # noqa: E731
