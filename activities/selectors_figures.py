"""The activities' figures of a reporting period (the staff's figures page
``/staff/report/`` and the ledgers): activities per strand and per central-work
campaign, the residents who took part, attendance and satisfaction.

An activity belongs to the period it started in (local time) and counts once
published; cancelled ones do not count. Four queries whatever the data.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from community_portal.periods import Period, Scope
from volunteers.models import Strand

from .models import Activity, Campaign, Rating, Registration


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ActivityFigures:
    activities: int
    by_strand: list[CountRow]
    by_campaign: list[CountRow]
    residents: int
    """Different people checked in at least once (a household member counts as
    themselves; companions are not named, so not counted)."""
    registered: int
    """Confirmed seats, companions included."""
    attended: int
    """Seats checked in, companions included."""
    ratings: int
    average_rating: float | None
    satisfied: int
    """Ratings of 4 or 5 stars."""

    @property
    def attendance_rate(self) -> float | None:
        """Checked in out of confirmed, in per cent."""
        return _percent(self.attended, self.registered)

    @property
    def satisfaction_rate(self) -> float | None:
        return _percent(self.satisfied, self.ratings)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _scoped(rows: QuerySet, scope: Scope, prefix: str = "") -> QuerySet:
    if scope.grid_id is not None:
        rows = rows.filter(**{f"{prefix}grid_id": scope.grid_id})
    if scope.venue_id is not None:
        rows = rows.filter(**{f"{prefix}venue_id": scope.venue_id})
    if scope.team_ids is not None:
        rows = rows.filter(**{f"{prefix}team_id__in": scope.team_ids})
    return rows


def _held(period: Period, prefix: str = "") -> Q:
    lower, upper = period.bounds
    return Q(
        **{
            f"{prefix}status": Activity.Status.PUBLISHED,
            f"{prefix}starts_at__gte": lower,
            f"{prefix}starts_at__lt": upper,
        }
    )


def activity_figures(*, period: Period, scope: Scope) -> ActivityFigures:
    activities = _scoped(Activity.objects.filter(_held(period)), scope).order_by()
    per_strand = {
        row["strand"]: row["count"]
        for row in activities.values("strand").annotate(count=Count("pk"))
    }
    by_strand = [
        CountRow(key=value, label=str(label), count=per_strand.get(value, 0))
        for value, label in Strand.choices
    ]
    # Every campaign, those without activities in the period as zeros.
    in_period = _scoped(Activity.objects.filter(_held(period)), scope).values("pk")
    campaigns = Campaign.objects.annotate(
        count=Count("activities", filter=Q(activities__in=in_period), distinct=True)
    ).order_by("position", "id")
    by_campaign = [
        CountRow(key=campaign.slug, label=campaign.name, count=campaign.count)
        for campaign in campaigns
    ]
    checked_in = Q(checked_in_at__isnull=False)
    seats = F("companions") + 1
    registrations = _scoped(
        Registration.objects.confirmed().filter(_held(period, "activity__")),
        scope,
        "activity__",
    ).aggregate(
        users=Count(
            "user_id", distinct=True, filter=checked_in & Q(member__isnull=True)
        ),
        members=Count("member_id", distinct=True, filter=checked_in),
        registered=Coalesce(Sum(seats), 0),
        attended=Coalesce(Sum(seats, filter=checked_in), 0),
    )
    ratings = _scoped(
        Rating.objects.filter(_held(period, "activity__")), scope, "activity__"
    ).aggregate(
        count=Count("pk"),
        average=Avg("score", output_field=FloatField()),
        satisfied=Count("pk", filter=Q(score__gte=Rating.SATISFIED_FROM)),
    )
    return ActivityFigures(
        activities=sum(per_strand.values()),
        by_strand=by_strand,
        by_campaign=by_campaign,
        residents=registrations["users"] + registrations["members"],
        registered=registrations["registered"],
        attended=registrations["attended"],
        ratings=ratings["count"],
        average_rating=(
            round(ratings["average"], 2) if ratings["average"] is not None else None
        ),
        satisfied=ratings["satisfied"],
    )
