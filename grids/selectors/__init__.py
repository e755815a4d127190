"""Reads for the culture-grid pages, and for grid work: the grid worker's home and
entries, the garbage-sorting rates, the staff overview and the CSV exports.

A grid's activities belong to a higher layer: they are reached through the relation
(``grid.activities.coming_card_list()``), never imported; so are the winners of the selections
(``grid.selection_nominations.winners_shown()``). The talk corridor's matters are
venues' (``venues.selectors.matter_staff_overview``).
By noun: ``pages``, ``rates`` (garbage sorting), ``work`` (the grid worker's) and
``staff`` (overview, exports, the workbench's queue)."""

from .pages import (
    GRID_PAGE_CACHE,
    GRID_WINNERS_CACHE,
    SECTION_ACTIVITY_LIMIT,
    SECTION_WINNER_LIMIT,
    ContentGroup,
    GridPage,
    grid_list,
    grid_page,
)
from .rates import (
    GARBAGE_SORTING_CAMPAIGN,
    HOUSEHOLD_PARTICIPATION_CACHE,
    SORTING_CACHE,
    SORTING_SUMS,
    GridRate,
    HouseholdParticipation,
    MonthRate,
    MonthRates,
    SortingComparison,
    SortingRate,
    grid_household_participation,
    grid_sorting_rates,
    grid_sorting_rates_key,
    grids_sorting_comparison,
)
from .staff import (
    STAFF_ISSUES_PER_PAGE,
    GridBacklog,
    StaffOverview,
    grid_backlog,
    grid_follows,
    issues_overdue,
    issues_waiting,
    sorting_checks_for_export,
    staff_overview,
    visit_logs_for_export,
)
from .work import (
    RECENT_REPORT_LIMIT,
    WorkHome,
    issue_assignees,
    issue_photo_get,
    issue_report_get,
    sorting_check_get,
    visit_log_get,
    visit_log_photo_get,
    work_buildings,
    work_home,
)

__all__ = [
    "ContentGroup",
    "GridPage",
    "SECTION_ACTIVITY_LIMIT",
    "SECTION_WINNER_LIMIT",
    "grid_list",
    "GRID_PAGE_CACHE",
    "GRID_WINNERS_CACHE",
    "grid_page",
    "SortingRate",
    "MonthRate",
    "MonthRates",
    "GridRate",
    "SortingComparison",
    "SORTING_SUMS",
    "SORTING_CACHE",
    "grid_sorting_rates_key",
    "grid_sorting_rates",
    "GARBAGE_SORTING_CAMPAIGN",
    "HouseholdParticipation",
    "HOUSEHOLD_PARTICIPATION_CACHE",
    "grid_household_participation",
    "grids_sorting_comparison",
    "WorkHome",
    "RECENT_REPORT_LIMIT",
    "work_buildings",
    "work_home",
    "visit_log_get",
    "issue_report_get",
    "visit_log_photo_get",
    "issue_photo_get",
    "sorting_check_get",
    "issue_assignees",
    "STAFF_ISSUES_PER_PAGE",
    "GridBacklog",
    "grid_backlog",
    "StaffOverview",
    "staff_overview",
    "visit_logs_for_export",
    "sorting_checks_for_export",
    "issues_waiting",
    "issues_overdue",
    "grid_follows",
]
