"""The alliance's figures of a reporting period (the staff's figures page
``/staff/report/`` and the ledgers): verified volunteer hours, in all and per
team. Hours count on the day served; only verified ones count."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from community_portal.periods import Period, Scope

from ..models import HoursEntry


@dataclass(frozen=True)
class TeamHours:
    team_id: int | None
    name: str
    hours: Decimal


@dataclass(frozen=True)
class HoursFigures:
    hours: Decimal
    entries: int
    volunteers: int
    by_team: list[TeamHours]


def _hours_in(*, period: Period, scope: Scope) -> QuerySet[HoursEntry]:
    hours = HoursEntry.objects.verified().filter(
        served_on__gte=period.start, served_on__lte=period.end
    )
    if scope.team_ids is not None:
        hours = hours.filter(team_id__in=scope.team_ids)
    if scope.grid_id is not None:
        # At an activity in the grid (service requests have no grid).
        hours = hours.filter(activity__grid_id=scope.grid_id)
    if scope.venue_id is not None:
        hours = hours.filter(activity__venue_id=scope.venue_id)
    return hours.order_by()


def hours_figures(*, period: Period, scope: Scope) -> HoursFigures:
    """Verified hours served in the period: the sum, the entries, the volunteers
    and the sum per team (most first; hours without a team last). Two queries."""
    hours = _hours_in(period=period, scope=scope)
    totals = hours.aggregate(
        hours=Sum("hours"),
        entries=Count("pk"),
        volunteers=Count("volunteer_id", distinct=True),
    )
    by_team = [
        TeamHours(
            team_id=row["team_id"], name=row["team__name"] or "", hours=row["sum"]
        )
        for row in hours.values("team_id", "team__name")
        .annotate(sum=Sum("hours"))
        .order_by("-sum", "team__name")
    ]
    by_team.sort(key=lambda row: row.team_id is None)
    return HoursFigures(
        hours=totals["hours"] or Decimal("0"),
        entries=totals["entries"],
        volunteers=totals["volunteers"],
        by_team=by_team,
    )
