"""The grids' rows of the 台账 (quarterly ledgers): visits, issue reports and
sorting checks of a period, one query each. Grid work belongs to a grid: in a
team's or a venue's scope there is none."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from community_portal.timeutils import local_day_bounds

from .models import IssueReport, SortingCheck, VisitLog

VISIT_LEDGER_HEADER = [
    _("Date"),
    _("Grid"),
    _("Grid theme"),
    _("Building"),
    _("Unit / room"),
    _("Visit topic"),
    _("Notes"),
    _("Grid worker"),
]

ISSUE_LEDGER_HEADER = [
    _("Reported at"),
    _("Grid"),
    _("Building"),
    _("Issue category"),
    _("Urgency"),
    _("Status"),
    _("Grid worker"),
    _("Assigned at"),
    _("Resolved at"),
    _("Days to resolve"),
    _("Description"),
    _("How it was resolved"),
]

CHECK_LEDGER_HEADER = [
    _("Date"),
    _("Grid"),
    _("Building"),
    _("Households checked"),
    _("Households sorting correctly"),
    _("Households aware of the rules"),
    _("Notes"),
    _("Grid worker"),
]


def _scoped(queryset: QuerySet, *, grid_id, team_id, venue_id) -> QuerySet:
    if team_id is not None or venue_id is not None:
        return queryset.none()
    return queryset if grid_id is None else queryset.filter(grid_id=grid_id)


def _visits(*, start, end, grid_id=None, team_id=None, venue_id=None) -> QuerySet:
    return _scoped(
        VisitLog.objects.filter(visited_on__gte=start, visited_on__lte=end),
        grid_id=grid_id,
        team_id=team_id,
        venue_id=venue_id,
    )


def _issues(*, start, end, grid_id=None, team_id=None, venue_id=None) -> QuerySet:
    since, until = local_day_bounds(start, end)
    return _scoped(
        IssueReport.objects.filter(created_at__gte=since, created_at__lt=until),
        grid_id=grid_id,
        team_id=team_id,
        venue_id=venue_id,
    )


def _checks(*, start, end, grid_id=None, team_id=None, venue_id=None) -> QuerySet:
    return _scoped(
        SortingCheck.objects.filter(checked_on__gte=start, checked_on__lte=end),
        grid_id=grid_id,
        team_id=team_id,
        venue_id=venue_id,
    )


def grid_ledger_count(**scope) -> int:
    return sum(rows(**scope).count() for rows in (_visits, _issues, _checks))


def visit_ledger_rows(**scope) -> Iterator[tuple]:
    rows = (
        _visits(**scope)
        .order_by("visited_on", "pk")
        .values_list(
            "visited_on",
            "grid__number",
            "grid__theme",
            "building__number",
            "unit",
            "topic__name",
            "notes",
            "author__name",
        )
    )
    yield from rows.iterator(chunk_size=1000)


def issue_ledger_rows(**scope) -> Iterator[tuple]:
    urgencies = dict(IssueReport.Urgency.choices)
    statuses = dict(IssueReport.Status.choices)
    rows = (
        _issues(**scope)
        .order_by("created_at", "pk")
        .values_list(
            "created_at",
            "grid__number",
            "building__number",
            "category__name",
            "urgency",
            "status",
            "author__name",
            "assigned_at",
            "resolved_at",
            "description",
            "resolution",
        )
    )
    for row in rows.iterator(chunk_size=1000):
        created, grid, building, category, urgency, status, *rest = row
        author, assigned, resolved, description, resolution = rest
        days = (
            round((resolved - created).total_seconds() / 86400, 1) if resolved else None
        )
        yield (
            created,
            grid,
            building or "",
            category or "",
            str(urgencies.get(urgency, urgency)),
            str(statuses.get(status, status)),
            author,
            assigned,
            resolved,
            days,
            description,
            resolution,
        )


def check_ledger_rows(**scope) -> Iterator[tuple]:
    rows = (
        _checks(**scope)
        .order_by("checked_on", "pk")
        .values_list(
            "checked_on",
            "grid__number",
            "building__number",
            "households_checked",
            "households_correct",
            "households_aware",
            "notes",
            "author__name",
        )
    )
    yield from rows.iterator(chunk_size=1000)
