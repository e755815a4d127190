"""The garbage-sorting rates: per grid and month, and the grids compared."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from community_portal import versioned_cache
from community_portal.accounts.models import Household
from grids.models import (
    Grid,
    SortingCheck,
)

# --- Garbage-sorting rates --------------------------------------------------------------


def _percent(part: int | None, whole: int | None) -> float | None:
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


@dataclass(frozen=True)
class SortingRate:
    """Sums of the checks of one period and the two rates that follow from them."""

    checked: int
    correct: int
    aware: int

    # Computed once: the chart and the table read each several times.
    @cached_property
    def participation(self) -> float | None:
        """参与率: households sorting correctly out of the households checked."""
        return _percent(self.correct, self.checked)

    @cached_property
    def awareness(self) -> float | None:
        """知晓率: households aware of the rules out of the households checked."""
        return _percent(self.aware, self.checked)


@dataclass(frozen=True)
class MonthRate(SortingRate):
    month: datetime.date = None

    # Bar tops on a 0–100 scale, for the server-drawn chart (no chart script).
    @property
    def participation_top(self) -> float | None:
        return None if self.participation is None else 100 - self.participation

    @property
    def awareness_top(self) -> float | None:
        return None if self.awareness is None else 100 - self.awareness


class MonthRates(list):
    """The months of ``grid_sorting_rates``, oldest first."""

    @property
    def has_data(self) -> bool:
        return any(rate.checked for rate in self)


@dataclass(frozen=True)
class GridRate(SortingRate):
    grid: Grid = None


@dataclass(frozen=True)
class SortingComparison:
    rows: list[GridRate]
    total: SortingRate
    since: datetime.date


def _months_back(months: int) -> list[datetime.date]:
    """The first days of the last ``months`` months, oldest first, this one last."""
    today = timezone.localdate()
    first = today.replace(day=1)
    days = []
    for _ in range(months):
        days.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return days[::-1]


SORTING_SUMS = {
    "checked": Sum("households_checked"),
    "correct": Sum("households_correct"),
    "aware": Sum("households_aware"),
}


# The sums of the sorting checks are kept in the shared cache under this name's
# version, which every saved or deleted check changes (``GridsConfig.ready``).
SORTING_CACHE = "grids:sorting"


def _sums(row: dict) -> tuple[int, int, int]:
    return (row["checked"] or 0, row["correct"] or 0, row["aware"] or 0)


def _grid_month_sums(
    *, grid_id: int, since: datetime.date
) -> dict[datetime.date, tuple[int, int, int]]:
    return {
        row["month"]: _sums(row)
        for row in SortingCheck.objects.filter(grid_id=grid_id, checked_on__gte=since)
        .annotate(month=TruncMonth("checked_on"))
        .values("month")
        .annotate(**SORTING_SUMS)
        .order_by("month")
    }


def grid_sorting_rates_key(*, grid: Grid, months: int = 12) -> str:
    """What the grid page's drawn rates depend on besides the language: the sums'
    version and the first month counted (the page caches the fragment on it)."""
    first = _months_back(months)[0]
    return f"{grid.pk}:{versioned_cache.version(SORTING_CACHE)}:{first.isoformat()}"


def grid_sorting_rates(*, grid: Grid, months: int = 12) -> MonthRates:
    """The grid's sorting participation and awareness month by month (the last
    ``months`` months, this one last; months without checks have no rates)."""
    firsts = _months_back(months)
    sums = versioned_cache.cached(
        SORTING_CACHE,
        f"months:{grid.pk}:{firsts[0].isoformat()}",
        lambda: _grid_month_sums(grid_id=grid.pk, since=firsts[0]),
    )
    rates = MonthRates()
    for first in firsts:
        checked, correct, aware = sums.get(first, (0, 0, 0))
        rates.append(
            MonthRate(month=first, checked=checked, correct=correct, aware=aware)
        )
    return rates


# The campaign tag (中心工作) of garbage-sorting activities, a fixed slug.
GARBAGE_SORTING_CAMPAIGN = "garbage-sorting"


@dataclass(frozen=True)
class HouseholdParticipation:
    """参与率 per household: of the grid's registered households, those with a
    member checked in at a garbage-sorting activity in the period."""

    households: int
    taking_part: int
    since: datetime.date

    @property
    def rate(self) -> float | None:
        return _percent(self.taking_part, self.households)


# The per-household participation is kept in the shared cache under this name's
# version: the writes that change it bump it — a household, a member or a building
# saved or deleted (``GridsConfig.ready``); a registration (checked in, moved to a
# member, cancelled, deleted), a campaign, an activity's campaigns (the activities
# app, a higher layer, which knows those writes).
HOUSEHOLD_PARTICIPATION_CACHE = "grids:participation"


def grid_household_participation(
    *, grid: Grid, months: int = 12
) -> HouseholdParticipation:
    """How many of the grid's households (registered on the portal) took part in
    garbage sorting: someone of theirs was checked in at an activity tagged
    垃圾分类 in the last ``months`` months (a member signed up by an adult, or
    an adult's own seat). The activities are reached through the relations,
    never imported. One query, on a cache miss."""
    since = _months_back(months)[0]
    return versioned_cache.cached(
        HOUSEHOLD_PARTICIPATION_CACHE,
        f"{grid.pk}:{since.isoformat()}",
        lambda: _household_participation(grid=grid, since=since),
    )


def _household_participation(
    *, grid: Grid, since: datetime.date
) -> HouseholdParticipation:
    attended = {
        "checked_in_at__date__gte": since,
        "activity__campaigns__slug": GARBAGE_SORTING_CAMPAIGN,
    }
    as_member = Q(**{f"members__registrations__{k}": v for k, v in attended.items()})
    own_seat = Q(
        members__user__registrations__member__isnull=True,
        **{f"members__user__registrations__{k}": v for k, v in attended.items()},
    )
    counts = Household.objects.filter(building__grid=grid).aggregate(
        households=Count("pk", distinct=True),
        taking_part=Count("pk", distinct=True, filter=as_member | own_seat),
    )
    return HouseholdParticipation(since=since, **counts)


def _sums_by_grid(*, since: datetime.date) -> dict[int, tuple[int, int, int]]:
    # One pass over the period's checks (the ``checked_on`` index), grouped by grid.
    return {
        row["grid_id"]: _sums(row)
        for row in SortingCheck.objects.filter(checked_on__gte=since)
        .values("grid_id")
        .annotate(**SORTING_SUMS)
        .order_by()
    }


def grids_sorting_comparison(*, months: int = 12) -> SortingComparison:
    """The nine grids side by side on sorting participation and awareness over the
    last ``months`` months, with the whole community's figures (every check belongs
    to a grid: the community's sums are the grids')."""
    since = _months_back(months)[0]
    sums = versioned_cache.cached(
        SORTING_CACHE,
        f"grids:{since.isoformat()}",
        lambda: _sums_by_grid(since=since),
    )
    rows = []
    for grid in Grid.objects.order_by("number"):
        checked, correct, aware = sums.get(grid.pk, (0, 0, 0))
        rows.append(GridRate(grid=grid, checked=checked, correct=correct, aware=aware))
    return SortingComparison(
        rows=rows,
        total=SortingRate(
            checked=sum(checked for checked, _c, _a in sums.values()),
            correct=sum(correct for _k, correct, _a in sums.values()),
            aware=sum(aware for _k, _c, aware in sums.values()),
        ),
        since=since,
    )
