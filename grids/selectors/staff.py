"""The staff overview, the CSV exports and the workbench's queue."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from community_portal.pagination import paginate
from grids.deadlines import issue_overdue_q, overdue_expression
from grids.models import (
    Follow,
    Grid,
    IssueReport,
    SortingCheck,
    VisitLog,
)

# --- Staff overview and exports ---------------------------------------------------------


STAFF_ISSUES_PER_PAGE = 50


@dataclass(frozen=True)
class GridBacklog:
    grid: Grid
    open: int
    overdue: int


def grid_backlog(
    open_items: QuerySet, *, grid_field: str, overdue: Q, grids: list[Grid]
) -> list[GridBacklog]:
    """Per grid, how many of ``open_items`` are open and how many overdue (one
    query): the staff's backlog table of issue reports, and of matters."""
    counts = {
        row[grid_field]: row
        for row in open_items.filter(**{f"{grid_field}__isnull": False})
        .values(grid_field)
        .annotate(open=Count("id"), overdue=Count("id", filter=overdue))
        .order_by()
    }
    return [
        GridBacklog(
            grid=grid,
            open=counts.get(grid.id, {}).get("open", 0),
            overdue=counts.get(grid.id, {}).get("overdue", 0),
        )
        for grid in grids
    ]


@dataclass(frozen=True)
class StaffOverview:
    issues: Page
    backlog: list[GridBacklog]
    grid: Grid | None
    grids: list[Grid]


def staff_overview(
    *, grid_number: int | None = None, page: str | int = 1
) -> StaffOverview:
    """Open issue reports, oldest first, overdue ones marked, a page at a time; and
    per grid how many are open and overdue. ``grid_number`` narrows the list."""
    now = timezone.now()
    grids = list(Grid.objects.order_by("number"))
    grid = next((g for g in grids if g.number == grid_number), None)
    open_issues = IssueReport.objects.exclude(status=IssueReport.Status.RESOLVED)
    issues = (
        open_issues.select_related("grid", "building", "category", "author", "assignee")
        .annotate(is_overdue=overdue_expression(issue_overdue_q(now=now)))
        .order_by("created_at", "id")
    )
    if grid is not None:
        issues = issues.filter(grid=grid)
    backlog = grid_backlog(
        open_issues, grid_field="grid", overdue=issue_overdue_q(now=now), grids=grids
    )
    return StaffOverview(
        issues=paginate(issues, page=page, per_page=STAFF_ISSUES_PER_PAGE),
        backlog=backlog,
        grid=grid,
        grids=grids,
    )


def visit_logs_for_export(
    *, start: datetime.date, end: datetime.date
) -> QuerySet[VisitLog]:
    return (
        VisitLog.objects.filter(visited_on__range=(start, end))
        .select_related("grid", "building", "topic", "author")
        .annotate(photo_count=Count("photos"))
        .order_by("visited_on", "grid__number", "building__number", "id")
    )


def sorting_checks_for_export(
    *, start: datetime.date, end: datetime.date
) -> QuerySet[SortingCheck]:
    return (
        SortingCheck.objects.filter(checked_on__range=(start, end))
        .select_related("grid", "building", "author")
        .order_by("checked_on", "grid__number", "building__number", "id")
    )


# --- The staff workbench's queue (``/staff/``) -------------------------------------------


def issues_waiting(*, now: datetime.datetime | None = None) -> QuerySet[IssueReport]:
    """Issue reports nobody has taken on yet, or overdue: oldest first, overdue
    ones marked (``is_overdue``)."""
    overdue = issue_overdue_q(now=now)
    return (
        IssueReport.objects.filter(Q(status=IssueReport.Status.OPEN) | overdue)
        .select_related("grid", "building", "category")
        .annotate(is_overdue=overdue_expression(overdue))
        .order_by("created_at", "id")
    )


def issues_overdue(*, now: datetime.datetime | None = None) -> QuerySet[IssueReport]:
    return IssueReport.objects.filter(issue_overdue_q(now=now))


def grid_follows(*, user, grid: Grid) -> tuple[bool, set[int]]:
    """Whether ``user`` follows ``grid``, and the numbers of its buildings they
    follow (one query; nothing for visitors)."""
    if not user.is_authenticated:
        return False, set()
    rows = Follow.objects.filter(
        Q(grid_id=grid.pk) | Q(building__grid_id=grid.pk), user_id=user.pk
    ).values_list("grid_id", "building__number")
    follows_grid = any(grid_id for grid_id, _number in rows)
    return follows_grid, {number for _grid_id, number in rows if number}
