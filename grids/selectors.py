"""Reads for the culture-grid pages, and for grid work: the grid worker's home and
entries, the garbage-sorting rates, the staff overview and the CSV exports.

A grid's activities belong to a higher layer: they are reached through the relation
(``grid.activities.coming_card_list()``), never imported; so are the winners of the selections
(``grid.selection_nominations.winners_shown()``). The talk corridor's matters are
venues' (``venues.selectors.matter_staff_overview``)."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from community_portal import versioned_cache
from community_portal.accounts.models import Household, User
from community_portal.pagination import paginate
from community_portal.permissions import Role, is_community_staff
from grids.deadlines import issue_overdue_q, overdue_expression
from grids.models import (
    Building,
    CivilityPoster,
    ConventionArticle,
    Follow,
    Grid,
    GridContent,
    IssuePhoto,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitLogPhoto,
)


@dataclass(frozen=True)
class ContentGroup:
    kind: str
    label: str
    items: list[GridContent] = field(default_factory=list)


@dataclass(frozen=True)
class GridPage:
    grid: Grid
    content_groups: list[ContentGroup]
    convention: list[ConventionArticle]
    posters: list[CivilityPoster]
    activities: list
    # The winners of selections (评选) from this grid, through the relation.
    winners: list = field(default_factory=list)


# How many coming activities a grid's page shows (a section of cards, not a list: the
# activity list has the rest).
SECTION_ACTIVITY_LIMIT = 6
# How many winners of selections a grid's page shows (the selection pages have all).
SECTION_WINNER_LIMIT = 6


def grid_list() -> QuerySet[Grid]:
    """The nine grids in number order, each with its buildings."""
    return Grid.objects.prefetch_related(
        Prefetch("buildings", queryset=Building.objects.order_by("number"))
    )


# A grid's page without its activities and winners (the grid, its buildings and
# workers, its published content, the convention, the posters) is kept in the shared
# cache under this name's version, which every write to those rows changes, a
# worker added or removed, a user's name or phone changed (``GridsConfig.ready``).
GRID_PAGE_CACHE = "grids:page"


@dataclass(frozen=True)
class _GridPageRows:
    grid: Grid
    content_groups: list[ContentGroup]
    convention: list[ConventionArticle]
    posters: list[CivilityPoster]


def _grid_page_rows(number: int) -> _GridPageRows | None:
    grid = (
        Grid.objects.prefetch_related(
            Prefetch("buildings", queryset=Building.objects.order_by("number")),
            # The grid page shows its workers with tap-to-call.
            Prefetch(
                "workers",
                queryset=User.objects.filter(is_active=True)
                .only("name", "username", "phone")
                .order_by("name", "pk"),
            ),
        )
        .filter(number=number)
        .first()
    )
    if grid is None:
        return None
    contents = GridContent.objects.filter(grid=grid, is_published=True).order_by(
        "position", "id"
    )
    groups = {
        kind: ContentGroup(kind=kind, label=label)
        for kind, label in GridContent.Kind.choices
    }
    for item in contents:
        groups[item.kind].items.append(item)
    posters = CivilityPoster.objects.filter(
        Q(grid=grid) | Q(grid__isnull=True), is_published=True
    ).order_by("position", "id")
    return _GridPageRows(
        grid=grid,
        content_groups=[group for group in groups.values() if group.items],
        convention=list(ConventionArticle.objects.all()),
        posters=list(posters),
    )


def grid_page(*, number: int) -> GridPage | None:
    """A grid with its buildings, published stairwell content grouped by kind, the
    civility convention, the posters (its own and the shared ones) and its activities."""
    rows = versioned_cache.cached(
        GRID_PAGE_CACHE, f"rows:{number}", lambda: _grid_page_rows(number)
    )
    if rows is None:
        return None
    grid = rows.grid
    return GridPage(
        grid=grid,
        content_groups=rows.content_groups,
        convention=rows.convention,
        posters=rows.posters,
        activities=grid.activities.coming_card_list(limit=SECTION_ACTIVITY_LIMIT),
        winners=list(
            grid.selection_nominations.winners_shown(day=timezone.localdate())[
                :SECTION_WINNER_LIMIT
            ]
        ),
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


def grid_household_participation(
    *, grid: Grid, months: int = 12
) -> HouseholdParticipation:
    """How many of the grid's households (registered on the portal) took part in
    garbage sorting: someone of theirs was checked in at an activity tagged
    垃圾分类 in the last ``months`` months (a member signed up by an adult, or
    an adult's own seat). The activities are reached through the relations,
    never imported. One query."""
    since = _months_back(months)[0]
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


# --- Grid work --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkHome:
    grids: list[Grid]
    visit_logs: list[VisitLog]
    issue_reports: list[IssueReport]
    sorting_checks: list[SortingCheck]
    my_open_reports: Page
    is_staff: bool


RECENT_REPORT_LIMIT = 10


def work_buildings(*, user: User) -> QuerySet[Building]:
    """The buildings ``user`` may record in: their grids' (staff: all)."""
    buildings = Building.objects.select_related("grid").order_by("number")
    if is_community_staff(user):
        return buildings
    return buildings.filter(grid__workers=user)


def work_home(*, user: User, page: str | int = 1) -> WorkHome:
    """A grid worker's phone home: their grids, what they recorded today and the
    issue reports they are waiting on (a page of them, newest first)."""
    today_start = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    mine_today = {"author": user, "created_at__gte": today_start}
    grids = list(
        user.worker_grids.prefetch_related(
            Prefetch("buildings", queryset=Building.objects.order_by("number"))
        ).order_by("number")
    )
    return WorkHome(
        grids=grids,
        visit_logs=list(
            VisitLog.objects.filter(**mine_today)
            .select_related("building", "topic")
            .annotate(photo_count=Count("photos"))
            .order_by("-created_at")
        ),
        issue_reports=list(
            IssueReport.objects.filter(**mine_today)
            .select_related("building", "category")
            .order_by("-created_at")
        ),
        sorting_checks=list(
            SortingCheck.objects.filter(**mine_today)
            .select_related("building")
            .order_by("-created_at")
        ),
        my_open_reports=paginate(
            IssueReport.objects.filter(author=user)
            .exclude(created_at__gte=today_start)
            .filter(
                ~Q(status=IssueReport.Status.RESOLVED)
                | Q(resolved_at__gte=timezone.now() - datetime.timedelta(days=7))
            )
            .select_related("building", "category")
            .order_by("-created_at", "-id"),
            page=page,
            per_page=RECENT_REPORT_LIMIT,
        ),
        is_staff=is_community_staff(user),
    )


def visit_log_get(*, pk: int, user: User) -> VisitLog | None:
    """A visit log ``user`` may see (None: not theirs to see, answer 404)."""
    return (
        VisitLog.objects.in_grids_of(user)
        .with_related()
        .select_related("topic")
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )


def issue_report_get(*, pk: int, user: User) -> IssueReport | None:
    return (
        IssueReport.objects.in_grids_of(user)
        .with_related()
        .select_related("category", "assignee")
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )


def visit_log_photo_get(*, pk: int, user: User) -> VisitLogPhoto | None:
    """A visit log's photo for those who may see the log (``visit_log_get``)."""
    return (
        VisitLogPhoto.objects.filter(pk=pk, log__in=VisitLog.objects.in_grids_of(user))
        .only("pk", "image")
        .first()
    )


def issue_photo_get(*, pk: int, user: User) -> IssuePhoto | None:
    """An issue report's photo for those who may see the report."""
    return (
        IssuePhoto.objects.filter(
            pk=pk, report__in=IssueReport.objects.in_grids_of(user)
        )
        .only("pk", "image")
        .first()
    )


def sorting_check_get(*, pk: int, user: User) -> SortingCheck | None:
    return SortingCheck.objects.in_grids_of(user).with_related().filter(pk=pk).first()


def issue_assignees() -> QuerySet[User]:
    """Whom staff can hand an issue to: community staff and grid workers."""
    return (
        User.objects.filter(
            groups__name__in=[Role.STAFF, Role.GRID_WORKER], is_active=True
        )
        .distinct()
        .order_by("name")
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
