"""The activities' rows of the 台账 (quarterly ledgers): one row per activity of a
period, with its attendance and ratings, and the period's records (纪实) with their
photos. A fixed number of queries whatever the period's size."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from community_portal.timeutils import local_day_bounds
from volunteers.models import Strand

from .models import Activity, ActivityRecord, RecordPhoto

ACTIVITY_LEDGER_HEADER = [
    _("Activity"),
    _("Strand"),
    _("Starts at"),
    _("Ends at"),
    _("Venue"),
    _("Team"),
    _("Grid"),
    _("Status"),
    _("Capacity"),
    _("Registered"),
    _("Attended"),
    _("Average rating"),
    _("Ratings"),
    _("Record written"),
]

# Photos per activity in the Word ledger.
RECORD_LEDGER_PHOTOS = 4


def _in_period(
    queryset: QuerySet,
    *,
    start: datetime.date,
    end: datetime.date,
    grid_id: int | None,
    team_id: int | None,
    venue_id: int | None,
    prefix: str = "",
) -> QuerySet:
    since, until = local_day_bounds(start, end)
    queryset = queryset.filter(
        **{f"{prefix}starts_at__gte": since, f"{prefix}starts_at__lt": until}
    )
    for field, value in (("grid_id", grid_id), ("team_id", team_id)):
        if value is not None:
            queryset = queryset.filter(**{f"{prefix}{field}": value})
    if venue_id is not None:
        queryset = queryset.filter(**{f"{prefix}venue_id": venue_id})
    return queryset


def activity_ledger_count(**scope) -> int:
    return _in_period(Activity.objects.all(), **scope).count()


def activity_ledger_rows(**scope) -> Iterator[tuple]:
    """One tuple per activity starting from ``start`` to ``end`` (local days, both
    included) in the scope (``grid_id``,
    ``team_id`` or ``venue_id``), in ``ACTIVITY_LEDGER_HEADER``'s order; one query."""
    strands = dict(Strand.choices)
    statuses = dict(Activity.Status.choices)
    rows = (
        _in_period(Activity.objects.all(), **scope)
        .with_attendance()
        .with_rating_summary()
        .order_by("starts_at", "pk")
        .values_list(
            "title",
            "strand",
            "starts_at",
            "ends_at",
            "venue__name",
            "team__name",
            "grid__number",
            "status",
            "capacity",
            "seats_taken",
            "attendance",
            "rating_average",
            "rating_count",
            "record__is_published",
        )
    )
    for row in rows.iterator(chunk_size=1000):
        (title, strand, starts, ends, venue, team, grid, status, *rest) = row
        capacity, taken, attended, average, count, published = rest
        yield (
            title,
            str(strands.get(strand, strand)),
            starts,
            ends,
            venue or "",
            team or "",
            grid or "",
            str(statuses.get(status, status)),
            capacity,
            taken,
            attended,
            round(average, 2) if average is not None else None,
            count,
            published is True,
        )


@dataclass(frozen=True)
class RecordLedgerEntry:
    record: ActivityRecord
    registered: int
    attended: int
    rating_average: float | None
    rating_count: int
    photos: tuple[RecordPhoto, ...]


def record_ledger_count(**scope) -> int:
    return _in_period(
        ActivityRecord.objects.published(), prefix="activity__", **scope
    ).count()


def record_ledger(**scope) -> Iterator[RecordLedgerEntry]:
    """The published records (纪实) of the activities from ``start`` to ``end`` in the
    scope, with their figures and up to four photos; two queries."""
    activities = (
        _in_period(Activity.objects.all(), **scope)
        .filter(record__is_published=True)
        .with_attendance()
        .with_rating_summary()
        .select_related("venue", "team", "grid", "record")
        .prefetch_related(
            Prefetch(
                "record__photos",
                queryset=RecordPhoto.objects.order_by("record_id", "position", "id"),
            )
        )
        .order_by("starts_at", "pk")
    )
    for activity in activities:
        record = activity.record
        yield RecordLedgerEntry(
            record=record,
            registered=activity.seats_taken,
            attended=activity.attendance,
            rating_average=activity.rating_average,
            rating_count=activity.rating_count,
            photos=tuple(record.photos.all()[:RECORD_LEDGER_PHOTOS]),
        )
