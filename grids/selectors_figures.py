"""The grids' figures of a reporting period (the staff's figures page
``/staff/report/`` and the ledgers): issue reports resolved in time, and the
garbage-sorting rates (参与率, 知晓率) by grid and by month.

Built on the same sums and rate classes as the grid pages (``grids.selectors``);
each function runs a fixed number of queries whatever the data.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from community_portal.periods import Period, Scope
from grids.models import Grid, IssueReport, SortingCheck
from grids.selectors import SORTING_SUMS, GridRate, MonthRate, SortingRate
from grids.selectors.rates import _percent

# "Resolved in time" is counted at these two marks, in days after it was raised.
QUICK_DAYS, SLOW_DAYS = 7, 30


@dataclass(frozen=True)
class ResolutionFigures:
    """Of the items raised in the period: how many, how many resolved (at all,
    within 7 days, within 30 days) and how many are still open."""

    raised: int
    resolved: int
    within_7: int
    within_30: int

    @property
    def still_open(self) -> int:
        return self.raised - self.resolved

    @property
    def within_7_rate(self) -> float | None:
        return _percent(self.within_7, self.raised)

    @property
    def within_30_rate(self) -> float | None:
        return _percent(self.within_30, self.raised)


def resolution_sums(*, resolved: Q) -> dict:
    """The ``aggregate()`` arguments of ``ResolutionFigures`` over rows with
    ``created_at`` and ``resolved_at``; ``resolved`` says which rows are resolved.
    The matters (a higher app) count theirs with the same sums."""

    def within(days: int) -> Q:
        deadline = F("created_at") + datetime.timedelta(days=days)
        return resolved & Q(resolved_at__lte=deadline)

    return {
        "raised": Count("pk"),
        "resolved": Count("pk", filter=resolved),
        "within_7": Count("pk", filter=within(QUICK_DAYS)),
        "within_30": Count("pk", filter=within(SLOW_DAYS)),
    }


def issue_figures(*, period: Period, scope: Scope) -> ResolutionFigures | None:
    """Issue reports raised in the period, and how fast they were resolved; ``None``
    for a scope without grid work (a team, a venue). One query."""
    if not scope.has_places:
        return None
    lower, upper = period.bounds
    issues = IssueReport.objects.filter(created_at__gte=lower, created_at__lt=upper)
    if scope.grid_id is not None:
        issues = issues.filter(grid_id=scope.grid_id)
    resolved = Q(status=IssueReport.Status.RESOLVED, resolved_at__isnull=False)
    return ResolutionFigures(**issues.aggregate(**resolution_sums(resolved=resolved)))


@dataclass(frozen=True)
class GridMonths:
    """One grid's row of the grid × month table: the period's rate, then each month's."""

    rate: GridRate
    months: list[SortingRate]


@dataclass(frozen=True)
class SortingFigures:
    total: SortingRate
    by_grid: list[GridRate]
    by_month: list[MonthRate]
    grid_months: list[GridMonths]

    @property
    def has_data(self) -> bool:
        return bool(self.total.checked)


def _rate(row: dict | None) -> dict:
    row = row or {}
    return {key: row.get(key) or 0 for key in SORTING_SUMS}


def sorting_figures(*, period: Period, scope: Scope) -> SortingFigures | None:
    """The garbage-sorting checks of the period summed per grid and month, with
    the grid and month totals; ``None`` for a scope without grid work. Two
    queries (the grids, the sums)."""
    if not scope.has_places:
        return None
    grids = Grid.objects.order_by("number")
    checks = SortingCheck.objects.filter(
        checked_on__gte=period.start, checked_on__lte=period.end
    )
    if scope.grid_id is not None:
        grids = grids.filter(pk=scope.grid_id)
        checks = checks.filter(grid_id=scope.grid_id)
    sums = {
        (row["grid_id"], _first_of(row["month"])): row
        for row in checks.order_by()
        .annotate(month=TruncMonth("checked_on"))
        .values("grid_id", "month")
        .annotate(**SORTING_SUMS)
    }
    months = period.months
    grid_months, by_grid = [], []
    month_totals = {month: dict.fromkeys(SORTING_SUMS, 0) for month in months}
    for grid in grids:
        cells = [_rate(sums.get((grid.pk, month))) for month in months]
        for month, cell in zip(months, cells, strict=True):
            for key, value in cell.items():
                month_totals[month][key] += value
        summed = {key: sum(cell[key] for cell in cells) for key in SORTING_SUMS}
        rate = GridRate(grid=grid, **summed)
        by_grid.append(rate)
        grid_months.append(
            GridMonths(rate=rate, months=[SortingRate(**cell) for cell in cells])
        )
    by_month = [MonthRate(month=month, **month_totals[month]) for month in months]
    total = {
        key: sum(rate[key] for rate in month_totals.values()) for key in SORTING_SUMS
    }
    return SortingFigures(
        total=SortingRate(**total),
        by_grid=by_grid,
        by_month=by_month,
        grid_months=grid_months,
    )


def _first_of(value) -> datetime.date:
    # A date (TruncMonth of a DateField); some backends hand back a datetime.
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.replace(day=1)
