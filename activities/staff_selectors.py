"""Reads for the staff side of activities: the door (check-in), the record (纪实)
and the participation figures beside the satisfaction ones.

Each function runs a fixed number of queries whatever the number of
registrations or activities.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, Now, TruncMonth
from django.utils import timezone

from community_portal.accounts.models import User
from community_portal.errors import ServiceError
from community_portal.timeutils import local_day_bounds
from volunteers.models import Strand

from .checkin import read_code
from .models import Activity, ActivityRecord, Rating, Registration

USER_SEARCH_LIMIT = 10
USER_SEARCH_MIN_LENGTH = 2


def activity_for_staff(*, pk: int) -> Activity | None:
    """The activity with its places and ``attendance`` (people checked in,
    companions included) beside its seat counters."""
    return (
        Activity.objects.select_related("venue", "space", "team")
        .with_attendance()
        .filter(pk=pk)
        .first()
    )


def door_registrations(*, activity_id: int) -> list[Registration]:
    """Confirmed registrations for the list at the door: not yet checked in
    first (by name), then the checked-in ones, latest first."""
    return list(
        Registration.objects.confirmed()
        .filter(activity_id=activity_id)
        .select_related("user", "member", "checked_in_by")
        .order_by(F("checked_in_at").desc(nulls_first=True), "user__name", "id")
    )


def registration_for_code(*, activity_id: int, code: str) -> Registration | None:
    """The registration a (validly signed) code of this activity points at, with
    who checked it in; ``None`` for anything else."""
    try:
        parsed = read_code(code)
    except ServiceError:
        return None
    if parsed.activity_id != activity_id:
        return None
    return (
        Registration.objects.select_related("user", "member", "checked_in_by")
        .filter(pk=parsed.registration_id, activity_id=activity_id)
        .first()
    )


def registration_for_door(*, activity_id: int, pk: int) -> Registration | None:
    return (
        Registration.objects.select_related("user", "member", "checked_in_by")
        .filter(pk=pk, activity_id=activity_id)
        .first()
    )


def user_search(*, term: str, limit: int = USER_SEARCH_LIMIT) -> list[User]:
    """Active users whose username, name or phone contains ``term``; too short a
    term finds nobody (a phone book is not for browsing)."""
    term = term.strip()
    if len(term) < USER_SEARCH_MIN_LENGTH:
        return []
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(username__icontains=term)
            | Q(name__icontains=term)
            | Q(phone__contains=term)
        )
        .order_by("name", "id")[:limit]
    )


def users_with_phone(*, phone: str) -> QuerySet[User]:
    return User.objects.filter(phone=phone).order_by("name", "id")


def record_for_activity(*, activity_id: int) -> ActivityRecord | None:
    return (
        ActivityRecord.objects.select_related("author")
        .prefetch_related("photos")
        .filter(activity_id=activity_id)
        .first()
    )


@dataclass(frozen=True)
class MonthParticipation:
    month: datetime.date
    activities: int
    registered: int
    """Confirmed seats (companions included)."""
    attended: int
    """People checked in (companions included)."""

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.registered if self.registered else None


def month_starts(*, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of every month from ``start``'s to ``end``'s."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def participation_by_month(
    *, start: datetime.date, end: datetime.date
) -> list[MonthParticipation]:
    """Published activities that started from ``start`` to ``end`` (local days,
    both included), their confirmed seats and attendance, one row per month of
    the range (months without activities included, as zeros). Two queries."""
    zone = timezone.get_default_timezone()
    lower, upper = local_day_bounds(start, end)
    month = TruncMonth("starts_at", tzinfo=zone)
    activities = (
        Activity.objects.filter(
            status=Activity.Status.PUBLISHED, starts_at__gte=lower, starts_at__lt=upper
        )
        .order_by()
        .annotate(month=month)
        .values("month")
        .annotate(total=Count("pk"))
    )
    seats = F("companions") + 1
    registrations = (
        Registration.objects.confirmed()
        .filter(
            activity__status=Activity.Status.PUBLISHED,
            activity__starts_at__gte=lower,
            activity__starts_at__lt=upper,
        )
        .order_by()
        .annotate(month=TruncMonth("activity__starts_at", tzinfo=zone))
        .values("month")
        .annotate(
            registered=Coalesce(Sum(seats), 0),
            attended=Coalesce(Sum(seats, filter=Q(checked_in_at__isnull=False)), 0),
        )
    )

    def local_month(value) -> datetime.date:
        # A datetime where the database keeps time zones, a date on SQLite.
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value, zone)
            return value.date().replace(day=1)
        return value.replace(day=1)

    activity_counts = {local_month(row["month"]): row["total"] for row in activities}
    seat_counts = {local_month(row["month"]): row for row in registrations}
    rows = []
    for first in month_starts(start=start, end=end):
        counted = seat_counts.get(first, {})
        rows.append(
            MonthParticipation(
                month=first,
                activities=activity_counts.get(first, 0),
                registered=counted.get("registered", 0),
                attended=counted.get("attended", 0),
            )
        )
    return rows


def rating_totals(*, start: datetime.date, end: datetime.date) -> dict:
    """All ratings of activities held from ``start`` to ``end``: ``average``
    (``None`` without ratings), ``ratings`` (how many) and ``satisfaction_rate``
    (the share of 4 and 5 stars, ``None`` without ratings). One query."""
    totals = Rating.objects.for_activities_between(
        *local_day_bounds(start, end)
    ).aggregate(
        average=Avg("score", output_field=FloatField()),
        ratings=Count("pk"),
        satisfied=Count("pk", filter=Q(score__gte=Rating.SATISFIED_FROM)),
    )
    count = totals["ratings"]
    return {
        "average": round(totals["average"], 2) if count else None,
        "ratings": count,
        "satisfaction_rate": totals["satisfied"] / count if count else None,
    }


def _satisfaction_row(row: dict) -> dict:
    count = row["count"]
    row["average"] = round(row["average"], 2) if row["average"] is not None else None
    row["satisfaction_rate"] = round(row["satisfied"] / count, 4) if count else None
    return row


def satisfaction_by_strand(*, start: datetime.date, end: datetime.date) -> list[dict]:
    """Ratings of activities held from ``start`` to ``end`` (local days, both
    included), per strand: ``strand``, ``label``, ``average``, ``count``,
    ``satisfied`` (4 or 5 stars) and ``satisfaction_rate`` (0–1)."""
    labels = dict(Strand.choices)
    rows = Rating.objects.for_activities_between(
        *local_day_bounds(start, end)
    ).by_strand()
    return [
        _satisfaction_row({**row, "label": labels.get(row["strand"], row["strand"])})
        for row in rows
    ]


def satisfaction_by_month(*, start: datetime.date, end: datetime.date) -> list[dict]:
    """The same figures per calendar month (of the activity's start, local time):
    ``month`` is the month's first day (a ``date``). Months without ratings are
    left out."""
    zone = timezone.get_default_timezone()
    with timezone.override(zone):
        rows = list(
            Rating.objects.for_activities_between(
                *local_day_bounds(start, end)
            ).by_month()
        )
    return [
        _satisfaction_row(
            {**row, "month": timezone.localtime(row["month"], zone).date()}
        )
        for row in rows
    ]


# --- the staff workbench's queues (``/staff/``) -----------------------------------------

# A rating below this many stars asks for a follow-up, for this many days.
FOLLOW_UP_BELOW = 3
FOLLOW_UP_DAYS = 30


def _of_teams(activities: QuerySet, team_ids: list[int] | None, field: str = "team"):
    if team_ids is None:
        return activities
    return activities.filter(**{f"{field}_id__in": team_ids})


def activities_without_record(
    *, team_ids: list[int] | None = None
) -> QuerySet[Activity]:
    """Published activities that have ended without a published record (纪实),
    latest first. ``team_ids`` narrows them to those teams' (``None``: all)."""
    activities = (
        Activity.objects.filter(status=Activity.Status.PUBLISHED, ends_at__lt=Now())
        # NOT EXISTS, not the left join of ``exclude(record__…)``: the planner then
        # reads the newest first and stops at the page (12 ms -> 1 ms at scale).
        .filter(
            ~Exists(
                ActivityRecord.objects.filter(
                    activity=OuterRef("pk"), is_published=True
                )
            )
        )
        .select_related("venue", "team")
        .order_by("-starts_at", "-id")
    )
    return _of_teams(activities, team_ids)


def activities_waitlist_with_seats(
    *, team_ids: list[int] | None = None
) -> QuerySet[Activity]:
    """Published activities not yet ended with people on the waitlist while
    seats are free (a waitlisted party too big for the seats left, or seats added
    without promoting), soonest first."""
    activities = (
        Activity.objects.not_ended()
        .filter(
            status=Activity.Status.PUBLISHED,
            waitlist_count__gt=0,
            capacity__gt=F("seats_taken"),
        )
        .select_related("venue", "team")
        .order_by("starts_at", "id")
    )
    return _of_teams(activities, team_ids)


def ratings_to_follow_up(
    *, team_ids: list[int] | None = None, now: datetime.datetime | None = None
) -> QuerySet[Rating]:
    """Ratings below ``FOLLOW_UP_BELOW`` stars of the last ``FOLLOW_UP_DAYS``
    days, latest first, with the activity and the resident."""
    since = (now or timezone.now()) - datetime.timedelta(days=FOLLOW_UP_DAYS)
    ratings = (
        Rating.objects.filter(score__lt=FOLLOW_UP_BELOW, created_at__gte=since)
        .select_related("activity", "user")
        .order_by("-created_at", "-id")
    )
    return _of_teams(ratings, team_ids, field="activity__team")
